"""Search: Dutch words find their forms, the best matches come first, and nobody finds what they
may not open."""

import re
from io import StringIO

import pytest
from django.urls import reverse

from agenda.models import MeetingDecision
from tests.agenda.factories import AgreementFactory, GoalFactory, MeetingFactory, ThemeFactory
from tests.budgets.factories import AllocationFactory, FundingStreamFactory, PooledBudgetFactory
from tests.kindcentra.factories import KindcentrumFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, OrganisationFactory
from tests.querycount import assert_query_count_constant, queries_for

pytestmark = pytest.mark.postgres

URL = reverse("search:search")
KIND_QUERIES = 6


def titles(response, kind=None):
    """The titles of the results as a person reads them (marks removed), per kind or all."""
    html = response.content.decode()
    if kind is not None:
        found = re.search(rf'<section[^>]*aria-labelledby="search-{kind}".*?</section>', html, re.S)
        html = found.group(0) if found else ""
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'class="[^"]*kp-search-result__title"[^>]*>(.*?)</a>', html, re.S)
    ]


def kinds(response):
    return re.findall(r'aria-labelledby="search-(\w+)"', response.content.decode())


def search(client, text, **params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def reader(client_for, policy_officer):
    return client_for(policy_officer)


def test_dutch_words_find_their_other_forms_compounds_and_words_with_accents(reader):
    AgreementFactory(title="Afspraak over de warme overdracht van peuter naar groep 1")
    AgreementFactory(title="Zomerschool voor nieuwkomers")
    LocationFactory(name="Kinderopvanglocatie Het Zonnetje")
    LocationFactory(name="Crèche De Kikker")

    assert titles(search(reader, "afspraken")) == [
        "Afspraak over de warme overdracht van peuter naar groep 1"
    ]
    compound = titles(search(reader, "kinderopvang"), "location")
    assert compound == ["Kinderopvanglocatie Het Zonnetje"]
    assert titles(search(reader, "creche")) == ["Crèche De Kikker"]
    # while typing: the start of a word, and every word must be there
    assert titles(search(reader, "warme overdr")) == [
        "Afspraak over de warme overdracht van peuter naar groep 1"
    ]
    assert titles(search(reader, "warme zomer")) == []


def test_the_words_found_are_marked_and_nothing_of_the_record_is_read_as_html(reader):
    AgreementFactory(
        title="Taalklas <b>voor</b> peuters",
        description="Twee ochtenden per week extra taal in de peuteropvang, met de ouders.",
    )

    html = search(reader, "peuter").content.decode()

    assert "Taalklas &lt;b&gt;voor&lt;/b&gt; <mark>peuters</mark>" in html
    assert "<mark>peuteropvang</mark>" in html  # the snippet of the description


def test_a_match_in_the_title_ranks_above_one_in_the_description(reader):
    AgreementFactory(title="Ouderbetrokkenheid", description="Ook over de doorgaande leerlijn.")
    AgreementFactory(title="Doorgaande leerlijn rekenen", description="Van groep 1 tot 8.")

    assert titles(search(reader, "leerlijn")) == [
        "Doorgaande leerlijn rekenen",
        "Ouderbetrokkenheid",
    ]


def test_results_are_grouped_by_kind_with_the_best_group_first_and_a_link_to_all(reader):
    theme = ThemeFactory(title="Brede school")
    for n in range(7):
        AgreementFactory(
            theme=theme, title=f"Naschoolse activiteit {n}", description="brede school"
        )
    KindcentrumFactory(name="Brede school De Horizon")
    GoalFactory(theme=theme, statement="Elk kind een plek op een brede school")

    response = search(reader, "brede school")

    assert kinds(response)[0] in ("kindcentrum", "theme")  # the whole name matches
    assert set(kinds(response)) == {"kindcentrum", "theme", "goal", "agreement"}
    assert len(titles(response, "agreement")) == 5
    assert 'Afspraken <span class="kp-search-group__count">(7)</span>' in response.content.decode()
    assert f"{URL}?q=brede%20school&amp;kind=agreement" in response.content.decode()

    all_of_them = search(reader, "brede school", kind="agreement")
    assert kinds(all_of_them) == ["agreement"]
    assert len(titles(all_of_them)) == 7
    assert "7 resultaten voor “brede school” in afspraken." in all_of_them.content.decode()


def test_each_kind_links_to_its_page(reader):
    agreement = AgreementFactory(title="Logopedie op school")
    theme = agreement.theme
    meeting = MeetingFactory(agenda=theme.agenda, title="Overleg logopedie")
    decision = MeetingDecision.objects.create(meeting=meeting, text="Logopedie blijft op school")
    location = LocationFactory(name="Logopediepraktijk Spraakwater")

    html = search(reader, "logopedie").content.decode()

    for url in (
        agreement.get_absolute_url(),
        meeting.get_absolute_url(),
        location.get_absolute_url(),
    ):
        assert f'href="{url}"' in html
    assert html.count(f'href="{decision.meeting.get_absolute_url()}"') == 2  # meeting, decision


def test_registers_numbers_and_addresses_are_found(reader):
    location = LocationFactory(name="Peuterspeelzaal Het Anker", lrk_number="987654321")
    OrganisationFactory(name="Stichting Jeugdhulp Oost", kvk_number="61234999")

    assert titles(search(reader, "987654321")) == ["Peuterspeelzaal Het Anker"]
    assert titles(search(reader, "61234999")) == ["Stichting Jeugdhulp Oost"]
    assert location.name in titles(search(reader, location.street.lower()[:6]))


def test_a_partner_director_finds_only_their_own_allocations_and_no_budgets(
    client_for, director_a, council_member, organisation_a, organisation_b
):
    stream = FundingStreamFactory(name="Taalklas SPUK", purpose="Taalklas voor nieuwkomers")
    PooledBudgetFactory(name="Taalklas en zomerschool")
    AllocationFactory(stream=stream, organisation=organisation_a, description="Taalklas Noord")
    AllocationFactory(stream=stream, organisation=organisation_b, description="Taalklas Boomhut")
    WijkFactory(name="Taalbuurt")

    director = search(client_for(director_a), "taal")
    council = search(client_for(council_member), "taal")

    assert set(kinds(director)) == {"allocation", "wijk"}
    assert titles(director, "allocation") == ["Taalklas Noord"]
    assert "Taalklas Boomhut" not in director.content.decode()
    assert set(kinds(council)) == {"allocation", "stream", "pool", "wijk"}
    assert sorted(titles(council, "allocation")) == ["Taalklas Boomhut", "Taalklas Noord"]


def test_a_partner_director_cannot_list_the_budgets_by_asking_for_their_kind(
    client_for, director_a
):
    FundingStreamFactory(name="Taalklas SPUK")

    response = search(client_for(director_a), "taalklas", kind="stream")

    assert titles(response) == []
    assert "Niets gevonden voor “taalklas”" in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "a" * 201}, "Zoek met hoogstens 200 tekens."),
        ({"q": "taal", "kind": "users"}, "Kies een soort uit de lijst."),
    ],
)
def test_bad_input_gets_a_dutch_message(reader, params, message):
    response = reader.get(URL, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert titles(response) == []


@pytest.mark.parametrize(
    "text", ["taal & | ! ( ) :* <-> '\\", "':*", "\x00taal", "de het een", "!" * 200, "…"]
)
def test_any_text_is_answered_without_an_error(reader, text):
    AgreementFactory(title="Taalklas")

    response = reader.get(URL, {"q": text})

    assert response.status_code == 200


def test_stop_words_alone_find_nothing_and_do_not_narrow_a_search(reader):
    AgreementFactory(title="Brede school in de wijk")

    assert titles(search(reader, "de")) == []
    assert titles(search(reader, "school de wijk")) == ["Brede school in de wijk"]


def test_typing_asks_for_the_results_part_alone(reader):
    AgreementFactory(title="Voorleesproject")

    response = reader.get(URL, {"q": "voorlees"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.strip().startswith('<div id="search-results"')
    assert "<html" not in html
    assert titles(response) == ["Voorleesproject"]


def test_the_empty_page_says_what_can_be_found(reader):
    html = reader.get(URL).content.decode()

    assert "Zoek in afspraken, doelen" in html
    assert 'role="search"' in html


def test_the_header_offers_the_search_box_to_everyone_who_reads_the_portal(client_for, personas):
    for name, user in personas.items():
        if user is None:
            continue
        html = client_for(user).get(reverse("kindportaal:profile")).content.decode()
        assert f'action="{URL}"' in html, name


def test_the_search_page_takes_the_same_number_of_queries_however_much_is_found(reader):
    def some(n):
        agreement = AgreementFactory(title=f"Leesbevordering {n}", description="lezen")
        LocationFactory(name=f"Bibliotheek leesbevordering {n}")
        AllocationFactory(description=f"Leesbevordering {n}")
        MeetingDecision.objects.create(
            meeting=MeetingFactory(agenda=agreement.theme.agenda), text="Leesbevordering"
        )

    some(0)
    url = f"{URL}?q=leesbevordering"
    # the session, the person and the two-factor check; the header's unread notifications; which
    # kinds hold the word; then one query for each of those four kinds
    assert_query_count_constant(reader, url, lambda: [some(n) for n in range(1, 30)], expected=9)
    # the same four, then how many there are and the page
    assert queries_for(reader, f"{url}&kind=agreement") == KIND_QUERIES


def test_nothing_found_takes_one_query_after_the_person_is_known(reader):
    AgreementFactory(title="Leesbevordering")

    # the session, the person, the two-factor check and the header's unread notifications
    assert queries_for(reader, f"{URL}?q=zwemles") == 5


def test_on_the_demo_a_director_finds_by_dutch_words_what_voorbeeldstad_has(db, client_for):
    from django.core.management import call_command

    from kindportaal.models import User

    call_command("seed_demo", stdout=StringIO())
    director = client_for(User.objects.get(email="bestuurder@example.org"))
    council = client_for(User.objects.get(email="raad@example.org"))

    # a plural and a compound: the four peuterspeelzalen of Stichting Peuterwerk
    playgroups = titles(search(director, "peuterspeelzalen"), "location")
    assert len(playgroups) == 4 and all(t.startswith("Peuterspeelzaal") for t in playgroups)
    # the goal's title holds both words, the themes' descriptions only one of them or further
    # apart: the goal comes first
    found = search(director, "warme overdracht")
    assert kinds(found)[0] == "goal"
    assert titles(found, "goal")[0] == "Warme overdracht voor elk kind"
    # money: the council finds the streams; the director none, only their own allocations
    assert "stream" in kinds(search(council, "onderwijsachterstanden"))
    assert "stream" not in kinds(search(director, "onderwijsachterstanden"))

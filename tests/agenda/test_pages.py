"""The agenda's pages as people use them: bad input, edit conflicts, lists, the agenda and goal
pages, mijn afspraken, and writes refused to those who may not make them."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agenda.models import Agreement, AgreementStatus, Confirmation, Measurement, ProgressUpdate
from tests.agenda.conftest import agreement_data
from tests.agenda.factories import (
    AgreementFactory,
    MeasurementFactory,
    ProgressUpdateFactory,
    confirm,
)
from tests.kindcentra.factories import KindcentrumFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus


def _errors(response):
    return response.content.decode()


# Bad input: a Dutch message at the field, nothing changed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"start_date": "2026-06-01", "due_date": "2026-01-31"},
            "De einddatum mag niet voor de startdatum liggen.",
        ),
        ({"parties": []}, "Kies minstens één partij."),
        ({"title": "x" * 201}, "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ({"description": "x" * 10_001}, "Zorg dat deze waarde niet meer dan 10000 tekens bevat"),
        (
            {"whole_gemeente": ""},
            "Geef aan waar de afspraak geldt: de hele gemeente, of kindcentra of wijken.",
        ),
    ],
)
def test_bad_agreement_input_gets_a_dutch_message_and_changes_nothing(
    client_for, policy_officer, proposed, changes, message
):
    before = Agreement.objects.values().get(pk=proposed.pk)
    response = client_for(policy_officer).post(
        reverse("agenda:agreement_edit", args=[proposed.pk]), agreement_data(proposed, **changes)
    )
    assert response.status_code == 200
    assert message in _errors(response)
    # The field is marked invalid (a group of checkboxes as a fieldset).
    assert re.search(r"utrecht-form-(field|fieldset)--invalid", _errors(response))
    assert Agreement.objects.values().get(pk=proposed.pk) == before
    assert proposed.versions.count() == 1


def test_an_inactive_party_is_refused(client_for, policy_officer, theme, organisation_a):
    closed = OrganisationFactory(name="Peuterspeelzaal Gesloten", is_active=False)
    response = client_for(policy_officer).post(
        reverse("agenda:agreement_create"),
        {
            "title": "Nieuwe afspraak",
            "theme": theme.pk,
            "owner": organisation_a.pk,
            "parties": [organisation_a.pk, closed.pk],
            "whole_gemeente": "on",
            "start_date": "2026-01-01",
            "due_date": "2026-12-31",
        },
    )
    assert "Peuterspeelzaal Gesloten is niet actief en kan geen nieuwe afspraken aangaan." in (
        _errors(response)
    )
    assert not Agreement.objects.filter(title="Nieuwe afspraak").exists()


def test_a_percentage_over_100_is_refused(client_for, director_b, adopted, organisation_b):
    response = client_for(director_b).post(
        reverse("agenda:progress_create", args=[adopted.pk]),
        {
            "organisation": organisation_b.pk,
            "reported_on": timezone.localdate().isoformat(),
            "health": "on_track",
            "percent_complete": 120,
            "text": "Bijna klaar.",
        },
    )
    assert "Een percentage is hoogstens 100." in _errors(response)
    assert not ProgressUpdate.objects.exists()


def test_declining_without_a_reason_is_refused(client_for, director_b, proposed, organisation_b):
    response = client_for(director_b).post(
        reverse("agenda:agreement_answer", args=[proposed.pk]),
        {"organisation": organisation_b.pk, "decision": "declined", "version_number": 1},
    )
    assert "Geef een reden voor het afwijzen." in _errors(response)
    assert not Confirmation.objects.exists()


# Creating, proposing and confirming through the pages


def test_a_director_drafts_and_proposes_an_agreement_for_their_organisation(
    client_for,
    director_a,
    theme,
    organisation_a,
    organisation_b,
    director_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(director_a)
    response = client.post(
        reverse("agenda:agreement_create"),
        {
            "title": "Gezamenlijke ouderavond",
            "theme": theme.pk,
            "owner": organisation_a.pk,
            "parties": [organisation_b.pk],
            "whole_gemeente": "on",
            "start_date": "2026-01-01",
            "due_date": "2026-06-30",
        },
    )
    agreement = Agreement.objects.get(title="Gezamenlijke ouderavond")
    assert response.url == agreement.get_absolute_url()
    assert set(agreement.parties.all()) == {organisation_a, organisation_b}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agenda:agreement_transition", args=[agreement.pk, "propose"]),
            {"version": agreement.version},
        )
    agreement.refresh_from_db()
    assert agreement.status == S.PROPOSED
    page = client_for(director_b).get(agreement.get_absolute_url()).content.decode()
    assert "Bevestigen of afwijzen" in page
    assert "Nog niet beantwoord" in page
    # The other party's director heard of it, in Dutch; the director who proposed it is not
    # told of their own step.
    assert [m.to[0] for m in mailoutbox] == [director_b.email]
    assert mailoutbox[0].subject == "Afspraak om te bevestigen: Gezamenlijke ouderavond"


def test_a_director_cannot_draft_for_other_organisations(
    client_for, director_a, theme, organisation_b
):
    response = client_for(director_a).post(
        reverse("agenda:agreement_create"),
        {
            "title": "Voor een ander",
            "theme": theme.pk,
            "owner": organisation_b.pk,
            "parties": [organisation_b.pk],
            "whole_gemeente": "on",
            "start_date": "2026-01-01",
            "due_date": "2026-06-30",
        },
    )
    assert OWN_ORGANISATION in _errors(response)
    assert not Agreement.objects.filter(title="Voor een ander").exists()


OWN_ORGANISATION = (
    "Als partnerbestuurder maak je afspraken voor je eigen organisatie: kies die als trekker."
)


def test_a_director_cannot_draft_an_agreement_another_organisation_owns(
    client_for, director_a, theme, organisation_a, organisation_b
):
    """Their organisation a party, another the owner: the draft was saved, and then its maker
    could not edit it."""
    response = client_for(director_a).post(
        reverse("agenda:agreement_create"),
        {
            "title": "Voor een ander",
            "theme": theme.pk,
            "owner": organisation_b.pk,
            "parties": [organisation_a.pk, organisation_b.pk],
            "whole_gemeente": "on",
            "start_date": "2026-01-01",
            "due_date": "2026-06-30",
        },
    )
    assert response.status_code == 200
    assert OWN_ORGANISATION in _errors(response)
    assert not Agreement.objects.filter(title="Voor een ander").exists()


def test_a_director_cannot_hand_their_draft_to_another_organisation(
    client_for, director_a, theme, organisation_a, organisation_b
):
    draft = AgreementFactory(theme=theme, owner=organisation_a, title="Eigen concept")
    response = client_for(director_a).post(
        reverse("agenda:agreement_edit", args=[draft.pk]),
        agreement_data(
            draft, owner=organisation_b.pk, parties=[organisation_a.pk], whole_gemeente="on"
        ),
    )
    assert response.status_code == 200
    assert OWN_ORGANISATION in _errors(response)
    draft.refresh_from_db()
    assert draft.owner == organisation_a


def test_confirming_in_a_tab_opened_before_a_change_is_refused(
    client_for, policy_officer, director_a, proposed, organisation_a
):
    director = client_for(director_a)
    url = reverse("agenda:agreement_answer", args=[proposed.pk])
    assert 'name="version_number" value="1"' in director.get(url).content.decode()
    client_for(policy_officer).post(
        reverse("agenda:agreement_edit", args=[proposed.pk]),
        agreement_data(proposed, title="Gezamenlijke VVE-scholing, ook voor BSO"),
    )
    response = director.post(
        url, {"organisation": organisation_a.pk, "decision": "confirmed", "version_number": 1}
    )
    page = response.content.decode()
    assert (
        "Je antwoordde op versie 1, maar de afspraak is in de tussentijd gewijzigd tot versie 2"
        in (page)
    )
    assert 'name="version_number" value="2"' in page
    assert "Gezamenlijke VVE-scholing, ook voor BSO" in page
    assert not Confirmation.objects.exists()
    director.post(
        url, {"organisation": organisation_a.pk, "decision": "confirmed", "version_number": 2}
    )
    assert Confirmation.objects.get().version.number == 2


def test_the_page_shows_what_changed_and_who_confirmed_which_version(
    client_for, policy_officer, adopted, council_member
):
    client_for(policy_officer).post(
        reverse("agenda:agreement_edit", args=[adopted.pk]),
        agreement_data(adopted, due_date="2027-03-31"),
    )
    page = client_for(council_member).get(adopted.get_absolute_url()).content.decode()
    assert "Versie 2, door Fatima El Amrani" in page
    assert "einddatum: “31 december 2026” werd “31 maart 2027”" in page
    assert "Stichting Openbaar Onderwijs Noord: bevestigd door Jeroen de Vries" in page
    assert "Bevestiging van versie 2" in page
    assert "Nog niet beantwoord" in page
    # The history shows who changed what.
    assert "Geschiedenis" in page and "gewijzigd door Fatima El Amrani" in page


# Edit conflicts


def test_the_second_of_two_editors_gets_a_conflict_not_a_lost_update(
    client_for, policy_officer, draft, director_a
):
    url = reverse("agenda:agreement_edit", args=[draft.pk])
    stale = agreement_data(draft, title="Titel van de beleidsmedewerker")
    client_for(director_a).post(url, agreement_data(draft, title="Titel van de bestuurder"))
    response = client_for(policy_officer).post(url, stale)
    page = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Titel van de bestuurder" in page
    draft.refresh_from_db()
    assert draft.title == "Titel van de bestuurder"


# Lists and export


@pytest.fixture
def listed(theme, organisation_a, organisation_b, policy_officer):
    kindcentrum = KindcentrumFactory(name="IKC De Horizon")
    late = AgreementFactory(
        theme=theme,
        title="Te laat",
        owner=organisation_a,
        start_date=datetime.date(2024, 1, 1),
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        status=S.IN_PROGRESS,
        revision=1,
        created_by=policy_officer,
    )
    late.kindcentra.set([kindcentrum])
    risky = AgreementFactory(
        theme=theme,
        title="Op risico",
        owner=organisation_b,
        due_date=timezone.localdate() + datetime.timedelta(days=200),
        created_by=policy_officer,
    )
    ProgressUpdateFactory(agreement=risky, health="at_risk")
    from agenda.services import refresh_progress_summary

    refresh_progress_summary(agreement_ids=[risky.pk])
    done = AgreementFactory(
        theme=theme,
        title="Klaar",
        owner=organisation_b,
        due_date=datetime.date(2025, 6, 1),
        status=S.REALISED,
        created_by=policy_officer,
    )
    return {"late": late, "risky": risky, "done": done, "kindcentrum": kindcentrum}


def _titles(client, query):
    page = client.get(reverse("agenda:agreement_list") + query).content.decode()
    return {title for title in ("Te laat", "Op risico", "Klaar") if f">{title}<" in page}


def test_the_list_filters_by_each_criterion(
    client_for, council_member, listed, organisation_a, theme
):
    client = client_for(council_member)
    assert _titles(client, "") == {"Te laat", "Op risico", "Klaar"}
    assert _titles(client, "?overdue=on") == {"Te laat"}
    assert _titles(client, "?health=at_risk") == {"Op risico"}
    assert _titles(client, "?health=unknown") == {"Te laat", "Klaar"}
    assert _titles(client, "?status=realised") == {"Klaar"}
    assert _titles(client, f"?organisation={organisation_a.pk}") == {"Te laat"}
    assert _titles(client, f"?kindcentrum={listed['kindcentrum'].pk}") == {"Te laat"}
    assert _titles(client, f"?wijk={listed['kindcentrum'].wijk_id}") == {"Te laat"}
    assert _titles(client, f"?theme={theme.pk}&q=risico") == {"Op risico"}


def test_the_list_exports_what_is_filtered_to_csv_and_xlsx(client_for, council_member, listed):
    client = client_for(council_member)
    response = client.get(reverse("agenda:agreement_list") + "?overdue=on&export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Afspraak", "Thema", "Trekker"]
    assert [row[0] for row in rows[1:]] == ["Te laat"]
    assert "Stichting Openbaar Onderwijs Noord" in rows[1]
    response = client.get(reverse("agenda:agreement_list") + "?status=realised&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Klaar"]


# The agenda page and the goal page


def test_the_agenda_page_shows_which_statutory_topics_nothing_covers(
    client_for, council_member, theme, draft
):
    from agenda.models import StatutoryTopic

    segregation, disadvantage, enrolment = StatutoryTopic.objects.order_by("order")
    theme.statutory_topics.set([disadvantage])
    draft.statutory_topics.set([enrolment])
    page = client_for(council_member).get(reverse("agenda:home")).content.decode()
    uncovered = page.split('class="utrecht-unordered-list kp-uncovered-topics"')[1].split("</ul>")[
        0
    ]
    assert segregation.title in uncovered
    assert disadvantage.title not in uncovered
    assert enrolment.title not in uncovered
    assert "VVE en onderwijsachterstanden" in page


def test_the_goal_page_draws_the_trajectory_with_its_numbers(client_for, council_member, goal):
    MeasurementFactory(goal=goal, value=70, measured_on=datetime.date(2025, 10, 1))
    MeasurementFactory(goal=goal, value=74, measured_on=datetime.date(2026, 10, 1))
    page = (
        client_for(council_member)
        .get(reverse("agenda:goal_detail", args=[goal.pk]))
        .content.decode()
    )
    assert "<svg" in page and 'role="img"' in page
    table = page.split("kp-chart-table")[1].split("</table>")[0]
    # Baseline 62 in 2024, measured 70 and 74, the path to 85 in 2028.
    for text in ("2024", "62\u00a0%", "70\u00a0%", "74\u00a0%", "2028", "85\u00a0%"):
        assert text in table


def test_a_policy_officer_creates_and_edits_a_goal_and_lands_on_its_page(
    client_for, policy_officer, theme
):
    # Saving a goal used to answer 500: a goal had no page to go to (found by the bad-input drill).
    client = client_for(policy_officer)
    data = {
        "statement": "Meer peuters bereikt",
        "indicator": "Bereik VVE",
        "unit": "%",
        "baseline_value": "62",
        "baseline_year": "2024",
        "target_value": "85",
        "target_year": "2028",
        "order": "1",
    }
    created = client.post(reverse("agenda:goal_create", args=[theme.pk]), data)
    goal = theme.goals.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("agenda:goal_detail", args=[goal.pk])
    edited = client.post(
        reverse("agenda:goal_edit", args=[goal.pk]),
        {**data, "statement": "Nog meer peuters bereikt", "version": goal.version},
    )
    assert edited.status_code == 302
    assert edited["Location"] == reverse("agenda:goal_detail", args=[goal.pk])
    goal.refresh_from_db()
    assert goal.statement == "Nog meer peuters bereikt"


def test_a_policy_officer_adds_and_deletes_a_measurement(client_for, policy_officer, goal):
    client = client_for(policy_officer)
    client.post(
        reverse("agenda:measurement_create", args=[goal.pk]),
        {"value": "71,5", "measured_on": "2025-12-01", "source": "GGD-monitor"},
    )
    measurement = Measurement.objects.get(goal=goal)
    assert str(measurement.value) == "71.50"
    client.post(reverse("agenda:measurement_delete", args=[measurement.pk]))
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("measured_on", "message"),
    [
        ("tomorrow", "De datum kan niet in de toekomst liggen."),
        (
            "before the baseline",
            "De datum kan niet voor het jaar van de nulmeting van het doel (2024) liggen",
        ),
    ],
)
def test_a_measurement_of_a_day_to_come_or_before_the_baseline_is_refused(
    client_for, policy_officer, goal, measured_on, message
):
    day = {
        "tomorrow": timezone.localdate() + datetime.timedelta(days=1),
        "before the baseline": datetime.date(goal.baseline_year - 1, 12, 31),
    }[measured_on]
    response = client_for(policy_officer).post(
        reverse("agenda:measurement_create", args=[goal.pk]),
        {"value": "71,5", "measured_on": day.isoformat(), "source": "GGD-monitor"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


# Mijn afspraken


def test_mijn_afspraken_shows_pending_due_soon_and_overdue(
    client_for, director_b, proposed, listed, organisation_b, director_a
):
    soon = AgreementFactory(
        theme=proposed.theme,
        title="Bijna af",
        owner=organisation_b,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        created_by=director_b,
    )
    page = client_for(director_b).get(reverse("kindportaal:home")).content.decode()
    panel = page.split("Mijn afspraken")[1]
    assert "Te bevestigen voor je organisatie" in panel and "Gezamenlijke VVE-scholing" in panel
    assert "Bijna af" in panel
    # "Te laat" is organisation_a's, not director_b's.
    assert "Te laat" not in panel
    # Once answered, it is no longer pending for director_b (but still for director_a).

    confirm(proposed, organisation_b, director_b, 1)
    page = client_for(director_b).get(reverse("kindportaal:home")).content.decode()
    assert "Te bevestigen voor je organisatie" not in page
    page = client_for(director_a).get(reverse("kindportaal:home")).content.decode()
    assert "Te bevestigen voor je organisatie" in page and "Te laat" in page
    assert soon.title not in page


# Writes refused to those who may not make them: 403, nothing changed


def test_refused_personas_change_nothing(client_for, personas, proposed, adopted, organisation_a):
    refused = {
        "agreement_edit": (
            ["director_a", "director_b", "council_member", "administrator"],
            proposed,
        ),
        "agreement_answer": (["policy_officer", "council_member", "administrator"], proposed),
        "progress_create": (["council_member", "administrator"], adopted),
    }
    payloads = {
        "agreement_edit": lambda a: agreement_data(a, title="Overgenomen"),
        "agreement_answer": lambda a: {
            "organisation": organisation_a.pk,
            "decision": "confirmed",
            "version_number": a.revision,
        },
        "progress_create": lambda a: {
            "organisation": organisation_a.pk,
            "reported_on": timezone.localdate().isoformat(),
            "health": "off_track",
            "percent_complete": 1,
            "text": "Niet van mij.",
        },
    }
    for name, (who, agreement) in refused.items():
        for persona in who:
            response = client_for(personas[persona]).post(
                reverse(f"agenda:{name}", args=[agreement.pk]), payloads[name](agreement)
            )
            assert response.status_code == 403, (name, persona)
    for persona in ["director_a", "council_member"]:
        response = client_for(personas[persona]).post(
            reverse("agenda:agreement_transition", args=[proposed.pk, "lapse"]),
            {"version": proposed.version},
        )
        assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.title == "Gezamenlijke VVE-scholing" and proposed.status == S.PROPOSED
    assert not Confirmation.objects.filter(version__agreement=proposed).exists()
    assert not ProgressUpdate.objects.exists()


def test_the_history_names_the_parties_that_changed_without_a_query_per_change(
    client_for, council_member, draft, organisation_a, organisation_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kindportaal.history import history_entries

    third = OrganisationFactory(name="GGD Noord")
    draft.parties.set([organisation_a, organisation_b, third])
    page = client_for(council_member).get(draft.get_absolute_url()).content.decode()
    assert (
        "partijen: “Kinderopvang De Boomhut, Stichting Openbaar Onderwijs Noord” werd "
        "“GGD Noord, Kinderopvang De Boomhut, Stichting Openbaar Onderwijs Noord”"
    ) in page
    with CaptureQueriesContext(connection) as few:
        history_entries(draft)
    for _ in range(5):
        draft.parties.set([organisation_a])
        draft.parties.set([organisation_a, organisation_b])
    with CaptureQueriesContext(connection) as many:
        history_entries(draft)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("measured", "verdict", "expected"),
    [
        # Baseline 62 in 2024, target 85 in 2028: by the end of 2026 the path is at 73,5.
        (74, "Op koers", "73,5"),
        (70, "Achter", "73,5"),
        (86, "Bereikt", "73,5"),
    ],
)
def test_the_goal_page_says_in_plain_words_whether_the_goal_is_on_course(
    client_for, council_member, goal, measured, verdict, expected
):
    MeasurementFactory(goal=goal, value=measured, measured_on=datetime.date(2026, 10, 1))
    page = (
        client_for(council_member)
        .get(reverse("agenda:goal_detail", args=[goal.pk]))
        .content.decode()
    )
    sentence = " ".join(
        page.split('class="utrecht-paragraph kp-verdict')[1].split("</p>")[0].split()
    )
    assert f"> {verdict} </strong>" in sentence
    assert f"Gemeten {measured} % op 1 oktober 2026." in sentence
    assert "van 62 % in 2024 naar de streefwaarde van 85 % in 2028" in sentence
    assert f"{expected} %" in sentence


def test_a_goal_without_measurements_is_not_measured_yet(client_for, council_member, goal):
    page = client_for(council_member).get(reverse("agenda:goal_detail", args=[goal.pk]))
    assert "Nog niet gemeten" in page.content.decode()

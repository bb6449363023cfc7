"""What the dashboard shows for a period, a wijk and a theme: the kindcentra's phases at the end of
each year from their history, filters that fall back instead of failing, a wijk's own page, and
downloads only of figures that exist."""

import datetime
import re

import pytest
from django.urls import reverse

from kindcentra.models import Kindcentrum, Phase
from tests.agenda.factories import AgendaFactory, AgreementFactory, ThemeFactory
from tests.conftest import TEST_NOW
from tests.kindcentra.factories import KindcentrumFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, SchoolBoardFactory
from tests.reports.dashboard.helpers import dashboard, figure, tables, text_of, wijk_page

pytestmark = pytest.mark.django_db

THIS_YEAR = TEST_NOW.year  # the suite's clock (tests/conftest.py)


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def backdate(kindcentrum, when, **match):
    """Move the kindcentrum's recorded change(s) matching `match` to `when`."""
    kindcentrum.history.filter(**match).update(history_date=when)


@pytest.fixture
def reader(client_for, council_member):
    return client_for(council_member)


@pytest.fixture
def wijken(db):
    return WijkFactory(name="Oost", children_0_4=200), WijkFactory(name="West", children_0_4=None)


@pytest.fixture
def history(wijken):
    """Four kindcentra with a past: see the expectations in the tests below."""
    east, west = wijken
    y = THIS_YEAR
    # Cooperation since March two years ago; integraal kindcentrum since last June.
    first = KindcentrumFactory(name="Eerste", wijk=east, phase=Phase.COOPERATION)
    Kindcentrum.objects.filter(pk=first.pk).update(created_at=moment(y - 2, 3, 1))
    backdate(first, moment(y - 2, 3, 1))
    first.phase = Phase.INTEGRAL
    first.save()
    backdate(first, moment(y - 1, 6, 1), phase=Phase.INTEGRAL)
    # A community school from three years ago, removed in February last year.
    second = KindcentrumFactory(name="Tweede", wijk=east, phase=Phase.COMMUNITY_SCHOOL)
    Kindcentrum.objects.filter(pk=second.pk).update(created_at=moment(y - 3, 5, 1))
    backdate(second, moment(y - 3, 5, 1))
    pk = second.pk
    second.delete()
    Kindcentrum.history.filter(id=pk, history_type="-").update(history_date=moment(y - 1, 2, 1))
    # Made in bulk this year, without history.
    Kindcentrum.objects.bulk_create(
        [
            Kindcentrum(
                name="Derde",
                wijk=west,
                lead_organisation=SchoolBoardFactory(),
                phase=Phase.KINDCENTRUM,
                created_at=moment(y, 1, 2),
            )
        ]
    )
    # Separate provisions two years ago, no longer active since last September.
    fourth = KindcentrumFactory(name="Vierde", wijk=west, phase=Phase.SEPARATE)
    Kindcentrum.objects.filter(pk=fourth.pk).update(created_at=moment(y - 2, 1, 1))
    backdate(fourth, moment(y - 2, 1, 1))
    fourth.is_active = False
    fourth.save()
    backdate(fourth, moment(y - 1, 9, 1), is_active=False)
    # An LEA period that covers the past years, so they can be chosen.
    AgendaFactory(start_year=y - 3, end_year=y + 1, is_current=True)
    return east, west


def test_the_phases_over_the_years_come_from_the_history_of_the_kindcentra(reader, history):
    y = THIS_YEAR
    page = reader.get(dashboard(period=y))
    over_years = figure(page, "Kindcentra in de gemeente per fase door de jaren")
    # Nothing is known before the first kindcentrum was recorded (three years ago).
    assert over_years[None] == [str(label) for label in Phase.labels]
    assert {year: row for year, row in over_years.items() if year} == {
        str(y - 3): [0, 0, 1, 0, 0],
        str(y - 2): [1, 1, 1, 0, 0],
        str(y - 1): [0, 0, 0, 0, 1],
        str(y): [0, 0, 0, 1, 1],
    }
    phases = figure(page, "Kindcentra in de gemeente per fase")
    assert [phases[str(label)][0] for label in Phase.labels] == [0, 0, 0, 1, 1]


def test_a_past_year_shows_the_kindcentra_as_they_were_at_its_end(reader, history):
    y = THIS_YEAR
    page = reader.get(dashboard(period=y - 2))
    phases = figure(page, "Kindcentra in de gemeente per fase")
    assert [phases[str(label)][0] for label in Phase.labels] == [1, 1, 1, 0, 0]
    assert f"Op 31 december {y - 2} heeft de gemeente 3 kindcentra" in text_of(page)
    per_wijk = figure(page, "Kindcentra per wijk en fase")
    assert per_wijk["Oost"] == [0, 1, 1, 0, 0, 2]
    assert per_wijk["West"] == [1, 0, 0, 0, 0, 1]


def test_a_wijk_page_follows_the_kindcentra_of_that_wijk(reader, history):
    east, _west = history
    y = THIS_YEAR
    page = reader.get(wijk_page(east, period=y))
    over_years = figure(page, "Kindcentra in Oost per fase door de jaren")
    assert {year: row for year, row in over_years.items() if year} == {
        str(y - 3): [0, 0, 1, 0, 0],
        str(y - 2): [0, 1, 1, 0, 0],
        str(y - 1): [0, 0, 0, 0, 1],
        str(y): [0, 0, 0, 0, 1],
    }
    assert [row[0] for row in tables(page)["Kindcentra in Oost"][1:]] == ["Eerste"]


def test_a_wijk_chosen_on_the_dashboard_opens_its_page_with_the_other_filters(reader, history):
    east, _west = history
    theme = ThemeFactory(agenda=history_agenda())
    response = reader.get(dashboard(period=THIS_YEAR - 1, wijk=east.pk, theme=theme.pk))
    assert response.status_code == 302
    assert response["Location"] == wijk_page(east, period=THIS_YEAR - 1, theme=theme.pk)
    page = reader.get(response["Location"])
    assert re.search(r"<h1[^>]*>\s*Oost in cijfers\s*</h1>", page.content.decode())
    assert f'<option value="{east.pk}" selected>Oost</option>' in page.content.decode()


def history_agenda():
    from agenda.models import Agenda

    return Agenda.objects.get(is_current=True)


def test_filters_that_are_not_understood_fall_back_and_are_named(reader, history):
    other_agenda_theme = ThemeFactory(agenda=AgendaFactory(start_year=2040, end_year=2043))
    for query in (
        {"period": "abc", "wijk": "999999", "theme": other_agenda_theme.pk},
        {"period": "lea-999999", "wijk": "x", "theme": "%00"},
        {"period": "1850", "wijk": "", "theme": "' OR 1=1"},
    ):
        page = reader.get(dashboard(**query))
        assert page.status_code == 200
        text = text_of(page)
        assert "Niet begrepen en daarom niet toegepast: Periode" in text
        # The default: the current LEA period.
        assert figure(page, "Kindcentra in de gemeente per fase")


def test_a_theme_narrows_the_agenda_and_the_money_says_it_is_not_divided_by_theme(reader, history):
    agenda = history_agenda()
    first, second = (
        ThemeFactory(agenda=agenda, title="Taal"),
        ThemeFactory(agenda=agenda, title="Huisvesting"),
    )
    AgreementFactory(theme=first, status="in_progress", health="at_risk", revision=1)
    AgreementFactory(theme=first, status="realised")
    AgreementFactory(theme=second, status="draft")
    everything = figure(reader.get(dashboard()), "Afspraken per thema en status")
    assert everything["Taal"] == [0, 0, 0, 1, 1, 0]
    assert everything["Huisvesting"] == [1, 0, 0, 0, 0, 0]
    page = reader.get(dashboard(theme=first.pk))
    narrowed = figure(page, "Afspraken per thema en status")
    assert set(narrowed) == {None, "Taal"}
    assert figure(page, "Vastgestelde en lopende afspraken per thema en koers")["Taal"] == [
        0,
        1,
        0,
        0,
    ]
    text = text_of(page)
    assert "De afspraken van " + agenda.title + " in het thema “Taal”." in text
    assert "Het geld is niet per thema verdeeld" in text


def test_reach_without_a_number_of_children_is_unknown(reader, wijken):
    east, west = wijken
    LocationFactory(wijk=east, capacity=50, vve_certified=True)
    LocationFactory(wijk=west, capacity=30, vve_certified=True)
    page = reader.get(dashboard())
    rows = figure(page, "Bereik per wijk")
    assert rows["Oost"][:3] == [200, 50, 25]
    assert rows["West"][:3] == [None, 30, None]
    spread = figure(page, "Wijken naar bereik")
    assert spread["25–50"][0] == 1
    assert spread["onbekend"][0] == 1
    # The gemeente counts only the wijken whose children are known.
    gemeente = figure(page, "Bereik in de gemeente per 100 kinderen")
    assert gemeente["VVE-plaatsen per 100 kinderen van 0–4"] == [25]


def test_an_empty_portal_still_has_a_dashboard(reader):
    page = reader.get(dashboard())
    assert page.status_code == 200
    text = text_of(page)
    assert f"Geen LEA-periode omvat {THIS_YEAR}." in text
    assert "Geen geldstromen in deze periode." in text
    assert "Geen zelfevaluaties in deze jaren." in text


def test_downloads_exist_only_for_figures_on_the_page(reader, wijken):
    east, _west = wijken
    assert reader.get(reverse("reports:figure_csv", args=["bestaat-niet"])).status_code == 404
    # The money of a wijk's kindcentra is a figure of a wijk's page only, and the other way round.
    wijk_money = reverse("reports:figure_csv", args=["geld-wijk-per-jaar"])
    assert reader.get(wijk_money).status_code == 404
    assert reader.get(f"{wijk_money}?wijk={east.pk}").status_code == 200
    per_wijk = reverse("reports:figure_csv", args=["bereik-per-wijk"])
    assert reader.get(f"{per_wijk}?wijk={east.pk}").status_code == 404
    assert reader.get(reverse("reports:wijk", args=[999999])).status_code == 404


def test_the_dashboard_is_in_the_menu_and_the_wijk_page_links_to_it(reader, wijken):
    east, _west = wijken
    html = reader.get(east.get_absolute_url()).content.decode()
    assert f'href="{reverse("reports:wijk", args=[east.pk])}"' in html
    assert "Oost op het dashboard" in html
    assert f'href="{reverse("reports:dashboard")}"' in html.split("Hoofdmenu")[1].split("</nav>")[0]


def test_nothing_can_be_changed_on_the_dashboard(reader, wijken):
    page = reader.get(dashboard()).content.decode()
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert 'method="post"' not in main.lower()
    assert reader.post(dashboard()).status_code == 405


# A city's hundred wijken: the long tables on their own pages


def test_a_long_table_is_a_link_to_its_own_page_with_every_row_over_pages(reader):
    for number in range(30):
        KindcentrumFactory(wijk=WijkFactory(name=f"Wijk {number:02d}"))
    page = reader.get(dashboard())
    text = page.content.decode()
    # Not on the dashboard, where a council member on a phone would scroll past thirty rows …
    assert "Kindcentra per wijk en fase" not in tables(page)
    link = re.search(r'href="(/dashboard/cijfers/fasen-per-wijk/[^"]*)"', text)
    assert link is not None
    assert "De tabel “Kindcentra per wijk en fase” (30 rijen)" in text_of(page)
    # … but on its own page, 25 rows a page, each wijk linking to its page, with the CSV of all.
    first = reader.get(link.group(1).replace("&amp;", "&"))
    rows = tables(first)["Kindcentra per wijk en fase"]
    assert [row[0] for row in rows[1:]] == [f"Wijk {number:02d}" for number in range(25)]
    assert "Pagina 1 van 2 (30 in totaal)" in text_of(first)
    assert reverse("reports:figure_csv", args=["fasen-per-wijk"]) in first.content.decode()
    second = reader.get(link.group(1).replace("&amp;", "&") + "&page=2")
    rows = tables(second)["Kindcentra per wijk en fase"]
    assert [row[0] for row in rows[1:]] == [f"Wijk {number:02d}" for number in range(25, 30)]


def test_only_tables_have_a_page_of_their_own(reader):
    KindcentrumFactory()
    assert reader.get(reverse("reports:figure_csv", args=["fasen"])).status_code == 200
    assert reader.get(reverse("reports:figure_table", args=["fasen"])).status_code == 404
    assert reader.get(reverse("reports:figure_table", args=["geen-figuur"])).status_code == 404

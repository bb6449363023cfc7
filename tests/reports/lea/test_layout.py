"""The LEA document laid out without faults, read back word by word with the positions of the words
(pdfplumber, tests/reports/lea/layout.py) at demo scale and at city scale: no words over each
other or past the margins, no heading last on its page or apart from its chart, table headers and
amounts in their own columns, no nearly empty pages; agreements grouped by status; one level of
quotes and no ad-hoc abbreviations."""

import io
import re

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import Agreement, AgreementStatus, Goal
from agenda.selectors import current_agenda
from kindportaal.models import User
from reports import services
from reports.models import DocumentStatus, LeaDocument
from tests.agenda.factories import AgreementFactory
from tests.reports.lea import layout
from tests.reports.lea.conftest import KNOWN_AGREEMENT

pytestmark = pytest.mark.django_db

# The queries that reading the data and writing the document's HTML takes, the same for the demo
# and for a city: the agenda's themes, goals, agreements and their answers, the parties, the
# topics, the kindcentra, the budgets' years, pools and matrices, and the opening chapter's
# figures and map as the dashboard reads them, and the chapter on places against children (the
# housing plan's outlook as the dashboard reads it, seven, and the projects ready by then, one).
LEA_QUERIES = 63


def html_queries(agenda):
    document = LeaDocument(agenda=agenda, version=1)
    with CaptureQueriesContext(connection) as context:
        services.lea_document_html(document)
    return len(context)


def make_pdf(agenda, user, capture):
    """The document as the worker makes it (the task runs eagerly at commit), as bytes."""
    with capture(execute=True):
        document, _created = services.lea_document_request(agenda=agenda, user=user)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    with document.file.open("rb") as handle:
        return handle.read()


def assert_laid_out_without_faults(pdf, agenda):
    report = layout.check(pdf)
    # The figures of the check, for docs/performance.md (shown with pytest -s).
    print(f"\nLEA layout check: {report.summary()}")
    faults = {name: found[:10] for name, found in report.faults().items() if found}
    assert not faults, faults
    statements = Goal.objects.filter(theme__agenda=agenda).values_list("statement", flat=True)
    assert layout.charts_apart_from_their_goal(report, statements) == []
    # The check saw what it checks: headings, table rows with their header cells.
    assert len(report.headings()) > 20
    assert report.header_cells > 20
    return report


def lines_text(report):
    return "\n".join(line.text for line in report.lines)


def titles_as_headings(report):
    return {line.text for line in report.headings()}


def test_the_demo_document_is_laid_out_without_faults(db, django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=io.StringIO())
    agenda = current_agenda()
    officer = User.objects.get(email="beleid@example.org")
    assert html_queries(agenda) == LEA_QUERIES
    report = assert_laid_out_without_faults(
        make_pdf(agenda, officer, django_capture_on_commit_callbacks), agenda
    )
    text = lines_text(report)
    # The pooled budgets' headers and amounts, each its own word in its own column.
    assert "Ontvangen Toegekend Gerealiseerd" in text
    assert re.search(r"2025 € 1\.075\.200 € 1\.003\.200 € 957\.139", text), text
    # Dutch typography: one level of quotes, written-out units, Dutch dates.
    assert not re.search(r"“[^”\n]*“", text)
    assert not re.search(r"\b(wkn|lln|kc)\b", text)
    assert re.search(
        r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|"
        r"september|oktober|november|december) 20\d\d\b",
        text,
    )
    assert "van 11 weken in 2024 naar 4 weken in 2028" in text
    # Each goal's chart has its figures captioned once, without quotes in quotes.
    assert text.count("De cijfers van de grafiek") == len(Goal.objects.filter(theme__agenda=agenda))


def dashboard_text(client):
    """The raadslid's dashboard as words, one space between them (the tiles' figures)."""
    html = client.get("/dashboard/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# The darkest blue of the map's classes (reports.overview.BLUES), as pdfplumber reads a fill.
DARKEST_BLUE = (8 / 255, 48 / 255, 107 / 255)


def test_the_opening_chapter_gives_the_dashboards_headline_figures_and_the_map(
    db, client_for, django_capture_on_commit_callbacks
):
    call_command("seed_demo", stdout=io.StringIO())
    agenda = current_agenda()
    officer = User.objects.get(email="beleid@example.org")
    pdf = make_pdf(agenda, officer, django_capture_on_commit_callbacks)
    report = layout.check(pdf)
    headings = [line.text for line in report.headings()]
    opening = headings.index("De agenda in het kort")
    assert opening < headings.index("Kerncijfers") < headings.index("Kaart van de wijken")
    assert headings.index("Kaart van de wijken") < headings.index("De partijen")
    text = lines_text(report).replace("\n", " ")
    # The same figures as the raadslid's dashboard shows for the same period on the same day.
    shown = dashboard_text(client_for(User.objects.get(email="raad@example.org")))
    for pattern in [
        r"\d+ van \d+ doelen op koers of bereikt",
        r"\d+ bereikt, \d+ op koers, \d+ achter, \d+ nog niet gemeten",
        r"\d+ kindcentra",
        r"\d+,\d \(onder de norm van \d+,\d\)",
    ]:
        on_dashboard = re.search(pattern, shown)
        assert on_dashboard, pattern
        assert on_dashboard.group(0) in text, on_dashboard.group(0)
    assert "6 van 7 doelen op koers of bereikt" in text
    # Money of one year, never summed over the period's years.
    assert re.search(r"Geld in 2026 € [\d.]+ beschikbaar, € [\d.]+ begroot", text), text
    # Each goal with its verdict in words.
    assert "Minder thuiszitters Achter Gemeten 11 leerlingen" in text
    # The map: every class with its wijken and their values, the darkest class filled in.
    assert "minder dan 2,5 (2 wijken): Centrum (0,0); Noorderveld (0,0)" in text
    assert "5,0 of meer (1 wijk): Oosterpark (8,2)" in text
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = next(p for p in document.pages if "Kaart van de wijken" in (p.extract_text() or ""))
        fills = [shape.get("non_stroking_color") for shape in page.curves + page.rects]
        assert any(layout._is_colour(colour, DARKEST_BLUE) for colour in fills), fills[:10]
        # The names of the wijken written in the map (white on the dark wijk).
        words = {word["text"] for word in page.extract_words()}
        assert {"Noorderveld", "Oosterpark", "Zuidrand"} <= words


@pytest.mark.slow
def test_the_city_document_is_laid_out_without_faults(db, django_capture_on_commit_callbacks):
    """At city scale (seed_demo --scale city: 1,500 agreements, 100 wijken, 300 funding streams),
    as benchmarks/lea_pdf.py renders it: about 250 pages, rendered and read in about two
    minutes."""
    call_command("seed_demo", "--scale", "city", stdout=io.StringIO())
    agenda = current_agenda()
    assert Agreement.objects.filter(theme__agenda=agenda).count() > 1500
    assert html_queries(agenda) == LEA_QUERIES
    officer = User.objects.get(email="beleid@example.org")
    report = assert_laid_out_without_faults(
        make_pdf(agenda, officer, django_capture_on_commit_callbacks), agenda
    )
    assert report.pages > 150


def test_agreements_are_grouped_running_first_then_realised_and_the_rest_in_the_appendix(
    lea_agenda, policy_officer, organisation_a, django_capture_on_commit_callbacks
):
    theme = lea_agenda.themes.get()
    for status, title in [
        (AgreementStatus.REALISED, "Voorleesproject afgerond"),
        (AgreementStatus.DRAFT, "Idee: bibliotheek op school"),
        (AgreementStatus.LAPSED, "Vervallen: zomerschool"),
    ]:
        AgreementFactory(theme=theme, title=title, owner=organisation_a, status=status)
    report = layout.check(make_pdf(lea_agenda, policy_officer, django_capture_on_commit_callbacks))
    headings = [line.text for line in report.headings()]

    running = headings.index("Lopende afspraken (vastgesteld of in uitvoering)")
    realised = headings.index("Gerealiseerde afspraken")
    appendix = next(i for i, text in enumerate(headings) if text.startswith("Bijlage A"))
    # The adopted agreement under the running ones, the realised one after them; the draft, the
    # proposed and the lapsed ones are no headings of the themes chapter.
    assert running < headings.index(KNOWN_AGREEMENT) < realised
    assert realised < headings.index("Voorleesproject afgerond") < appendix
    for title in [
        "Idee: bibliotheek op school",
        "Vervallen: zomerschool",
        "Gezamenlijke scholing pedagogisch medewerkers",
    ]:
        assert title not in headings
    # The appendix lists them briefly per status, proposed first, the proposed one with whom it
    # waits for.
    start = next(
        i
        for i, line in enumerate(report.lines)
        if line.heading and line.text.startswith("Bijlage A")
    )
    appendix_text = " ".join(line.text for line in report.lines[start:])
    assert appendix_text.index("Voorgesteld") < appendix_text.index("Concept")
    assert appendix_text.index("Concept") < appendix_text.index("Vervallen Vervallen: zomerschool")
    assert (
        "Gezamenlijke scholing pedagogisch medewerkers (thema 1); trekker Stichting Openbaar"
        in appendix_text
    )
    assert "wacht op: Kinderopvang De Boomhut; Stichting Openbaar Onderwijs Noord" in (
        appendix_text
    )
    assert "Idee: bibliotheek op school (thema 1)" in appendix_text
    # The opening chapter counts them by the same statuses.
    text = " ".join(line.text for line in report.lines)
    assert "3 afspraken in voorbereiding of vervallen staan kort in bijlage A." in text

"""The LEA document laid out without faults, read back word by word with the positions of the words
(pdfplumber, tests/reports/lea/layout.py) at demo scale and at city scale: no words over each
other or past the margins, no heading last on its page or apart from its chart, table headers and
amounts in their own columns, no nearly empty pages; agreements grouped by status; one level of
quotes and no ad-hoc abbreviations."""

import io
import re

import pytest
from django.core.management import call_command

from agenda.models import Agreement, AgreementStatus, Goal
from agenda.selectors import current_agenda
from kindportaal.models import User
from reports import services
from reports.models import DocumentStatus
from tests.agenda.factories import AgreementFactory
from tests.reports.lea import layout
from tests.reports.lea.conftest import KNOWN_AGREEMENT

pytestmark = pytest.mark.django_db


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


@pytest.mark.slow
def test_the_city_document_is_laid_out_without_faults(db, django_capture_on_commit_callbacks):
    """At city scale (seed_demo --scale city: 1,500 agreements, 100 wijken, 300 funding streams),
    as benchmarks/lea_pdf.py renders it: about 250 pages, rendered and read in about two
    minutes."""
    call_command("seed_demo", "--scale", "city", stdout=io.StringIO())
    agenda = current_agenda()
    assert Agreement.objects.filter(theme__agenda=agenda).count() > 1500
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

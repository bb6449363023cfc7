"""The LEA document itself: made by WeasyPrint in this process (the task runs eagerly), read back
with pypdf as a reader's software would — text, version, contents with page numbers, tags,
language, title and outline — and safe against what users type."""

import re

import pytest
from pypdf.generic import NameObject

from agenda.models import AgreementStatus
from reports import services
from reports.models import DocumentStatus
from reports.pdf import PortalURLFetcher, RefusedURL, render_pdf
from tests.agenda.factories import AgreementFactory
from tests.reports.lea.conftest import KNOWN_AGREEMENT, pdf_of, text_of

pytestmark = pytest.mark.django_db


def make(agenda, user, capture):
    with capture(execute=True):
        document, _created = services.lea_document_request(agenda=agenda, user=user)
    document.refresh_from_db()
    return document


def _outline_titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            yield item.title


def test_the_document_holds_the_agenda_readably(
    lea_agenda, policy_officer, django_capture_on_commit_callbacks
):
    document = make(lea_agenda, policy_officer, django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.DONE, document.error
    reader = pdf_of(document)
    text = re.sub(r"\s+", " ", text_of(reader))

    assert len(reader.pages) == document.page_count > 5
    # The cover: gemeente, period, version, status and who asked.
    cover = reader.pages[0].extract_text()
    assert "LEA Teststad 2025–2028" in cover
    assert re.search(r"Versie\s+1", cover)
    assert "Fatima El Amrani" in cover
    # The agreement, its parties, its latest progress and who confirmed it.
    assert KNOWN_AGREEMENT in text
    assert "Taalcoördinatoren zijn aangesteld." in text
    assert "Stichting Openbaar Onderwijs Noord: bevestigd" in text
    # The proposed agreement still waits for both parties.
    assert "wacht op: Kinderopvang De Boomhut; Stichting Openbaar Onderwijs Noord" in text
    # Running footer with the page number and version, in Dutch.
    assert re.search(rf"Pagina 3 van {document.page_count}", text)
    # A goal's trajectory chart as vector graphics with its numbers.
    assert "Meer peuters bereikt met VVE" in text


def test_the_contents_list_the_chapters_with_their_page_numbers(
    lea_agenda, policy_officer, django_capture_on_commit_callbacks
):
    document = make(lea_agenda, policy_officer, django_capture_on_commit_callbacks)
    reader = pdf_of(document)
    contents = reader.pages[1].extract_text()
    assert contents.startswith("Inhoud")
    numbers = {}
    for chapter in ["Voorwoord", "De partijen", "1. Taal en lezen", "Wettelijke onderwerpen"]:
        match = re.search(rf"{re.escape(chapter)} \.+ ?(\d+)", contents)
        assert match, f"{chapter} not in the contents:\n{contents}"
        numbers[chapter] = int(match[1])
    # Each entry's page really starts with that chapter.
    for chapter, number in numbers.items():
        page_text = reader.pages[number - 1].extract_text()
        assert chapter.split(". ")[-1] in page_text
    # Chapters follow on where the previous one ends, so two may share a page.
    assert numbers["Voorwoord"] <= numbers["De partijen"] < numbers["Wettelijke onderwerpen"]


def test_the_pdf_is_tagged_in_dutch_with_a_title_and_an_outline(
    lea_agenda, policy_officer, django_capture_on_commit_callbacks
):
    document = make(lea_agenda, policy_officer, django_capture_on_commit_callbacks)
    reader = pdf_of(document)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "LEA Teststad 2025–2028 — gemeente Teststad, versie 1"
    titles = list(_outline_titles(reader.outline))
    for heading in ["Inhoud", "De partijen", "1. Taal en lezen", KNOWN_AGREEMENT, "Budgetten"]:
        assert heading in titles
    # The chart is a figure with a text alternative in the structure tree.
    figures = _structure_elements(root["/StructTreeRoot"], "/Figure")
    assert any("Meer peuters bereikt met VVE" in str(f.get("/Alt", "")) for f in figures)
    # PDF/UA-1 identifies itself in the XMP metadata.
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp


def _structure_elements(node, kind, found=None, depth=0):
    found = [] if found is None else found
    if depth > 60:
        return found
    node = node.get_object()
    if hasattr(node, "get") and node.get("/S") == NameObject(kind):
        found.append(node)
    kids = node.get("/K") if hasattr(node, "get") else None
    if kids is None:
        return found
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get"):
            _structure_elements(kid, kind, found, depth + 1)
    return found


HOSTILE = (
    '<b>vet</b> <img src="file:///etc/passwd"> <img src="https://example.org/spy.png"> '
    '<link rel="stylesheet" href="http://example.org/x.css"> <script>alert(1)</script>'
)


class RecordingFetcher(PortalURLFetcher):
    """The portal's own fetcher, noting what the renderer asked it for and what it served."""

    used = []

    def __init__(self):
        super().__init__()
        self.asked, self.served = [], []
        RecordingFetcher.used.append(self)

    def fetch(self, url, headers=None):
        self.asked.append(url)
        response = super().fetch(url, headers)
        self.served.append(url)
        return response


def test_hostile_agreement_text_appears_escaped_and_fetches_nothing(
    lea_agenda, policy_officer, organisation_a, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("reports.pdf.PortalURLFetcher", RecordingFetcher)
    RecordingFetcher.used.clear()
    AgreementFactory(
        theme=lea_agenda.themes.get(),
        owner=organisation_a,
        parties=[organisation_a],
        title="Afspraak <img src=file:///etc/passwd>",
        description=HOSTILE,
        # Running, so that the document gives it in full (drafts only by title, in the appendix).
        status=AgreementStatus.IN_PROGRESS,
        revision=1,
    )
    document = make(lea_agenda, policy_officer, django_capture_on_commit_callbacks)
    text = text_of(pdf_of(document))
    flat = re.sub(r"\s+", " ", text)
    assert "Afspraak <img src=file:///etc/passwd>" in flat
    assert '<img src="file:///etc/passwd">' in flat
    assert "<script>alert(1)</script>" in flat
    # The text stayed text: the renderer asked for the document's own style sheet and nothing
    # the agreement named, so there was nothing for the fetcher to refuse.
    [fetcher] = RecordingFetcher.used
    assert "https://kindportaal.invalid/static/css/lea.css" in fetcher.asked
    own = ("https://kindportaal.invalid/static/", "https://kindportaal.invalid/media/")
    assert all(url.startswith(own) for url in fetcher.asked), fetcher.asked
    assert fetcher.served == fetcher.asked
    assert fetcher.refused == []


def test_the_renderer_refuses_local_files_and_the_network():
    fetcher = PortalURLFetcher()
    html = (
        '<html lang="nl"><head><title>t</title>'
        '<link rel="stylesheet" href="http://example.org/x.css"></head><body><h1>Kop</h1>'
        '<img src="file:///etc/passwd" alt="a"><img src="https://example.org/spy.png" alt="b">'
        '<img src="/static/../../../../etc/passwd" alt="c">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">'
        '<img src="/static/img/logo.svg" alt="logo"></body></html>'
    )
    pdf, pages = render_pdf(html, fetcher=fetcher)
    assert pages == 1 and pdf.startswith(b"%PDF-1.7")
    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "https://example.org/spy.png" in refused
    assert "http://example.org/x.css" in refused
    assert any(url.startswith("data:") for url in refused)
    # A path that climbs out of /static/ is resolved first and then refused like any other.
    assert "https://kindportaal.invalid/etc/passwd" in refused
    # The portal's own static file was served.
    assert not any(url.endswith("/static/img/logo.svg") for url in refused)


def test_the_fetcher_serves_only_static_and_media(settings, tmp_path):
    (tmp_path / "media" / "gemeente").mkdir(parents=True)
    (tmp_path / "media" / "gemeente" / "logo.svg").write_text("<svg/>")
    settings.MEDIA_ROOT = tmp_path / "media"
    fetcher = PortalURLFetcher()
    assert fetcher.fetch("https://kindportaal.invalid/media/gemeente/logo.svg").read() == b"<svg/>"
    assert b"WeasyPrint" in fetcher.fetch("https://kindportaal.invalid/static/css/lea.css").read()
    for url in [
        "https://kindportaal.invalid/media/../../etc/passwd",
        "https://kindportaal.invalid/etc/passwd",
        "https://example.org/static/css/lea.css",
        "file:///etc/passwd",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_tags_point_at_the_pages_their_text_is_on():
    """The cached page references (reports.pdf) still give each tag its own page."""
    import io

    from pypdf import PdfReader

    html = '<html lang="nl"><head><title>t</title></head><body>' + "".join(
        f'<h1 style="break-before: page">Kop {number}</h1><p>Tekst {number}</p>'
        for number in range(1, 5)
    )
    pdf, pages = render_pdf(html + "</body></html>")
    reader = PdfReader(io.BytesIO(pdf))
    assert pages == len(reader.pages) == 4
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    found = {}

    def walk(element):
        element = element.get_object()
        if isinstance(element, dict):
            if element.get("/S") == "/H1" and "/Pg" in element:
                found[len(found) + 1] = page_numbers[element.raw_get("/Pg").idnum]
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert found == {1: 1, 2: 2, 3: 3, 4: 4}

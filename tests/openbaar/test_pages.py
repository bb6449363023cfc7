"""The public pages as a visitor without login sees them: what the gemeente published, and
nothing else — no draft or proposal, no progress text, no person's name, no closed meeting."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from reports.models import DocumentStatus, LeaDocument
from tests.openbaar.conftest import (
    CLOSED_MINUTES,
    CONCEPT_TITLE,
    PERSON_NAME,
    PROPOSED_TITLE,
    PUBLIC_MINUTES,
    SECRET_NOTE,
    UNPUBLISHED_TITLE,
)

SECRETS = (
    SECRET_NOTE,
    CONCEPT_TITLE,
    PROPOSED_TITLE,
    UNPUBLISHED_TITLE,
    CLOSED_MINUTES,
    PERSON_NAME,
)
PAGES = [
    "openbaar:home",
    "openbaar:lea",
    "openbaar:agreements",
    "openbaar:meetings",
    "openbaar:kindcentra",
    "openbaar:figures",
    "openbaar:data",
    "openbaar:catalogue",
]


def _visitor():
    return Client()


def _everything(world):
    """Every public page and data file, as the visitor gets them."""
    from openbaar.opendata import TABLES

    client = _visitor()
    urls = [reverse(name) for name in PAGES]
    urls.append(reverse("openbaar:agreement", args=[world["published"].pk]))
    for table in TABLES:
        for name in ("openbaar:table_csv", "openbaar:table_json", "openbaar:field_list"):
            urls.append(reverse(name, args=[table.slug]))
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[url] = body.decode("utf-8-sig")
    return found


def test_the_visitor_reads_the_published_agreement_with_its_progress(public_world):
    response = _visitor().get(reverse("openbaar:agreements"))
    html = response.content.decode()
    assert "Gezamenlijke VVE-scholing" in html
    assert "40%" in html
    assert "Op koers" in html
    detail = _visitor().get(reverse("openbaar:agreement", args=[public_world["published"].pk]))
    assert "Scholing gaat door." in detail.content.decode()


def test_no_page_or_data_file_shows_anything_that_is_not_public(public_world):
    for url, body in _everything(public_world).items():
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} on {url}"


def test_the_public_meetings_minutes_are_shown(public_world):
    html = _visitor().get(reverse("openbaar:meetings")).content.decode()
    assert PUBLIC_MINUTES in html
    assert "Besloten overleg" not in html


@pytest.mark.parametrize(
    "fixture", ["concept", "proposed", "unpublished"], ids=["concept", "proposed", "unpublished"]
)
def test_an_agreement_that_is_not_public_answers_404(public_world, fixture):
    url = reverse("openbaar:agreement", args=[public_world[fixture].pk])
    assert _visitor().get(url).status_code == 404


def test_switched_off_every_public_page_answers_404(public_world, settings):
    settings.PUBLIC_PAGES_ENABLED = False
    for name in PAGES:
        assert _visitor().get(reverse(name)).status_code == 404


def test_the_latest_published_lea_document_is_offered_for_download(public_world):
    agenda = public_world["agenda"]
    for version, public in ((1, True), (2, False)):
        document = LeaDocument(
            agenda=agenda,
            version=version,
            status=DocumentStatus.DONE,
            sha256="a" * 64,
            page_count=3,
        )
        document.is_public = public
        document.file.save(f"v{version}.pdf", ContentFile(b"%PDF-1.7 v" + bytes([48 + version])))
    published = agenda.lea_documents.get(version=1)
    html = _visitor().get(reverse("openbaar:home")).content.decode()
    assert "versie 1 (pdf)" in html
    assert "versie 2" not in html
    download = _visitor().get(reverse("openbaar:lea_download", args=[published.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 v1"
    other = agenda.lea_documents.get(version=2)
    assert _visitor().get(reverse("openbaar:lea_download", args=[other.pk])).status_code == 404


def test_the_pages_have_the_public_layout_without_the_portals_navigation(public_world):
    html = _visitor().get(reverse("openbaar:home")).content.decode()
    assert "Inloggen (partners en gemeente)" in html
    assert reverse("agenda:agreement_list") not in html
    assert "csrfmiddlewaretoken" not in html

"""A beleidsmedewerker makes the demo's LEA document in Chromium: the agenda page offers it, the
document's page shows the job's state until it is ready, the PDF downloads with the checksum the
page shows, and a raadslid downloads the same version. Every page on the way is axe-clean. (Tasks
run in the web process here; the real worker has its own tests in tests/reports/lea/.)"""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agenda.selectors import current_agenda
from reports.models import LeaDocument
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_policy_officer_makes_and_downloads_the_lea_document(
    page, browser, live_server, policy_officer, council_member, settings, tmp_path
):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo", stdout=io.StringIO())
    agenda = current_agenda()
    log_in(page, policy_officer, password="Demo-wachtwoord-2026")

    page.goto(agenda.get_absolute_url())
    panel = page.get_by_role("region", name="LEA-document")
    expect(panel).to_contain_text("Van deze agenda is nog geen LEA-document gemaakt.")
    assert_accessible(page)
    panel.get_by_role("button", name="LEA-document maken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("LEA-document versie 1")
    expect(page.locator("#lea-status")).to_contain_text("Stand: klaar", timeout=60_000)
    assert_accessible(page)
    document = LeaDocument.objects.get(agenda=agenda)
    expect(page.locator(".kp-checksum")).to_have_text(document.sha256)

    with page.expect_download() as download:
        page.get_by_role("link", name="Versie 1 downloaden (pdf)").click()
    saved = Path(tmp_path / "lea.pdf")
    download.value.save_as(saved)
    assert download.value.suggested_filename == "LEA-2025-2028-versie-1.pdf"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == document.sha256

    # The agenda page lists the version for a raadslid, who downloads it too.
    council = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in(council, council_member, password="Demo-wachtwoord-2026")
    council.goto(agenda.get_absolute_url())
    region = council.get_by_role("region", name="LEA-document")
    expect(region.get_by_role("button", name="LEA-document maken")).to_have_count(0)
    assert_accessible(council)
    with council.expect_download() as second:
        region.get_by_role("link", name="Versie 1 (pdf)").click()
    assert second.value.suggested_filename == "LEA-2025-2028-versie-1.pdf"

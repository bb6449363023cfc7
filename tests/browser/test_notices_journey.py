"""Notifications in a real browser, on a phone and axe-clean. A partner director: the count in the
header, the list, opening one (it is read, and the agreement opens), and choosing how to hear of
progress. A council member: the new LEA document, a search, and the one kind they can choose for.
The pages do not scroll sideways at 320 and 390 px."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda import services
from agenda.models import AdoptedBy, Agenda, AgendaStatus
from reports import services as lea_services
from tests.agenda.factories import ThemeFactory, adopted_agreement, proposed_agreement
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.kindcentra.factories import KindcentrumFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def unread(count):
    """The header link's name for a screen reader (the number itself is hidden from it)."""
    return re.compile(rf"^Meldingen \({count} ongelezen meldingen\)\s*$")


def scrolls_sideways(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") > width


def test_a_director_reads_a_notification_and_chooses_how_to_hear_of_progress(
    browser,
    live_server,
    settings,
    policy_officer,
    organisation_a,
    organisation_b,
    director_a,
    director_b,
):
    settings.ALLOWED_HOSTS = ["*"]
    theme = ThemeFactory(agenda=Agenda.objects.create(title="LEA", start_year=2025, end_year=2028))
    parties = [organisation_a, organisation_b]
    waiting = proposed_agreement(
        by=policy_officer, parties=parties, theme=theme, title="Samen scholen in VVE"
    )
    running = adopted_agreement(
        by=policy_officer,
        parties=parties,
        directors=[director_a, director_b],
        theme=theme,
        title="Warme overdracht naar groep 1",
    )
    services.progress_update_create(
        agreement=running,
        by=director_b,
        organisation=organisation_b,
        reported_on=timezone.localdate(),
        text="Alle peuters zijn overgedragen.",
        health="on_track",
        percent_complete=60,
    )
    # Director A: to confirm (two proposals, one of them answered) and B's progress: 3 unread.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, director_a)

    link = page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(link).to_have_accessible_name(unread(3))
    link.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    notices = page.locator(".kp-notice")
    expect(notices).to_have_count(3)
    expect(notices.first).to_contain_text("Voortgang gemeld: Warme overdracht naar groep 1")
    expect(notices.first).to_contain_text("Kinderopvang De Boomhut: Op koers, 60% klaar.")
    assert_accessible(page)
    assert not scrolls_sideways(page, 320) and not scrolls_sideways(page, 390)

    page.get_by_role("link", name=f"Afspraak om te bevestigen: {waiting.title}").tap()
    expect(page).to_have_url(re.compile(rf"/agenda/afspraken/{waiting.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(waiting.title)
    expect(
        page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen"))
    ).to_have_accessible_name(unread(2))

    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen")).tap()
    page.get_by_role("link", name="Hoe je meldingen ontvangt").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe je meldingen ontvangt")
    assert_accessible(page)
    assert not scrolls_sideways(page, 320) and not scrolls_sideways(page, 390)
    progress = page.get_by_role("group", name="Voortgang gemeld")
    expect(progress.get_by_label("Dagelijks overzicht per e-mail")).to_be_checked()
    progress.get_by_label("Direct per e-mail").check()
    page.get_by_role("button", name="Opslaan").tap()
    saved = "Je instellingen voor meldingen zijn opgeslagen."
    expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
    expect(
        page.get_by_role("group", name="Voortgang gemeld").get_by_label("Direct per e-mail")
    ).to_be_checked()

    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen")).tap()
    page.get_by_role("button", name="Alles als gelezen markeren").tap()
    expect(
        page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen"))
    ).to_have_accessible_name(re.compile(r"^Meldingen\s*$"))
    expect(page.locator(".kp-notice--unread")).to_have_count(0)
    context.close()


def test_a_council_member_hears_of_the_new_lea_document_and_finds_a_kindcentrum(
    browser, live_server, settings, policy_officer, council_member
):
    """A raadslid on a phone: the new version of the adopted LEA is waiting in the header; they
    open it, find a kindcentrum by part of its name, and choose to get such news by e-mail."""
    settings.ALLOWED_HOSTS = ["*"]
    agenda = Agenda.objects.create(
        title="LEA Voorbeeldstad 2025–2028",
        start_year=2025,
        end_year=2028,
        status=AgendaStatus.ADOPTED,
        adopted_on=datetime.date(2025, 3, 1),
        adopted_by=AdoptedBy.COUNCIL,
    )
    ThemeFactory(agenda=agenda, title="Taal en lezen")
    KindcentrumFactory(name="Kindcentrum De Regenboog")
    lea_services.lea_document_request(agenda=agenda, user=policy_officer)  # made at once here

    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, council_member)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen")).tap()
    notice = page.locator(".kp-notice")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Een nieuwe versie van het document van de vastgestelde agenda")
    assert_accessible(page)
    assert not scrolls_sideways(page, 320) and not scrolls_sideways(page, 390)
    notice.get_by_role("link", name=re.compile("^LEA-document klaar")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("LEA-document versie 1")
    expect(
        page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen"))
    ).to_have_accessible_name(re.compile(r"^Meldingen\s*$"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_text("Menu", exact=True).tap()
    page.get_by_role("searchbox", name="Zoek in het portaal").fill("regenb")
    page.get_by_role("search").get_by_role("button", name="Zoeken").tap()
    results = page.get_by_role("region", name=re.compile("Kindcentra"))
    results.get_by_role("link", name="Kindcentrum De Regenboog").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kindcentrum De Regenboog")

    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Meldingen")).tap()
    page.get_by_role("link", name="Hoe je meldingen ontvangt").tap()
    expect(page.get_by_role("main").get_by_role("group")).to_have_count(1)  # the one kind
    lea = page.get_by_role("group", name="LEA-document klaar")
    expect(lea.get_by_label("Alleen in het portaal")).to_be_checked()
    lea.get_by_label("Direct per e-mail").check()
    page.get_by_role("button", name="Opslaan").tap()
    saved = "Je instellingen voor meldingen zijn opgeslagen."
    expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
    assert_accessible(page)
    assert not scrolls_sideways(page, 320)
    context.close()

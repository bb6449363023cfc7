"""The whole life of an agreement in a real browser, axe-clean at every step: a policy officer
proposes it to two organisations, both directors confirm, one reports progress, the council
member reads it, and a change needs confirming again."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from agenda.models import Agenda, Agreement
from tests.agenda.factories import ThemeFactory
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_for(browser, live_server):
    """A browser page of its own, logged in as `user`; closed after the test."""
    contexts = []

    def make(user):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, user)
        return page

    yield make
    for context in contexts:
        context.close()


def _confirm(page, title):
    page.goto("/start/")
    panel = page.get_by_role("region", name="Mijn afspraken")
    expect(panel).to_contain_text("Te bevestigen voor je organisatie")
    panel.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Bevestigen of afwijzen").click()
    assert_accessible(page)
    page.get_by_label("Bevestigd").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status").filter(has_text="Je antwoord is vastgelegd")).to_be_visible()


def test_an_agreement_from_proposal_to_reconfirmation(
    page,
    page_for,
    policy_officer,
    director_a,
    director_b,
    council_member,
    organisation_a,
    organisation_b,
):
    # Dates from today, none of them due within the start page's 30 days.
    today = timezone.localdate()
    start, end, later_end = today, today + timedelta(days=180), today + timedelta(days=270)
    agenda = Agenda.objects.create(
        title="Lokale Educatieve Agenda",
        start_year=today.year - 1,
        end_year=later_end.year + 1,
        is_current=True,
    )
    theme = ThemeFactory(agenda=agenda, title="Doorgaande leerlijn 0–12")
    title = "Warme overdracht van peuter naar groep 1"

    # The policy officer drafts the agreement and proposes it to both organisations.
    log_in(page, policy_officer)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afspraken").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe afspraak").click()
    page.get_by_label("Titel", exact=True).fill(title)
    page.get_by_label("Omschrijving").fill(
        "Elke peuter gaat met een overdrachtsgesprek naar school."
    )
    page.get_by_label("Thema", exact=True).select_option(str(theme.pk))
    page.get_by_label("Trekker").select_option(str(organisation_a.pk))
    parties = page.get_by_role("group", name="Partijen")
    parties.get_by_label(organisation_a.name).check()
    parties.get_by_label(organisation_b.name).check()
    page.get_by_label("Hele gemeente").check()
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Einddatum").fill(end.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="Voorstellen aan de partijen").click()
    expect(page.get_by_role("status").filter(has_text="De afspraak is voorgesteld")).to_be_visible()
    expect(page.locator(".kp-agreement-status")).to_contain_text("Voorgesteld")
    assert_accessible(page)
    agreement_url = page.url

    # Both directors confirm version 1 for their organisation.
    director_a_page = page_for(director_a)
    _confirm(director_a_page, title)
    director_b_page = page_for(director_b)
    _confirm(director_b_page, title)
    expect(director_b_page.locator(".kp-agreement-status")).to_contain_text("Vastgesteld")

    # One of them reports progress.
    director_b_page.get_by_role("link", name="Voortgang rapporteren").click()
    director_b_page.get_by_label("Op koers").check()
    director_b_page.get_by_label("Percentage gereed").fill("20")
    director_b_page.get_by_label("Voortgang", exact=True).fill("Overdrachtsformulier besproken.")
    assert_accessible(director_b_page)
    director_b_page.get_by_role("button", name="Opslaan").click()
    expect(director_b_page.get_by_role("region", name="Voortgang")).to_contain_text(
        "Overdrachtsformulier besproken."
    )

    # The council member reads it all, and can change nothing.
    council = page_for(council_member)
    council.goto(agreement_url)
    # The first progress update put it in progress.
    expect(council.locator(".kp-agreement-status")).to_contain_text("In uitvoering")
    expect(council.locator(".kp-agreement-status")).to_contain_text("Op koers")
    expect(council.get_by_role("region", name="Voortgang")).to_contain_text("Aylin Kaya")
    expect(council.get_by_role("link", name="Bewerken")).to_have_count(0)
    expect(council.get_by_role("main").get_by_role("button")).to_have_count(0)
    assert_accessible(council)

    # A change of substance makes version 2, which both parties must confirm again.
    page.goto(agreement_url)
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Einddatum").fill(later_end.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".kp-agreement-status")).to_contain_text("Voorgesteld")
    expect(page.locator(".kp-agreement-status")).to_contain_text("versie 2")
    versions = page.get_by_role("region", name="Versies")
    with translation.override("nl"):
        was, became = (date_format(day, "j F Y") for day in (end, later_end))
    expect(versions).to_contain_text(f"einddatum: “{was}” werd “{became}”")
    assert_accessible(page)
    director_a_page.goto(agreement_url)
    expect(director_a_page.get_by_role("region", name="Bevestiging van versie 2")).to_contain_text(
        "Nog niet beantwoord"
    )
    _confirm(director_a_page, title)
    agreement = Agreement.objects.get(title=title)
    assert (agreement.status, agreement.revision) == ("proposed", 2)
    assert re.search(r"/agenda/afspraken/\d+/$", agreement_url)

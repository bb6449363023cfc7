"""Each role logs in through the real login page and lands on its home; every page is axe-clean."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_council_member_logs_in_to_their_home(page, council_member):
    log_in(page, council_member, check_accessibility=True)
    # A raadslid's home is the council's dashboard.
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).not_to_contain_text("Gebruikers")
    assert_accessible(page)


def test_partner_director_logs_in_to_their_home(page, director_a):
    log_in(page, director_a)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Jeroen")
    expect(page.get_by_text("Als partnerbestuurder")).to_be_visible()
    assert_accessible(page)


def test_policy_officer_logs_in_with_a_second_factor(page, policy_officer):
    page.goto("/")
    page.get_by_label("E-mailadres").fill(policy_officer.email)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery-42")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    log_in_code(page, policy_officer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Gebruikers")
    assert_accessible(page)


def log_in_code(page, user):
    from tests.conftest import totp_code

    page.get_by_label("Code").fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Aanmelden").click()


def test_administrator_logs_in_to_the_admin(page, administrator):
    log_in(page, administrator)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Websitebeheer")


def test_policy_officer_invites_and_the_invitee_sets_a_password(
    page, browser, live_server, policy_officer
):
    log_in(page, policy_officer)
    page.get_by_role("link", name="Gebruikers").click()
    assert_accessible(page)
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("Volledige naam").fill("Pieter Jansen")
    page.get_by_label("E-mailadres").fill("pieter@example.org")
    page.get_by_label("Raadslid").check()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Er is een uitnodiging verstuurd naar pieter@example.org"
    )
    expect(page.get_by_role("table")).to_contain_text("uitgenodigd")

    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    invitee = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Welkom bij Kindportaal")
    assert_accessible(invitee)
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill("Een-lang-wachtwoord-2026")
    invitee.get_by_label("Nieuw wachtwoord (nogmaals)").fill("Een-lang-wachtwoord-2026")
    invitee.get_by_role("button", name="Wachtwoord instellen").click()
    expect(invitee.get_by_role("status")).to_contain_text("Je wachtwoord is ingesteld")
    invitee.get_by_label("E-mailadres").fill("pieter@example.org")
    invitee.get_by_label("Wachtwoord").fill("Een-lang-wachtwoord-2026")
    invitee.get_by_role("button", name="Inloggen").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(invitee.get_by_role("banner")).to_contain_text("Pieter Jansen")


def test_wrong_password_shows_an_accessible_error(page, council_member):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(council_member.email)
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("niet correct")
    assert_accessible(page)

"""A new policy officer sets up two-factor login in the browser: every step Dutch and axe-clean."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from kindportaal.roles import Role
from tests.browser.conftest import assert_accessible
from tests.conftest import totp_code
from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_new_policy_officer_sets_up_an_authenticator_app(page):
    officer = UserFactory(
        email="nieuw@example.org", full_name="Noor Smit", role=Role.POLICY_OFFICER
    )
    page.goto("/")
    page.get_by_label("E-mailadres").fill(officer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # Everything leads to the set-up, which first asks for the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("status").last).to_contain_text(
        "Stel eerst inloggen in twee stappen in"
    )
    # Until then the menu offers nothing that would only lead back here.
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.get_by_label("Authenticator geheim").input_value()
    page.get_by_label("Code uit de app").fill(totp_code(secret))
    page.get_by_role("button", name="Activeer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    assert_accessible(page)
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Noor")

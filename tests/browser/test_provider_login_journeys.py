"""Logging in through the gemeente's identity provider in Chromium, against a real OpenID Connect
provider on loopback (tests/oidc): a policy officer whose provider asserts two factors, an
uninvited person, and a provider that is down while password login goes on working."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from kindportaal.models import User
from kindportaal.roles import Role
from kindportaal.services import invitation_create
from tests.browser.conftest import assert_accessible
from tests.conftest import totp_code
from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_BUTTON = "Inloggen met Gemeente Voorbeeldstad"


def log_in_at_the_provider(page, login):
    page.goto("/")
    page.get_by_role("button", name=PROVIDER_BUTTON).click()
    # The provider's own login page.
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_role("button", name="Inloggen bij de test-IdP").click()


def test_a_policy_officer_logs_in_through_the_provider_with_mfa_and_skips_the_app_step(
    page, oidc_provider
):
    UserFactory(email="noor.smit@voorbeeldstad.nl", full_name="Noor Smit", role=Role.POLICY_OFFICER)
    page.goto("/")
    expect(page.get_by_role("button", name=PROVIDER_BUTTON)).to_be_visible()
    assert_accessible(page)
    log_in_at_the_provider(page, "beleid-mfa")

    # No code from an authenticator app, no set-up of one: the provider's two factors count.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Noor")
    assert "/accounts/2fa/" not in page.url
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Gebruikers")
    assert_accessible(page)

    # Logging out offers the provider's logout too.
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je bent uitgelogd uit Kindportaal")
    assert_accessible(page)
    link = page.get_by_role("link", name="Ook uitloggen bij Gemeente Voorbeeldstad")
    assert link.get_attribute("href").startswith(f"{oidc_provider.url}/session/end?")


def test_an_invited_policy_officer_whose_provider_asserts_no_mfa_sets_up_the_app(
    page, oidc_provider
):
    invitation_create(
        invited_by=UserFactory(role=Role.POLICY_OFFICER),
        email="sem.jansen@voorbeeldstad.nl",
        full_name="Sem Jansen",
        role=Role.POLICY_OFFICER,
    )
    log_in_at_the_provider(page, "beleid-wachtwoord")
    # Straight to the set-up: the provider's login just now stands in for the password that a
    # person who came in through the provider does not have.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("status").last).to_contain_text(
        "Stel eerst inloggen in twee stappen in"
    )
    secret = page.get_by_label("Authenticator geheim").input_value()
    page.get_by_label("Code uit de app").fill(totp_code(secret))
    page.get_by_role("button", name="Activeer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sem")


def test_an_uninvited_person_is_refused_in_dutch_and_no_account_is_made(page, oidc_provider):
    people = User.objects.count()
    log_in_at_the_provider(page, "onbekend")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Je kunt niet inloggen op Kindportaal"
    )
    expect(page.get_by_role("alert")).to_have_text(
        "Er is geen account in Kindportaal voor onbekend@voorbeeldstad.nl."
    )
    assert_accessible(page)
    assert User.objects.count() == people
    assert not SocialAccount.objects.exists()
    page.get_by_role("link", name="Naar de inlogpagina").click()
    expect(page.get_by_role("button", name=PROVIDER_BUTTON)).to_be_visible()


def test_a_provider_that_is_down_gets_a_dutch_message_and_password_login_still_works(
    page, oidc_provider, council_member
):
    oidc_provider.stop()
    page.goto("/")
    page.get_by_role("button", name=PROVIDER_BUTTON).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gemeente Voorbeeldstad is niet bereikbaar"
    )
    expect(page.get_by_role("alert")).to_contain_text(
        "Inloggen via Gemeente Voorbeeldstad werkt op dit moment niet."
    )
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met je e-mailadres en wachtwoord").click()
    page.get_by_label("E-mailadres").fill(council_member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

"""Two-factor login: required for policy officers and beheerders, optional for the others."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from kindportaal.roles import Role
from tests.conftest import totp_code
from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def confirm_password(client):
    """Changing a second factor first asks for the password again, as allauth does."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMINISTRATOR])
def test_officer_without_second_factor_reaches_only_the_set_up_page(client, role):
    UserFactory(email="nieuw@example.org", role=role)
    login(client, "nieuw@example.org")
    for url in [reverse("kindportaal:home"), reverse("kindportaal:profile"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert "Stel eerst inloggen in twee stappen in" in setup.content.decode()
    assert client.post(reverse("account_logout")).status_code == 302


def test_officer_sets_up_an_authenticator_app_and_then_gets_in(client):
    UserFactory(email="nieuw@example.org", role=Role.POLICY_OFFICER)
    login(client, "nieuw@example.org")
    asks_password = client.get(reverse("mfa_activate_totp"))
    assert asks_password["Location"].startswith(reverse("account_reauthenticate"))
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Ongeldige code." in wrong.content.decode()
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_login_with_second_factor_asks_for_the_code(client):
    officer = UserFactory(email="beleid@example.org", role=Role.POLICY_OFFICER, two_factor=True)
    response = login(client, "beleid@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "Ongeldige code." in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(officer.totp_secret)})
    assert right.status_code == 302
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_officer_cannot_switch_the_required_second_factor_off(client):
    officer = UserFactory(email="beleid@example.org", role=Role.POLICY_OFFICER, two_factor=True)
    login(client, "beleid@example.org")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(officer.totp_secret)})
    confirm_password(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Je kunt twee-factor-authenticatie niet deactiveren" in response.content.decode()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_council_member_is_not_forced_to_use_a_second_factor(client, council_member):
    client.force_login(council_member)
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_the_demo_may_switch_the_requirement_off(client, settings):
    settings.REQUIRE_MFA = False
    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_anonymous_visitor_sees_only_the_login_page():
    client = Client()
    response = client.get(reverse("kindportaal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_removed_authenticator_is_noticed_at_the_next_request(client_for, policy_officer):
    """Whether someone has an authenticator app is remembered, but not past its removal."""
    client = client_for(policy_officer)
    assert client.get(reverse("kindcentra:kindcentrum_list")).status_code == 200
    Authenticator.objects.filter(user=policy_officer).delete()
    response = client.get(reverse("kindcentra:kindcentrum_list"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.fixture
def pending_officer(client):
    """A policy officer who has logged in but not yet set up two-factor login."""
    client.force_login(UserFactory(email="nieuw@example.org", role=Role.POLICY_OFFICER))
    return client


SET_UP_PAGES = [
    ("get", "mfa_index"),
    ("get", "mfa_view_recovery_codes"),
    ("get", "mfa_generate_recovery_codes"),
    ("get", "mfa_download_recovery_codes"),
    ("get", "mfa_reauthenticate"),
    ("get", "account_reauthenticate"),
    ("post", "account_logout"),
    ("post", "set_language"),
    ("get", "kindportaal:health"),
]


@pytest.mark.parametrize(("method", "name"), SET_UP_PAGES)
def test_officer_without_second_factor_still_reaches_what_setting_it_up_needs(
    pending_officer, method, name
):
    response = getattr(pending_officer, method)(reverse(name))
    assert response.get("Location") != reverse("mfa_activate_totp"), name
    assert response.status_code in (200, 302, 404), name


def test_the_set_up_page_shows_no_navigation_into_the_portal(pending_officer, client_for):
    html = pending_officer.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert 'aria-label="Hoofdmenu"' not in html
    officer = UserFactory(role=Role.POLICY_OFFICER, two_factor=True)
    html = client_for(officer).get(reverse("kindportaal:home")).content.decode()
    assert 'aria-label="Hoofdmenu"' in html


def test_officer_without_second_factor_gets_styles_and_a_404_not_the_set_up_page(pending_officer):
    # The set-up page needs its style sheet; an unknown page is simply not found.
    for path in ["/static/css/kindportaal.css", "/static/css/bestaat-niet.css", "/bestaat-niet/"]:
        response = pending_officer.get(path)
        assert response.get("Location") != reverse("mfa_activate_totp"), path
        assert response.status_code in (200, 404), path


def test_without_the_requirement_an_officer_gets_in_without_a_second_factor(
    pending_officer, settings
):
    settings.REQUIRE_MFA = False
    response = pending_officer.get(reverse("kindportaal:home"))
    assert response.status_code == 200
    assert 'aria-label="Hoofdmenu"' in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_not_the_set_up_page(client):
    response = client.get(reverse("kindportaal:home"))
    assert response["Location"].startswith(reverse("account_login"))

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

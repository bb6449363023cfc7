"""Login through the gemeente's OpenID Connect provider, against a real provider on loopback
(tests/oidc): who gets in (invited or existing accounts, by a verified address or a configured
claim), the role the provider gives, two factors asserted by the provider, the provider's logout,
a provider that is down, and the switch that takes password login away from a role."""

import html
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.urls import reverse

from kindportaal.adapters import provider_asserts_mfa, provider_email, provider_role
from kindportaal.models import User
from kindportaal.roles import Role
from kindportaal.services import invitation_create
from tests.kindportaal.factories import PASSWORD, UserFactory
from tests.kindportaal.test_settings import manage
from tests.oidc.fixtures import LOGIN_PATH, log_in_at_provider

pytestmark = pytest.mark.django_db

ROLES = {"kindportaal-beleid": Role.POLICY_OFFICER, "kindportaal-raad": Role.COUNCIL_MEMBER}


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def test_an_invited_person_accepts_the_invitation_by_a_first_login_through_the_provider(
    oidc_provider, client, policy_officer
):
    invitation = invitation_create(
        invited_by=policy_officer,
        email="Noor.Smit@voorbeeldstad.nl",
        full_name="Noor Smit",
        role=Role.PARTNER_DIRECTOR,
    )
    response = log_in_at_provider(client, "beleid-mfa")
    assert response.status_code == 302
    assert response["Location"] == reverse("kindportaal:root")
    person = User.objects.get(pk=invitation.user.pk)
    assert logged_in_as(client) == str(person.pk)
    assert person.is_active
    assert not person.has_usable_password()  # no password was ever chosen
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert SocialAccount.objects.get(user=person).uid == "b-1001"
    assert person.emailaddress_set.get().verified


def test_an_existing_account_is_linked_by_the_verified_address_and_keeps_its_role(
    oidc_provider, client
):
    person = UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.COUNCIL_MEMBER)
    log_in_at_provider(client, "beleid-wachtwoord")
    assert logged_in_as(client) == str(person.pk)
    person.refresh_from_db()
    assert person.role == Role.COUNCIL_MEMBER  # no role claim configured: the invitation's
    # The next login finds the linked account by the provider's own identifier.
    client.logout()
    log_in_at_provider(client, "beleid-wachtwoord")
    assert logged_in_as(client) == str(person.pk)
    assert SocialAccount.objects.filter(user=person).count() == 1


def test_an_uninvited_person_is_refused_in_dutch_and_no_account_is_made(oidc_provider, client):
    people = User.objects.count()
    response = log_in_at_provider(client, "onbekend")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Je kunt niet inloggen op Kindportaal" in page
    assert "Er is geen account in Kindportaal voor onbekend@voorbeeldstad.nl." in page
    assert User.objects.count() == people
    assert not SocialAccount.objects.exists()
    assert logged_in_as(client) is None


def test_an_address_the_provider_has_not_verified_links_to_nothing(oidc_provider, client):
    UserFactory(email="sem.jansen@voorbeeldstad.nl")
    response = log_in_at_provider(client, "onbevestigd")
    assert response.status_code == 403
    assert "Gemeente Voorbeeldstad gaf geen bevestigd e-mailadres." in response.content.decode()
    assert logged_in_as(client) is None
    assert not SocialAccount.objects.exists()


def test_a_configured_claim_links_instead_of_the_email_claim(oidc_provider, client):
    """An Entra ID-like provider whose `upn` is the work address, trusted by configuration."""
    person = UserFactory(email="sem.jansen@voorbeeldstad.nl")
    oidc_provider.configure(email_claim="upn")
    log_in_at_provider(client, "onbevestigd")
    assert logged_in_as(client) == str(person.pk)


@pytest.mark.parametrize("how", ["deactivated", "invitation withdrawn", "invitation expired"])
def test_an_account_that_is_not_active_is_refused(oidc_provider, client, policy_officer, how):
    if how == "deactivated":
        UserFactory(email="sem.jansen@voorbeeldstad.nl", is_active=False)
    else:
        invitation = invitation_create(
            invited_by=policy_officer,
            email="sem.jansen@voorbeeldstad.nl",
            full_name="Sem Jansen",
            role=Role.COUNCIL_MEMBER,
        )
        if how == "invitation withdrawn":
            invitation.user.invitations.update(revoked_at=invitation.created_at)
        else:  # a moment after it was made
            invitation.user.invitations.update(
                expires_at=F("created_at") + timedelta(microseconds=1)
            )
    response = log_in_at_provider(client, "beleid-wachtwoord")
    assert response.status_code == 403
    assert (
        "Het account in Kindportaal voor sem.jansen@voorbeeldstad.nl is niet actief."
        in response.content.decode()
    )
    assert logged_in_as(client) is None
    assert not User.objects.get(email="sem.jansen@voorbeeldstad.nl").is_active


def test_the_providers_group_gives_the_role(oidc_provider, client):
    person = UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.COUNCIL_MEMBER)
    oidc_provider.configure(role_claim="groups", roles=ROLES)
    log_in_at_provider(client, "beleid-wachtwoord")
    person.refresh_from_db()
    assert person.role == Role.POLICY_OFFICER
    reason = person.history.first().history_change_reason
    assert reason.startswith("Role given by %(provider)s")
    assert "Gemeente Voorbeeldstad" in reason


def test_a_person_the_providers_groups_give_no_role_is_refused(oidc_provider, client):
    person = UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.COUNCIL_MEMBER)
    oidc_provider.configure(role_claim="groups", roles=ROLES)
    response = log_in_at_provider(client, "zonder-groep")
    assert response.status_code == 403
    assert (
        "Je account bij Gemeente Voorbeeldstad geeft je geen rol in Kindportaal."
        in response.content.decode()
    )
    assert logged_in_as(client) is None
    person.refresh_from_db()
    assert person.role == Role.COUNCIL_MEMBER


def test_two_factors_asserted_by_the_provider_let_a_policy_officer_in_without_an_app(
    oidc_provider, client
):
    UserFactory(email="noor.smit@voorbeeldstad.nl", role=Role.POLICY_OFFICER)
    log_in_at_provider(client, "beleid-mfa")
    response = client.get(reverse("kindportaal:home"))
    assert response.status_code == 200
    assert "Welkom" in response.content.decode()


def test_a_provider_login_without_two_factors_still_needs_the_portals_own(oidc_provider, client):
    UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.POLICY_OFFICER)
    log_in_at_provider(client, "beleid-wachtwoord")
    response = client.get(reverse("kindportaal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_policy_officer_with_an_app_is_not_asked_for_its_code_after_the_providers_mfa(
    oidc_provider, client
):
    person = UserFactory(
        email="noor.smit@voorbeeldstad.nl", role=Role.POLICY_OFFICER, two_factor=True
    )
    response = log_in_at_provider(client, "beleid-mfa")
    assert response["Location"] == reverse("kindportaal:root")
    assert logged_in_as(client) == str(person.pk)


def test_a_policy_officer_with_an_app_gives_its_code_after_a_provider_login_without_mfa(
    oidc_provider, client
):
    UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.POLICY_OFFICER, two_factor=True)
    response = log_in_at_provider(client, "beleid-wachtwoord")
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_as(client) is None


def test_an_acr_the_gemeente_counts_as_two_factor_satisfies_the_requirement(oidc_provider, client):
    """eHerkenning-like: the level of assurance (acr) says two factors, amr says nothing."""
    UserFactory(email="sem.jansen@voorbeeldstad.nl", role=Role.POLICY_OFFICER)
    oidc_provider.configure(mfa_amr=[], mfa_acr=["urn:etoegang:core:assurance-class:loa3"])
    log_in_at_provider(client, "eherkenning-loa3")
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_logging_out_offers_the_providers_logout(oidc_provider, client):
    UserFactory(email="sem.jansen@voorbeeldstad.nl")
    log_in_at_provider(client, "beleid-wachtwoord")
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("kindportaal:logged_out")
    assert logged_in_as(client) is None
    page = client.get(response["Location"]).content.decode()
    assert "Je bent uitgelogd uit Kindportaal" in page
    assert (
        f'href="{oidc_provider.url}/session/end?client_id=kindportaal&amp;'
        "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F"
        "&amp;id_token_hint=" in page
    )
    assert "Ook uitloggen bij Gemeente Voorbeeldstad" in page
    # Shown once: the next visit is the login page.
    assert client.get(reverse("kindportaal:logged_out"))["Location"] == reverse("account_login")


def test_the_providers_logout_ends_its_session_so_the_next_login_asks_who_you_are(
    oidc_provider, client
):
    sem = UserFactory(email="sem.jansen@voorbeeldstad.nl")
    browser = requests.Session()  # the visitor's browser at the provider, with its cookies
    log_in_at_provider(client, "beleid-wachtwoord", browser=browser)
    assert browser.asked_for_login
    # While the provider's session lasts, logging in again asks nothing there.
    client.post(reverse("account_logout"))
    log_in_at_provider(client, "beleid-wachtwoord", browser=browser)
    assert not browser.asked_for_login
    assert logged_in_as(client) == str(sem.pk)

    response = client.post(reverse("account_logout"))
    page = client.get(response["Location"]).content.decode()
    logout_url = html.unescape(re.search(r'href="([^"]*/session/end\?[^"]*)"', page)[1])
    query = parse_qs(urlsplit(logout_url).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    [hint] = query["id_token_hint"]
    claims = jwt.decode(hint, options={"verify_signature": False})
    assert claims["aud"] == "kindportaal" and claims["iss"] == oidc_provider.url

    # The provider asks the visitor to confirm (its own page), then sends them back.
    answer = browser.get(logout_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 200, answer.text[:500]
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', answer.text)[1])
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', answer.text)[1]
    answer = browser.post(
        urljoin(logout_url, action),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code in (302, 303), answer.text[:500]
    assert answer.headers["Location"].startswith("http://testserver/accounts/login/")

    # Its session has ended: the next login through it asks who you are again.
    log_in_at_provider(client, "beleid-wachtwoord", browser=browser)
    assert browser.asked_for_login
    assert logged_in_as(client) == str(sem.pk)


def test_a_password_login_logs_out_as_before(client, council_member):
    client.post(reverse("account_login"), {"login": council_member.email, "password": PASSWORD})
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("account_login")


def test_a_provider_that_is_down_gets_a_dutch_page_and_password_login_still_works(
    oidc_provider, client, council_member
):
    oidc_provider.stop()
    response = client.post(LOGIN_PATH)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Gemeente Voorbeeldstad is niet bereikbaar" in page
    assert "log in met je e-mailadres en wachtwoord" in page
    response = client.post(
        reverse("account_login"), {"login": council_member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in_as(client) == str(council_member.pk)


def test_the_login_page_offers_the_provider(oidc_provider, client):
    page = client.get(reverse("account_login")).content.decode()
    assert f'action="{LOGIN_PATH}"' in page
    assert "Inloggen met Gemeente Voorbeeldstad" in page


def test_without_providers_the_login_page_offers_none(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "/accounts/oidc/" not in page
    assert "Inloggen met" not in page


# The password switch (PASSWORD_LOGIN_ROLES)


@pytest.fixture
def password_only_for_partners_and_council(oidc_provider):
    oidc_provider.settings.PASSWORD_LOGIN_ROLES = [Role.PARTNER_DIRECTOR, Role.COUNCIL_MEMBER]


@pytest.mark.usefixtures("password_only_for_partners_and_council")
def test_a_role_without_password_login_is_told_in_dutch_to_use_the_provider(client, policy_officer):
    response = client.post(
        reverse("account_login"), {"login": policy_officer.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert logged_in_as(client) is None
    assert (
        "Als beleidsmedewerker log je in via Gemeente Voorbeeldstad, niet met een wachtwoord."
        in response.content.decode()
    )


@pytest.mark.usefixtures("password_only_for_partners_and_council")
def test_a_wrong_password_says_nothing_about_the_role(client, policy_officer):
    response = client.post(
        reverse("account_login"), {"login": policy_officer.email, "password": "fout" * 4}
    )
    assert "beleidsmedewerker" not in response.content.decode()
    assert "niet met een wachtwoord" not in response.content.decode()


@pytest.mark.usefixtures("password_only_for_partners_and_council")
def test_a_role_with_password_login_logs_in_as_before(client, council_member):
    client.post(reverse("account_login"), {"login": council_member.email, "password": PASSWORD})
    assert logged_in_as(client) == str(council_member.pk)


@pytest.mark.usefixtures("password_only_for_partners_and_council")
def test_a_role_without_password_login_still_logs_in_through_the_provider(oidc_provider, client):
    person = UserFactory(email="noor.smit@voorbeeldstad.nl", role=Role.POLICY_OFFICER)
    log_in_at_provider(client, "beleid-mfa")
    assert logged_in_as(client) == str(person.pk)


# The rules on the provider's claims, one by one


class App:
    def __init__(self, **settings):
        self.settings = {"email_claim": "email", "mfa_amr": ["mfa", "otp", "hwk"], **settings}


ROLE_APP = App(
    role_claim="groups", roles={"kp-beleid": "policy_officer", "kp-raad": "council_member"}
)


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["kp-raad", "kp-beleid"], "policy_officer"),  # the first mapping the person has wins
        (["kp-raad"], "council_member"),
        ("kp-raad", "council_member"),  # a provider may send one value as a string
        (["iets-anders"], ""),  # mapped roles, but none for this person: refused
        (None, ""),
    ],
)
def test_the_role_claim_maps_to_the_first_configured_role_the_person_has(groups, role):
    assert provider_role(ROLE_APP, {"groups": groups}) == role


def test_without_a_role_claim_the_provider_gives_no_role():
    assert provider_role(App(), {"groups": ["kp-beleid"]}) is None


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": "Noor@Voorbeeldstad.nl", "email_verified": True}, "noor@voorbeeldstad.nl"),
        ({"email": "noor@voorbeeldstad.nl", "email_verified": "true"}, "noor@voorbeeldstad.nl"),
        ({"email": "noor@voorbeeldstad.nl", "email_verified": False}, None),
        ({"email": "noor@voorbeeldstad.nl"}, None),
        ({"email_verified": True}, None),
    ],
)
def test_only_a_verified_email_claim_names_the_account(claims, email):
    assert provider_email(App(), claims) == email


def test_a_configured_claim_is_trusted_as_the_address():
    app = App(email_claim="upn")
    assert provider_email(app, {"upn": "noor@voorbeeldstad.nl"}) == "noor@voorbeeldstad.nl"
    assert provider_email(app, {"upn": "noor"}) is None  # not an address


@pytest.mark.parametrize(
    ("claims", "asserted"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["pwd", "otp"]}, True),
        ({"amr": ["hwk"]}, True),
        ({"amr": ["pwd"]}, False),
        ({"amr": "mfa"}, True),
        ({}, False),
        ({"acr": "urn:etoegang:core:assurance-class:loa3"}, True),
        ({"acr": "urn:etoegang:core:assurance-class:loa2"}, False),
    ],
)
def test_two_factors_are_asserted_by_amr_or_a_configured_acr(claims, asserted):
    app = App(mfa_acr=["urn:etoegang:core:assurance-class:loa3"])
    assert provider_asserts_mfa(app, claims) is asserted


# The environment's format (kindportaal/settings.py, docs/configuration.md)


def _settings_with(environment):
    code = (
        "import json; from django.conf import settings; print(json.dumps(["
        "settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
        "settings.PASSWORD_LOGIN_ROLES]))"
    )
    return manage(
        "shell", "--no-imports", "-c", code, env={"KINDPORTAAL_ENV": "test", **environment}
    )


def test_providers_are_read_from_the_environment():
    result = _settings_with(
        {
            "OIDC_PROVIDERS": "gemeente,eherkenning",
            "OIDC_GEMEENTE_NAME": "Gemeente Voorbeeldstad",
            "OIDC_GEMEENTE_SERVER_URL": "https://login.voorbeeldstad.nl/realms/medewerkers",
            "OIDC_GEMEENTE_CLIENT_ID": "kindportaal",
            "OIDC_GEMEENTE_CLIENT_SECRET": "geheim",
            "OIDC_GEMEENTE_ROLE_CLAIM": "groups",
            "OIDC_GEMEENTE_ROLES": "kp-beleid=policy_officer,kp-raad=council_member",
            "OIDC_EHERKENNING_SERVER_URL": "https://broker.example.nl",
            "OIDC_EHERKENNING_CLIENT_ID": "kp",
            "OIDC_EHERKENNING_SCOPES": "openid,email",
            "OIDC_EHERKENNING_EMAIL_CLAIM": "urn:etoegang:1.9:attribute:EmailAddress",
            "OIDC_EHERKENNING_MFA_ACR": "urn:etoegang:core:assurance-class:loa3",
            "PASSWORD_LOGIN_ROLES": "partner_director,council_member",
        }
    )
    assert result.returncode == 0, result.stderr
    [gemeente, eherkenning], password_roles = json.loads(result.stdout)
    assert gemeente["provider_id"] == "gemeente"
    assert gemeente["name"] == "Gemeente Voorbeeldstad"
    assert gemeente["client_id"] == "kindportaal"
    assert gemeente["secret"] == "geheim"
    assert gemeente["settings"]["server_url"] == "https://login.voorbeeldstad.nl/realms/medewerkers"
    assert gemeente["settings"]["scope"] == ["openid", "profile", "email"]
    assert gemeente["settings"]["roles"] == {
        "kp-beleid": "policy_officer",
        "kp-raad": "council_member",
    }
    assert "mfa" in gemeente["settings"]["mfa_amr"]
    assert eherkenning["name"] == "eherkenning"
    assert eherkenning["settings"]["scope"] == ["openid", "email"]
    assert eherkenning["settings"]["email_claim"] == "urn:etoegang:1.9:attribute:EmailAddress"
    assert eherkenning["settings"]["mfa_acr"] == ["urn:etoegang:core:assurance-class:loa3"]
    assert eherkenning["settings"]["role_claim"] == ""
    assert password_roles == ["partner_director", "council_member"]


def test_without_the_variables_there_is_no_provider_and_every_role_logs_in_with_a_password():
    result = _settings_with({})
    assert result.returncode == 0, result.stderr
    apps, password_roles = json.loads(result.stdout)
    assert apps == []
    assert set(password_roles) == set(Role.values)


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"PASSWORD_LOGIN_ROLES": "council_member"}, "OIDC_PROVIDERS"),
        ({"PASSWORD_LOGIN_ROLES": "raadslid"}, "PASSWORD_LOGIN_ROLES"),
        (
            {
                "OIDC_PROVIDERS": "gemeente",
                "OIDC_GEMEENTE_SERVER_URL": "https://login.example.nl",
                "OIDC_GEMEENTE_CLIENT_ID": "kp",
                "OIDC_GEMEENTE_ROLES": "kp-beleid=beleid",
            },
            "OIDC roles",
        ),
        ({"OIDC_PROVIDERS": "gemeente"}, "OIDC_GEMEENTE_CLIENT_ID"),
    ],
)
def test_a_configuration_that_cannot_work_refuses_to_start(environment, named):
    result = _settings_with(environment)
    assert result.returncode != 0
    assert named in result.stderr


# The invitation's page


def test_the_invitation_page_also_offers_the_provider(oidc_provider, client, policy_officer):
    invitation = invitation_create(
        invited_by=policy_officer,
        email="fatima.elamrani@voorbeeldstad.nl",
        full_name="Fatima El Amrani",
        role=Role.COUNCIL_MEMBER,
    )
    page = client.get(reverse("kindportaal:invitation_accept", args=[invitation.token]))
    page = page.content.decode()
    assert 'name="password1"' in page
    assert f'action="{LOGIN_PATH}"' in page
    assert "neem je deze uitnodiging ook aan" in page


@pytest.mark.usefixtures("password_only_for_partners_and_council")
def test_an_invited_role_without_password_login_is_sent_to_the_provider_and_sets_no_password(
    client, policy_officer
):
    invitation = invitation_create(
        invited_by=policy_officer,
        email="noor.smit@voorbeeldstad.nl",
        full_name="Noor Smit",
        role=Role.POLICY_OFFICER,
    )
    url = reverse("kindportaal:invitation_accept", args=[invitation.token])
    page = client.get(url).content.decode()
    assert 'name="password1"' not in page
    assert "Je logt in via je organisatie, met noor.smit@voorbeeldstad.nl" in page
    assert f'action="{LOGIN_PATH}"' in page
    password = "een-heel-lang-wachtwoord-2026"
    client.post(url, {"password1": password, "password2": password})
    person = User.objects.get(pk=invitation.user.pk)
    assert not person.is_active
    assert not person.has_usable_password()
    # Its first login through the provider accepts it.
    log_in_at_provider(client, "beleid-mfa")
    assert logged_in_as(client) == str(person.pk)

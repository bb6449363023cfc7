"""Beheerders manage users, the gemeente and its wijken in the admin."""

import pytest
from django.urls import reverse

from kindportaal.models import Gemeente, User, Wijk
from kindportaal.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:kindportaal_user_changelist",
        "admin:kindportaal_user_add",
        "admin:kindportaal_wijk_add",
    ],
)
def test_administrator_opens_the_admin_pages(client_for, administrator, url_name):
    assert client_for(administrator).get(reverse(url_name)).status_code == 200


def test_administrator_adds_a_council_member(client_for, administrator):
    response = client_for(administrator).post(
        reverse("admin:kindportaal_user_add"),
        {
            "email": "nieuw@example.org",
            "full_name": "Nieuw Raadslid",
            "role": Role.COUNCIL_MEMBER,
            "usable_password": "true",
            "password1": "Een-lang-wachtwoord-2026",
            "password2": "Een-lang-wachtwoord-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = User.objects.get(email="nieuw@example.org")
    assert user.role == Role.COUNCIL_MEMBER
    change = client_for(administrator).get(reverse("admin:kindportaal_user_change", args=[user.pk]))
    assert change.status_code == 200
    assert "Nieuw Raadslid" in change.content.decode()


def test_administrator_edits_the_gemeente(client_for, administrator):
    Gemeente.objects.create(pk=1, name="Voorbeeldstad", cbs_code="GM9999")
    client = client_for(administrator)
    response = client.post(
        reverse("admin:kindportaal_gemeente_change", args=[1]),
        {"name": "Voorbeeldstad", "cbs_code": "9999", "theme_tokens": "{}"},
    )
    assert response.status_code == 200
    assert "Vul GM in, gevolgd door vier cijfers." in response.content.decode()
    assert Gemeente.current().cbs_code == "GM9999"


def test_wijk_history_is_kept(client_for, administrator):
    client = client_for(administrator)
    client.post(
        reverse("admin:kindportaal_wijk_add"),
        {"name": "Centrum", "cbs_code": "WK999900", "children_0_4": "410", "children_4_12": "720"},
    )
    wijk = Wijk.objects.get(name="Centrum")
    assert wijk.history.count() == 1
    assert wijk.history.first().history_user == administrator

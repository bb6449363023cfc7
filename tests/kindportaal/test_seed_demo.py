"""seed_demo makes Voorbeeldstad with one account per role, and can run again without harm."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kindportaal.models import Gemeente, User, Wijk

pytestmark = pytest.mark.django_db


def counts():
    return {"users": User.objects.count(), "wijken": Wijk.objects.count()}


def test_seed_demo_makes_voorbeeldstad_and_is_idempotent(settings, capsys):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo")
    first = counts()
    out = capsys.readouterr().out
    for email in [
        "beleid@example.org",
        "bestuurder@example.org",
        "raad@example.org",
        "beheer@example.org",
    ]:
        assert email in out
    call_command("seed_demo")
    assert counts() == first
    assert Gemeente.current().name == "Voorbeeldstad"
    assert first["wijken"] >= 5


def test_demo_accounts_log_in_with_the_demo_password(settings):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    settings.REQUIRE_MFA = False
    call_command("seed_demo")
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "raad@example.org", "password": "Demo-wachtwoord-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("kindportaal:home")).status_code == 200
    assert User.objects.get(email="beheer@example.org").is_staff


@pytest.mark.slow
def test_city_scale_makes_a_hundred_wijken():
    call_command("seed_demo", "--scale", "city")
    assert Wijk.objects.count() == 100

"""Failed logins are limited per account and address, behind the reverse proxy by the visitor's
own address: a stranger cannot lock a known account, the wait grows with the attempts, and a
password reset lets the rightful person in (ACCOUNT_RATE_LIMITS, kindportaal.adapters)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Te veel inlogpogingen. Probeer het later nogmaals."
PROXY = "10.0.0.2"  # every request reaches the portal from the reverse proxy


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def person():
    return UserFactory(email="raad@example.org")


def attempt(address, password, email="raad@example.org"):
    """A login from `address`, as the reverse proxy passes it on."""
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{address}",
    )
    return client, response


def locked(response):
    return LOCKED in response.content.decode()


def test_failed_logins_from_one_address_lock_the_account_there(person):
    for _ in range(5):
        assert not locked(attempt("203.0.113.5", "fout")[1])
    _, response = attempt("203.0.113.5", PASSWORD)
    assert response.status_code == 200 and locked(response)


def test_a_stranger_cannot_lock_a_known_account_for_its_owner(person):
    attempts = 0
    for _ in range(25):
        attempt("203.0.113.5", "fout")
        attempts += 1
    client, response = attempt("198.51.100.7", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    print(f"LOGIN a stranger's {attempts} failed attempts did not lock the account for its owner")


def test_visitors_behind_the_proxy_are_told_apart_by_their_own_address(person):
    other = UserFactory(email="bestuurder@example.org")
    for number in range(10):  # one address tries many accounts: its per-address limit
        attempt("203.0.113.5", "fout", email=f"iemand{number}@example.org")
    _, response = attempt("203.0.113.5", PASSWORD, email=other.email)
    assert locked(response)
    client, response = attempt("198.51.100.7", PASSWORD, email=other.email)
    assert response.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit(person):
    """The proxy appends the address it saw; what the visitor put before it does not count."""
    for number in range(5):
        attempt(f"192.0.2.{number}, 203.0.113.5", "fout")
    _, response = attempt("192.0.2.99, 203.0.113.5", PASSWORD)
    assert locked(response)


def test_the_wait_grows_with_the_attempts(person, fixed_clock):
    for _ in range(5):
        attempt("203.0.113.5", "fout")
    assert locked(attempt("203.0.113.5", PASSWORD)[1])
    fixed_clock.shift(timedelta(minutes=6))
    for _ in range(5):
        assert not locked(attempt("203.0.113.5", "fout")[1])
    fixed_clock.shift(timedelta(minutes=6))
    assert locked(attempt("203.0.113.5", PASSWORD)[1]), "ten in an hour: wait for the hour"
    fixed_clock.shift(timedelta(minutes=55))
    assert attempt("203.0.113.5", PASSWORD)[1].status_code == 302


def test_a_password_reset_lets_the_rightful_person_in_at_once(
    person, django_capture_on_commit_callbacks
):
    for _ in range(5):
        attempt("203.0.113.5", "fout")
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    new_password = "Nieuw-en-lang-genoeg-2026"
    client.post(form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    _, response = attempt("203.0.113.5", new_password)
    assert response.status_code == 302


def test_a_forwarded_header_with_fewer_addresses_than_proxies_is_no_500(person, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    _, response = attempt("203.0.113.5", PASSWORD)
    assert response.status_code == 302

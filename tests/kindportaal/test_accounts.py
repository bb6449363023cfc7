"""Logging in and out, password reset and rate limits: what people notice at the door."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kindportaal.models import User
from kindportaal.roles import Role
from kindportaal.services import user_deactivate
from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_ERROR = "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_page_is_dutch_and_offers_no_sign_up(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen bij Kindportaal" in html
    assert "Wachtwoord vergeten?" in html
    assert reverse("account_signup") not in html


def test_council_member_logs_in_with_email_and_reaches_the_dashboard(client):
    UserFactory(email="raad@example.org", role=Role.COUNCIL_MEMBER, full_name="Ingrid Bakker")
    response = login(client, "RAAD@example.org")
    assert response.status_code == 302
    home = client.get(reverse("kindportaal:root"), follow=True)
    # A raadslid's home is the council's dashboard.
    assert home.redirect_chain[-1][0] == reverse("reports:dashboard")
    assert re.search(r"<h1[^>]*>\s*Dashboard\s*</h1>", home.content.decode())


def test_wrong_password_and_unknown_address_get_the_same_dutch_message(client):
    UserFactory(email="raad@example.org")
    wrong_password = login(client, "raad@example.org", "fout-wachtwoord")
    unknown = login(client, "niemand@example.org", "fout-wachtwoord")
    assert wrong_password.status_code == unknown.status_code == 200
    assert LOGIN_ERROR in wrong_password.content.decode()
    assert LOGIN_ERROR in unknown.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    UserFactory(email="raad@example.org")
    for _ in range(5):
        assert LOGIN_ERROR in login(client, "raad@example.org", "fout").content.decode()
    # Even the right password waits until the limit has passed.
    response = login(client, "raad@example.org")
    assert response.status_code == 200
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_password_reset_requests_get_a_dutch_429_page(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="raad@example.org")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
        assert response.status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert len(mail.outbox) == 5


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="raad@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
        unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [["raad@example.org"]]


def test_password_reset_link_sets_a_new_password(client, django_capture_on_commit_callbacks):
    UserFactory(email="raad@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new_password = "nieuw-en-lang-genoeg-2026"
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    assert login(client, "raad@example.org", new_password).status_code == 302


def test_the_password_reset_e_mail_is_sent_by_the_worker_not_during_the_request(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """Sent during the request, its e-mail made a reset for a known address 15-30 ms slower
    than for an unknown one: the timing told who has an account."""
    from kindportaal import tasks

    queued = []
    monkeypatch.setattr(
        "kindportaal.adapters.enqueue", lambda task, *args: queued.append((task, args)) or True
    )
    UserFactory(email="raad@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    [(task, (message,))] = queued
    assert task is tasks.send_account_email
    task.apply(args=[message])  # what the worker does
    assert mail.outbox[0].to == ["raad@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_password_reset_is_mailed_in_the_request_when_the_broker_refuses_it(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("kindportaal.adapters.enqueue", lambda task, *args: False)
    UserFactory(email="raad@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "raad@example.org"})
    assert len(mail.outbox) == 1


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("kindportaal:home")).status_code == 302


def test_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "gesloten" in response.content.decode().lower()
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
        },
    )
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_deactivated_person_is_logged_out_and_cannot_log_in(client, policy_officer):
    user = UserFactory(email="weg@example.org")
    client.force_login(user)
    assert client.get(reverse("kindportaal:home")).status_code == 200
    user_deactivate(user=user, by=policy_officer)
    assert client.get(reverse("kindportaal:home"))["Location"].startswith(reverse("account_login"))

    fresh = Client()
    response = login(fresh, "weg@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert fresh.get(reverse("kindportaal:home")).status_code == 302


def test_missing_csrf_token_gets_a_dutch_explanation_and_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    UserFactory(email="raad@example.org")
    response = client.post(
        reverse("account_login"), {"login": "raad@example.org", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "Het formulier kon niet worden verstuurd" in response.content.decode()
    assert "_auth_user_id" not in client.session

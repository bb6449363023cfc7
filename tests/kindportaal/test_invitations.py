"""Invitations: a policy officer invites, the invitee sets a password once, bad links explained."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kindportaal.models import Invitation, User
from kindportaal.roles import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-lang-wachtwoord-2026"


def invite(client, django_capture_on_commit_callbacks, **data):
    payload = {
        "full_name": "Pieter Jansen",
        "email": "pieter@example.org",
        "role": Role.COUNCIL_MEMBER,
    }
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("kindportaal:invitation_create"), payload)


def link_in(message):
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def officer_client(client, policy_officer):
    client.force_login(policy_officer)
    return client


def test_invited_person_gets_a_dutch_mail_sets_a_password_and_can_log_in(
    officer_client, django_capture_on_commit_callbacks, client
):
    response = invite(officer_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitee = User.objects.get(email="pieter@example.org")
    assert not invitee.is_active
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pieter@example.org"]
    assert message.subject == "Uitnodiging voor Kindportaal"
    assert "Beste Pieter Jansen" in message.body
    assert "Raadslid" in message.body

    officer_client.logout()
    link = link_in(message)
    page = client.get(link)
    assert "Kies een wachtwoord" in page.content.decode()
    done = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    invitee.refresh_from_db()
    assert invitee.is_active
    logged_in = client.post(
        reverse("account_login"), {"login": "pieter@example.org", "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302
    assert client.get(reverse("kindportaal:home")).status_code == 200


def test_a_used_link_cannot_be_used_again(
    officer_client, django_capture_on_commit_callbacks, client
):
    invite(officer_client, django_capture_on_commit_callbacks)
    officer_client.logout()
    link = link_in(mail.outbox[0])
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = client.get(link)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    replay = client.post(
        link, {"password1": "Ander-wachtwoord-2026", "password2": "Ander-wachtwoord-2026"}
    )
    assert replay.status_code == 410
    assert User.objects.get(email="pieter@example.org").check_password(NEW_PASSWORD)


def test_an_expired_link_is_explained(officer_client, django_capture_on_commit_callbacks, client):
    invite(officer_client, django_capture_on_commit_callbacks)
    officer_client.logout()
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=10),
        expires_at=timezone.now() - timedelta(days=3),
    )
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    posted = client.post(
        link_in(mail.outbox[0]), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert posted.status_code == 410
    assert not User.objects.get(email="pieter@example.org").is_active


def test_a_tampered_link_is_explained(officer_client, django_capture_on_commit_callbacks, client):
    invite(officer_client, django_capture_on_commit_callbacks)
    officer_client.logout()
    link = link_in(mail.outbox[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.get(tampered)
    assert response.status_code == 410
    assert "niet geldig" in response.content.decode()


def test_a_new_invitation_replaces_the_old_link(
    officer_client, django_capture_on_commit_callbacks, client
):
    invite(officer_client, django_capture_on_commit_callbacks)
    invitee = User.objects.get(email="pieter@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("kindportaal:invitation_resend", args=[invitee.pk]))
    assert len(mail.outbox) == 2
    officer_client.logout()
    old = client.get(link_in(mail.outbox[0]))
    assert old.status_code == 410
    assert "vervangen" in old.content.decode()
    assert client.get(link_in(mail.outbox[1])).status_code == 200


def test_inviting_an_existing_account_is_refused_in_dutch(
    officer_client, django_capture_on_commit_callbacks, council_member
):
    response = invite(
        officer_client, django_capture_on_commit_callbacks, email=council_member.email.upper()
    )
    assert response.status_code == 200
    assert "Er bestaat al een account met dit e-mailadres" in response.content.decode()
    assert mail.outbox == []


def test_a_too_long_name_is_refused_at_the_field(
    officer_client, django_capture_on_commit_callbacks
):
    response = invite(officer_client, django_capture_on_commit_callbacks, full_name="x" * 151)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 150 tekens bevat (het zijn er nu 151)" in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="pieter@example.org").exists()


def test_weak_or_mismatched_passwords_are_refused(
    officer_client, django_capture_on_commit_callbacks, client
):
    invite(officer_client, django_capture_on_commit_callbacks)
    officer_client.logout()
    link = link_in(mail.outbox[0])
    mismatch = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk" in mismatch.content.decode()
    short = client.post(link, {"password1": "kort", "password2": "kort"})
    assert (
        "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in short.content.decode()
    )
    assert not User.objects.get(email="pieter@example.org").is_active


def test_only_policy_officers_can_invite(client, director_a, django_capture_on_commit_callbacks):
    client.force_login(director_a)
    response = invite(client, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert "geen toegang" in response.content.decode()
    assert not User.objects.filter(email="pieter@example.org").exists()


def test_policy_officer_deactivates_and_reactivates_a_person(officer_client, council_member):
    page = officer_client.get(reverse("kindportaal:user_deactivate", args=[council_member.pk]))
    assert "kan daarna niet meer inloggen" in page.content.decode()
    officer_client.post(reverse("kindportaal:user_deactivate", args=[council_member.pk]))
    council_member.refresh_from_db()
    assert not council_member.is_active
    listing = officer_client.get(reverse("kindportaal:user_list")).content.decode()
    assert "gedeactiveerd" in listing
    officer_client.post(reverse("kindportaal:user_reactivate", args=[council_member.pk]))
    council_member.refresh_from_db()
    assert council_member.is_active


def test_policy_officer_cannot_deactivate_themselves(officer_client, policy_officer):
    response = officer_client.post(reverse("kindportaal:user_deactivate", args=[policy_officer.pk]))
    assert response.status_code == 403
    policy_officer.refresh_from_db()
    assert policy_officer.is_active


def test_user_list_filters_by_role_and_search(
    officer_client, council_member, director_a, director_b
):
    url = reverse("kindportaal:user_list")
    html = officer_client.get(url, {"role": Role.COUNCIL_MEMBER}).content.decode()
    assert council_member.email in html
    assert director_a.email not in html
    html = officer_client.get(url, {"q": "Kaya"}).content.decode()
    assert director_b.email in html
    assert director_a.email not in html
    assert council_member.email not in html


@pytest.mark.parametrize(
    "weak",
    ["aaaaaaaaaaaa", "Wachtwoord123", "Wachtwoord2026!", "Voorbeeldstad2026", "qwertyuiop12"],
)
def test_common_dutch_and_repetitive_passwords_are_refused_in_dutch(
    officer_client, django_capture_on_commit_callbacks, client, weak
):
    invite(officer_client, django_capture_on_commit_callbacks)
    officer_client.logout()
    response = client.post(link_in(mail.outbox[0]), {"password1": weak, "password2": weak})
    assert "Dit wachtwoord is te algemeen." in response.content.decode()
    assert not User.objects.get(email="pieter@example.org").is_active

"""The invitation and account services, as the invited person and the policy officer notice
them: one account per address, one open link per person, a link used once even by two tabs at
the same moment, and a deactivated person's open link withdrawn."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kindportaal import services
from kindportaal.history import reason_display
from kindportaal.invitations import InvitationExtension
from kindportaal.models import Invitation, User
from kindportaal.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def invite(officer, email="Pieter@Example.org ", **data):
    return services.invitation_create(
        invited_by=officer,
        email=email,
        full_name=data.get("full_name", "Pieter Jansen"),
        role=data.get("role", Role.COUNCIL_MEMBER),
    )


def test_an_invitation_makes_an_inactive_account_under_the_plain_address(
    policy_officer, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(policy_officer)
    user = User.objects.get(email="pieter@example.org")
    assert invitation.user == user and invitation.invited_by == policy_officer
    assert (user.full_name, user.role, user.is_active) == (
        "Pieter Jansen",
        Role.COUNCIL_MEMBER,
        False,
    )
    assert not user.has_usable_password()
    assert invitation.is_open
    valid_for = invitation.expires_at - invitation.created_at
    assert valid_for == datetime.timedelta(days=7)
    assert now <= invitation.created_at <= timezone.now()
    assert [message.to for message in mail.outbox] == [["pieter@example.org"]]


def test_inviting_again_updates_the_person_and_withdraws_the_old_link(policy_officer):
    first = invite(policy_officer)
    second = invite(
        policy_officer,
        email="pieter@example.org",
        full_name="P. Jansen",
        role=Role.PARTNER_DIRECTOR,
    )
    assert User.objects.filter(email__iexact="pieter@example.org").count() == 1
    user = User.objects.get(email="pieter@example.org")
    assert (user.full_name, user.role) == ("P. Jansen", Role.PARTNER_DIRECTOR)
    first.refresh_from_db()
    assert first.revoked_at is not None and not first.is_open
    assert second.is_open
    with pytest.raises(services.InvitationError, match="vervangen"):
        services.invitation_from_token(first.token)
    assert services.invitation_from_token(second.token) == second


def test_an_active_account_is_not_invited_again(policy_officer, council_member):
    # The pages offer neither for an active account; should a caller try, it says why.
    with pytest.raises(ValueError, match="^An active account cannot be invited again.$"):
        invite(policy_officer, email=council_member.email.upper())
    with pytest.raises(ValueError, match="^An active account needs no invitation.$"):
        services.invitation_resend(user=council_member, invited_by=policy_officer)
    assert not Invitation.objects.filter(user=council_member).exists()


def test_a_name_that_is_too_long_is_refused_and_nothing_is_made(policy_officer):
    with pytest.raises(ValidationError):
        invite(policy_officer, full_name="x" * 300)
    assert not User.objects.filter(email="pieter@example.org").exists()


def test_resending_gives_a_new_link_and_withdraws_the_old(
    policy_officer, django_capture_on_commit_callbacks
):
    first = invite(policy_officer)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitation_resend(user=first.user, invited_by=policy_officer)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open and second.pk != first.pk
    assert len(mail.outbox) == 1


def test_accepting_sets_the_password_and_uses_the_link_up(policy_officer):
    invitation = invite(policy_officer)
    user = services.invitation_accept(token=invitation.token, password=PASSWORD)
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)
    address = user.emailaddress_set.get()
    assert (address.email, address.verified, address.primary) == ("pieter@example.org", True, True)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(services.InvitationError, match="al gebruikt"):
        services.invitation_accept(token=invitation.token, password="Iets-anders-2026")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("other_tab", ["accepted_at", "revoked_at"])
def test_two_tabs_accepting_the_same_link_at_once_accept_it_once(
    policy_officer, monkeypatch, other_tab
):
    """Between this request's first look at the link and its lock on it, another request
    accepted the link (or a newer invitation replaced it) and committed."""
    invitation = invite(policy_officer)
    first_look = services.invitation_from_token

    def and_then_the_other_tab_commits(token):
        found = first_look(token)
        Invitation.objects.filter(pk=found.pk).update(**{other_tab: timezone.now()})
        return found

    monkeypatch.setattr(services, "invitation_from_token", and_then_the_other_tab_commits)
    with pytest.raises(services.InvitationError, match="al gebruikt"):
        services.invitation_accept(token=invitation.token, password=PASSWORD)
    user = User.objects.get(pk=invitation.user.pk)
    assert not user.is_active
    assert not user.has_usable_password()


def test_an_expired_link_cannot_be_accepted(policy_officer):
    invitation = invite(policy_officer)
    expired = pytest.raises(services.InvitationError, match="verlopen")
    with time_machine.travel(invitation.expires_at, tick=False), expired:
        services.invitation_accept(token=invitation.token, password=PASSWORD)
    with time_machine.travel(invitation.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert services.invitation_accept(token=invitation.token, password=PASSWORD).is_active


@pytest.mark.parametrize("token", ["", "niet-echt", "12345678-1234-1234-1234-123456789012:x"])
def test_a_broken_link_is_explained(token):
    with pytest.raises(services.InvitationError, match="niet geldig"):
        services.invitation_from_token(token)


def test_a_link_to_an_invitation_that_no_longer_exists_is_explained(policy_officer):
    invitation = invite(policy_officer)
    token = invitation.token
    invitation.delete()
    with pytest.raises(services.InvitationError, match="niet geldig"):
        services.invitation_from_token(token)


def test_deactivating_withdraws_the_open_link_and_reactivating_lets_in_again(
    policy_officer, council_member
):
    pending = invite(policy_officer)
    services.user_deactivate(user=pending.user, by=policy_officer)
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    services.user_deactivate(user=council_member, by=policy_officer)
    council_member.refresh_from_db()
    assert not council_member.is_active
    latest = council_member.history.first()
    with translation.override("en"):
        assert reason_display(latest.history_change_reason) == (
            f"Deactivated by {policy_officer.email}"
        )
    services.user_reactivate(user=council_member, by=policy_officer)
    council_member.refresh_from_db()
    assert council_member.is_active
    with translation.override("en"):
        assert reason_display(council_member.history.first().history_change_reason) == (
            f"Reactivated by {policy_officer.email}"
        )


def test_a_person_changes_their_name_but_not_to_one_too_long(council_member):
    services.user_update_profile(user=council_member, full_name="Raadslid Nieuw")
    council_member.refresh_from_db()
    assert council_member.full_name == "Raadslid Nieuw"
    with pytest.raises(ValidationError):
        services.user_update_profile(user=council_member, full_name="x" * 300)
    council_member.refresh_from_db()
    assert council_member.full_name == "Raadslid Nieuw"


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_link_is_valid_for_the_configured_days(policy_officer, settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation = invite(policy_officer)
    assert invitation.expires_at == datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC)


def test_saving_ones_profile_does_not_undo_a_deactivation_made_meanwhile(
    council_member, policy_officer
):
    opened = User.objects.get(pk=council_member.pk)  # the profile page, still open
    services.user_deactivate(user=council_member, by=policy_officer)
    services.user_update_profile(user=opened, full_name="Ingrid Bakker-de Wit")
    council_member.refresh_from_db()
    assert council_member.full_name == "Ingrid Bakker-de Wit"
    assert not council_member.is_active


def test_a_new_invitation_leaves_the_earlier_ones_as_they_were(policy_officer):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        first = invite(policy_officer)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        second = invite(policy_officer)
        services.invitation_accept(token=second.token, password=PASSWORD)
    services.user_deactivate(user=second.user, by=policy_officer)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, tzinfo=datetime.UTC), tick=False):
        third = invite(policy_officer)
        assert third.is_open
    first.refresh_from_db()
    second.refresh_from_db()
    # Withdrawn on the day the second one was sent, not again later; the accepted one stays
    # accepted and is not withdrawn afterwards.
    assert first.revoked_at == datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    assert second.accepted_at is not None and second.revoked_at is None


def test_reading_a_link_and_the_person_behind_it_takes_one_query(
    policy_officer, django_assert_num_queries
):
    token = invite(policy_officer).token
    with django_assert_num_queries(1):
        assert services.invitation_from_token(token).user.email == "pieter@example.org"


def test_the_apps_record_what_they_need_with_who_invited(policy_officer, monkeypatch):
    recorded = []
    extension = InvitationExtension(
        fields=dict, clean=lambda data: {}, record=lambda **kwargs: recorded.append(kwargs)
    )
    monkeypatch.setattr(
        apps.get_app_config("reports"), "invitation_extensions", [extension], raising=False
    )
    invitation = services.invitation_create(
        invited_by=policy_officer,
        email="pieter@example.org",
        full_name="Pieter Jansen",
        role=Role.COUNCIL_MEMBER,
        extra={"team": "Oost"},
    )
    assert recorded == [
        {"user": invitation.user, "invited_by": policy_officer, "data": {"team": "Oost"}}
    ]

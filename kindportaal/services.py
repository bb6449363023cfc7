"""Writes of the portal itself: invitations and accounts. Views call these; nothing else writes."""

import logging
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kindportaal import audit
from kindportaal.history import history_reason
from kindportaal.invitations import invitation_extensions
from kindportaal.mail import header_value
from kindportaal.models import INVITATION_SALT, AuditKind, Invitation, User
from kindportaal.queueing import enqueue_on_commit
from kindportaal.roles import Role

logger = logging.getLogger(__name__)


class AccountAnonymised(Exception):
    """An anonymised account cannot be used again: its person is gone from the portal."""


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why, in the user's language."""


def invitation_create(
    *, invited_by: User, email: str, full_name: str, role: str, extra: dict | None = None
) -> Invitation:
    """Invite a person: their account is made inactive now and activated when they accept.

    Inviting someone whose earlier invitation is still open replaces that invitation. `extra`
    holds the values of the fields other apps add to the form (kindportaal.invitations); with
    it, each of those apps records what it needs for the person in this transaction.
    """
    with transaction.atomic():
        email = email.strip().lower()
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, full_name=full_name, role=role, is_active=False)
            user.set_unusable_password()
            user.full_clean()
            user.save()
        else:
            if user.is_active:
                raise ValueError("An active account cannot be invited again.")
            if user.anonymised_at is not None:
                raise AccountAnonymised
            previous_role = user.role
            user.full_name = full_name
            user.role = role
            user.full_clean()
            user.save(update_fields=["full_name", "role"])
            if previous_role != role:
                audit_role_change(user=user, previous_role=previous_role, actor=invited_by)
        if extra is not None:
            for extension in invitation_extensions():
                extension.record(user=user, invited_by=invited_by, data=extra)
        return _invitation_issue(
            user=user, invited_by=invited_by, what=gettext_noop("Invited %(email)s as %(role)s")
        )


def audit_role_change(*, user: User, previous_role: str, actor: User | None) -> None:
    """Record in the audit log that `user` was given another role (the admin changes roles too)."""
    audit.record(
        AuditKind.ROLE,
        gettext_noop("Role of %(email)s changed from %(previous_role)s to %(role)s"),
        params={
            "email": user.email,
            "previous_role": Role(previous_role).label if previous_role else "",
            "role": Role(user.role).label,
        },
        actor=actor,
        subject=user,
    )


def invitation_resend(*, user: User, invited_by: User) -> Invitation:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise ValueError("An active account needs no invitation.")
        if user.anonymised_at is not None:
            raise AccountAnonymised
        return _invitation_issue(
            user=user,
            invited_by=invited_by,
            what=gettext_noop("Invited %(email)s again as %(role)s"),
        )


def _invitation_issue(*, user, invited_by, what: str):
    """A new invitation of `user` in place of their open one: recorded in the audit log as
    `what` (of the e-mail address and the role) and e-mailed once the transaction commits."""
    now = timezone.now()
    user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        user=user,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(
        AuditKind.INVITATION,
        what,
        params={"email": user.email, "role": Role(user.role).label},
        actor=invited_by,
        subject=user,
    )
    _queue_invitation_email(invitation)
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The open invitation behind a link, or InvitationError saying why it cannot be used."""
    try:
        public_id = uuid.UUID(signing.Signer(salt=INVITATION_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied the whole link.")
        ) from error
    invitation = Invitation.objects.select_related("user").filter(public_id=public_id).first()
    if invitation is None:
        raise InvitationError(
            _("This invitation link is not valid. Check that you copied the whole link.")
        )
    if invitation.accepted_at is not None:
        raise InvitationError(
            _(
                "This invitation has already been used. Log in with your e-mail address and "
                "password."
            )
        )
    if invitation.revoked_at is not None:
        raise InvitationError(
            _(
                "This invitation has been replaced by a newer one or withdrawn. Use the link in "
                "the most recent e-mail, or ask the gemeente for a new invitation."
            )
        )
    if invitation.is_expired:
        raise InvitationError(
            _(
                "This invitation has expired. Ask the policy officer who invited you to send a new "
                "one."
            )
        )
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password and activate their account; the link is used up."""
    with transaction.atomic():
        invitation = invitation_from_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        # Checked again under the lock: two tabs submitting the same link accept it once.
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise InvitationError(_("This invitation has already been used."))
        return _invitation_use(invitation, password=password)


def _invitation_use(invitation: Invitation, *, password: str | None) -> User:
    """Activate the invited person's account and use the invitation up (the caller holds its
    lock): with the password chosen on the invitation's page, or without one at a first login
    through an identity provider that vouches for the address (provider_login_user)."""
    user = invitation.user
    fields = ["is_active"]
    if password is not None:
        user.set_password(password)
        fields.append("password")
    user.is_active = True
    user.save(update_fields=fields)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        AuditKind.INVITATION_ACCEPTED,
        gettext_noop("Accepted the invitation of %(email)s"),
        params={"email": user.email},
        actor=user,
        subject=user,
    )
    return user


class ProviderLoginRefused(Exception):
    """A login through an identity provider that the portal does not let in; the message says
    why, in the user's language."""


def provider_login_user(*, email: str, role: str | None, provider_name: str) -> User:
    """The account a login through an identity provider belongs to, by the address the
    provider vouches for: an active account, or the account of an open invitation, which this
    login accepts. Nobody else gets in and no account is made. `role`, when the provider
    assigns one, becomes the account's role."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
        if user is None:
            raise ProviderLoginRefused(
                _("There is no account in Kindportaal for %(email)s.") % {"email": email}
            )
        if not user.is_active:
            invitation = (
                user.invitations.select_for_update()
                .filter(accepted_at__isnull=True, revoked_at__isnull=True)
                .order_by("-created_at")
                .first()
            )
            if invitation is None or invitation.is_expired:
                raise ProviderLoginRefused(
                    _("The account in Kindportaal for %(email)s is not active.") % {"email": email}
                )
            user = _invitation_use(invitation, password=None)
        if role and user.role != role:
            previous_role, user.role = user.role, role
            user._change_reason = history_reason(
                gettext_noop("Role given by %(provider)s"), provider=provider_name
            )
            user.save(update_fields=["role"])
            audit_role_change(user=user, previous_role=previous_role, actor=None)
        return user


def user_deactivate(*, user: User, by: User) -> None:
    """Deactivate an account: the person is logged out and can no longer log in."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        # The retention term of an inactive account runs from here (user_anonymise).
        user.deactivated_at = timezone.now()
        user._change_reason = history_reason(
            gettext_noop("Deactivated by %(email)s"), email=by.email
        )
        user.save(update_fields=["is_active", "deactivated_at"])
        user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_activation(user=user, actor=by)


def user_reactivate(*, user: User, by: User) -> None:
    """Let a deactivated person log in again; this stops the clock of user_anonymise."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.anonymised_at is not None:
            raise AccountAnonymised
        user.is_active = True
        user.deactivated_at = None
        user._change_reason = history_reason(
            gettext_noop("Reactivated by %(email)s"), email=by.email
        )
        user.save(update_fields=["is_active", "deactivated_at"])
        audit_activation(user=user, actor=by)


def audit_activation(*, user: User, actor: User | None) -> None:
    """Record in the audit log that `user` was deactivated or reactivated."""
    if user.is_active:
        message = gettext_noop("Reactivated %(email)s")
    else:
        message = gettext_noop("Deactivated %(email)s")
    audit.record(
        AuditKind.DEACTIVATION, message, params={"email": user.email}, actor=actor, subject=user
    )


def user_update_profile(*, user: User, full_name: str) -> User:
    user.full_name = full_name
    user.full_clean()
    user.save(update_fields=["full_name"])
    return user


def _queue_invitation_email(invitation):
    from kindportaal.tasks import send_invitation_email  # the task calls this module

    enqueue_on_commit(send_invitation_email, invitation.pk)


def invitation_email_send(*, invitation_id: int) -> None:
    """Send the invitation's e-mail once: the row stays locked until it is marked as sent, so a
    task queued twice (by the janitor, after a lost queue) sends nothing the second time."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        # Gone, replaced by a newer one, or already used: nothing to send.
        if invitation is None or not invitation.is_open:
            logger.info("Invitation %s is no longer open; no e-mail sent.", invitation_id)
            return
        if invitation.email_sent_at is not None:
            logger.info("Invitation %s was sent already.", invitation_id)
            return
        _send_invitation(invitation)
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])


def _send_invitation(invitation):
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + invitation.get_accept_url(),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = header_value(
            render_to_string("kindportaal/email/invitation_subject.txt", context)
        )
        body = render_to_string("kindportaal/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.user.email])

"""Background jobs of the portal itself."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kindportaal.mail import header_value
from kindportaal.models import Invitation
from kindportaal.queueing import enqueue, resubmit_unfinished_work

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
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


def resubmit_invitation_emails(*, older_than, newer_than) -> int:
    """Janitor job: open invitations whose e-mail has not gone out (see kindportaal.queueing)."""
    ids = list(
        Invitation.objects.filter(
            email_sent_at__isnull=True,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            created_at__lt=older_than,
            created_at__gte=newer_than,
        ).values_list("pk", flat=True)
    )
    return sum(enqueue(send_invitation_email, pk) for pk in ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_email(message: dict) -> None:
    """An e-mail of the account pages (password reset, address to verify), made in the request
    (kindportaal.adapters.AccountAdapter.send_mail) and sent here."""
    email = EmailMultiAlternatives(
        message["subject"], message["body"], message["from_email"], message["to"]
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    email.send()


@shared_task
def janitor() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE): queue again the work no worker finished."""
    return resubmit_unfinished_work()


@shared_task
def ping() -> str:
    """A trivial task that proves a worker is consuming from the broker."""
    return "pong"

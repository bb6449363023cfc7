"""Background jobs of the portal itself."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from kindportaal import notices, services
from kindportaal.models import Delivery, Invitation, Notice
from kindportaal.queueing import enqueue_each, recorded_between, resubmit_unfinished_work


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    services.invitation_email_send(invitation_id=invitation_id)


def resubmit_invitation_emails(*, older_than, newer_than) -> int:
    """Janitor job: open invitations whose e-mail has not gone out (see kindportaal.queueing)."""
    unsent = Invitation.objects.filter(
        email_sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    window = recorded_between(unsent, older_than=older_than, newer_than=newer_than)
    return enqueue_each(send_invitation_email, window.values_list("pk", flat=True))


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


def resubmit_notice_emails(*, older_than, newer_than) -> int:
    """Janitor job: notices to be e-mailed at once whose e-mail has not gone out. The agenda's
    own e-mails (kindportaal.notices.SENT_BY_THEIR_APP) have their own janitor job."""
    unsent = Notice.objects.filter(emailed_at__isnull=True, read_at__isnull=True).exclude(
        kind__in=notices.SENT_BY_THEIR_APP
    )
    ids = []
    for notice in recorded_between(unsent, older_than=older_than, newer_than=newer_than):
        delivery = notices.deliveries(user_ids=[notice.recipient_id], kind=notice.kind)
        if delivery[notice.recipient_id] == Delivery.IMMEDIATE:
            ids.append(notice.pk)
    return enqueue_each(send_notice_email, ids)


@shared_task
def janitor() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE): queue again the work no worker finished."""
    return resubmit_unfinished_work()


@shared_task
def ping() -> str:
    """A trivial task that proves a worker is consuming from the broker."""
    return "pong"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice_email(notice_id: int) -> bool:
    return notices.notice_email_send(notice_id=notice_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice_digests() -> int:
    """Daily at NOTICE_DIGEST_HOUR (CELERY_BEAT_SCHEDULE): everyone's overview of notices."""
    return notices.digests_send()


@shared_task
def retention() -> dict:
    """Every night (CELERY_BEAT_SCHEDULE): remove what has passed its retention term."""
    from kindportaal.retention import retention_run

    return retention_run()

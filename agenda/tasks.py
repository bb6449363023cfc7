"""E-mails about agreements, sent by Celery: to the parties when an agreement is proposed to them
or changed, and the daily warning to the owner of an agreement that is due soon without progress.
Each e-mail is recorded as a Notification first, so it goes out once per condition."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda import services
from agenda.models import Notification, NotificationKind
from kindportaal.mail import header_value
from kindportaal.models import User
from kindportaal.queueing import enqueue
from kindportaal.roles import Role

logger = logging.getLogger(__name__)


def recipients_for(notification):
    """Active partner directors of the parties (proposal, change) or of the owner (warning)."""
    agreement = notification.agreement
    if notification.kind == NotificationKind.STALE:
        organisation_ids = [agreement.owner_id]
    else:
        organisation_ids = list(agreement.parties.values_list("pk", flat=True))
    return list(
        User.objects.filter(
            memberships__organisation_id__in=organisation_ids,
            role=Role.PARTNER_DIRECTOR,
            is_active=True,
        )
        .distinct()
        .order_by("email")
        .values_list("email", flat=True)
    )


def deliver(notification_id, task_id=""):
    """Send a recorded notification unless it has been sent already."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("agreement", "agreement__owner")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return 0
        recipients = recipients_for(notification)
        context = {
            "agreement": notification.agreement,
            "notification": notification,
            "url": settings.SITE_URL + notification.agreement.get_absolute_url(),
            "days": services.STALE_DAYS_WITHOUT_PROGRESS,
        }
        if notification.failed_at is not None:
            return 0  # shown as failed; only a person can decide to send it again
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject = header_value(
                    render_to_string(f"agenda/email/{notification.kind}_subject.txt", context)
                )
                body = render_to_string(f"agenda/email/{notification.kind}_message.txt", context)
            messages = [EmailMessage(subject, body, None, [email]) for email in recipients]
            if messages:
                get_connection().send_messages(messages)
        except OSError:
            raise  # the mail server is away: the task tries again
        except Exception as error:
            # Anything else will not go away by trying again: the notification is failed and
            # shown with its reason, not retried for ever.
            _fail(notification, error, task_id)
            return 0
        notification.recipients = ", ".join(recipients)
        notification.sent_at = timezone.now()
        notification.task_id = task_id or ""
        notification.save(update_fields=["recipients", "sent_at", "task_id"])
    logger.info("Notification %s sent to %d people.", notification_id, len(recipients))
    return len(recipients)


def _fail(notification, error, task_id=""):
    notification.failed_at = timezone.now()
    notification.error = f"{type(error).__name__}: {error}"[:500]
    notification.task_id = task_id or notification.task_id
    notification.save(update_fields=["failed_at", "error", "task_id"])
    logger.error("Notification %s could not be sent: %s", notification.pk, notification.error)


def fail_undelivered(notification_id, error):
    """The last retry failed too (the mail server stayed away): mark it failed."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if notification is not None:
            _fail(notification, error)


MAX_RETRIES = 5


@shared_task(bind=True, retry_backoff=True, max_retries=MAX_RETRIES)
def send_notification(self, notification_id: int) -> int:
    try:
        return deliver(notification_id, task_id=self.request.id or "")
    except OSError as error:
        if self.request.retries >= MAX_RETRIES:
            fail_undelivered(notification_id, error)
            return 0
        raise self.retry(exc=error) from error


def resubmit_notifications(*, older_than, newer_than) -> int:
    """Janitor job: recorded notifications that were never sent (see kindportaal.queueing)."""
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True,
            failed_at__isnull=True,
            created_at__lt=older_than,
            created_at__gte=newer_than,
        ).values_list("pk", flat=True)
    )
    return sum(enqueue(send_notification, pk) for pk in ids)


@shared_task(bind=True)
def warn_stale_agreements(self) -> int:
    """Daily: warn owners of agreements due within 14 days without progress for 30 days."""
    with transaction.atomic():
        ids = services.stale_warnings_record(today=timezone.localdate())
    for notification_id in ids:
        deliver(notification_id, task_id=self.request.id or "")
    return len(ids)

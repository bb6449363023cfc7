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
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(
                f"agenda/email/{notification.kind}_subject.txt", context
            ).strip()
            body = render_to_string(f"agenda/email/{notification.kind}_message.txt", context)
        messages = [EmailMessage(subject, body, None, [email]) for email in recipients]
        if messages:
            get_connection().send_messages(messages)
        notification.recipients = ", ".join(recipients)
        notification.sent_at = timezone.now()
        notification.task_id = task_id or ""
        notification.save(update_fields=["recipients", "sent_at", "task_id"])
    logger.info("Notification %s sent to %d people.", notification_id, len(recipients))
    return len(recipients)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(self, notification_id: int) -> int:
    return deliver(notification_id, task_id=self.request.id or "")


def resubmit_notifications(*, older_than, newer_than) -> int:
    """Janitor job: recorded notifications that were never sent (see kindportaal.queueing)."""
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True, created_at__lt=older_than, created_at__gte=newer_than
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

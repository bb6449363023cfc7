"""Sending the recorded notifications about agreements (the tasks in agenda/tasks.py call these
with an id): who gets each one, its e-mail in Dutch, and marking it sent, or failed with its
reason. A notification is sent once; one that failed is shown and only a person sends it again."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda import services
from agenda.models import Notification, NotificationKind
from kindportaal.mail import header_value
from kindportaal.models import User
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

"""E-mails about agreements, sent by Celery: to the parties when an agreement is proposed to them
or changed, and the daily warning to the owner of an agreement that is due soon without progress.
Each e-mail is recorded as a Notification first, so it goes out once per condition; the tasks take
its id and call agenda.notifications, which sends it."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from agenda import services
from agenda.models import Notification
from agenda.notifications import deliver, fail_undelivered
from kindportaal.queueing import enqueue_each, recorded_between

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
    unsent = Notification.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    window = recorded_between(unsent, older_than=older_than, newer_than=newer_than)
    return enqueue_each(send_notification, window.values_list("pk", flat=True))


@shared_task(bind=True)
def warn_stale_agreements(self) -> int:
    """Daily: warn owners of agreements due within 14 days without progress for 30 days."""
    with transaction.atomic():
        ids = services.stale_warnings_record(today=timezone.localdate())
    for notification_id in ids:
        deliver(notification_id, task_id=self.request.id or "")
    return len(ids)

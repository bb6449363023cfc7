"""Background work that is not lost when the broker is down or loses its queue.

Work is recorded in the database first (an invitation without `email_sent_at`, a notification
without `sent_at`) and its task is queued once the transaction commits, with `enqueue_on_commit`.
When Redis is down at that moment the request still succeeds: the failure is logged, not raised.
When Redis restarts and loses what was queued, nothing remembers the task but the database: the
janitor (`kindportaal.tasks.janitor`, on the beat schedule) asks every app for the work it
recorded and did not finish, and queues it again. Tasks check and mark their record under a row
lock, so work that was queued twice is still done once.

An app declares what it can resubmit on its AppConfig, as it declares its navigation:
`janitor_jobs = [callable(*, older_than, newer_than) -> number of tasks queued again]`: work
recorded between those two moments that is not done yet. Older work is given up on (and logged).
A job picks its records with `recorded_between` and queues them with `enqueue_each`:

    def resubmit_notifications(*, older_than, newer_than) -> int:
        unsent = Notification.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        window = recorded_between(unsent, older_than=older_than, newer_than=newer_than)
        return enqueue_each(send_notification, window.values_list("pk", flat=True))
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Fail fast when the broker is down: the work is in the database and the janitor queues it again.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}


def enqueue(task, *args, task_id=None) -> bool:
    """Queue `task(*args)` now; False (and a warning in the log) when the broker refuses it."""
    try:
        task.apply_async(args=args, task_id=task_id, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # the broker's errors differ per transport; none may reach the user
        logger.warning(
            "Could not queue %s%r; the janitor will queue it again.", task.name, args, exc_info=True
        )
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction has committed (at once without one)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue_each(task, ids) -> int:
    """Queue `task(pk)` for each of `ids` (read to the end first); how many the broker took."""
    return sum(enqueue(task, pk) for pk in list(ids))


def recorded_between(queryset, *, older_than, newer_than):
    """The records of `queryset` created in a janitor job's window: after `newer_than`, and long
    enough ago (before `older_than`) that their task should have finished."""
    return queryset.filter(created_at__lt=older_than, created_at__gte=newer_than)


def janitor_jobs() -> list[Callable]:
    return [job for config in apps.get_app_configs() for job in getattr(config, "janitor_jobs", ())]


def resubmit_unfinished_work(now=None) -> dict[str, int]:
    """Queue again the work recorded before the grace period that is still not done."""
    now = now or timezone.now()
    older_than = now - timedelta(minutes=settings.JANITOR_RESUBMIT_AFTER_MINUTES)
    newer_than = now - timedelta(hours=settings.JANITOR_GIVE_UP_AFTER_HOURS)
    counts = {}
    for job in janitor_jobs():
        counts[f"{job.__module__}.{job.__name__}"] = job(
            older_than=older_than, newer_than=newer_than
        )
    total = sum(counts.values())
    if total:
        logger.warning("The janitor queued %d unfinished tasks again: %s", total, counts)
    return counts

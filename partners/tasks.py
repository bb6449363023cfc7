"""Background work of the partners app: checking and importing large register files."""

from celery import shared_task

from kindportaal.queueing import enqueue, recorded_between
from partners import services
from partners.models import ImportRun, ImportStatus


@shared_task(bind=True)
def check_import_run(self, run_id: int) -> None:
    services.import_run_check(run_id=run_id, task_id=self.request.id or "")


@shared_task(bind=True)
def apply_import_run(self, run_id: int, overwrite_conflicts: bool = False) -> None:
    services.import_run_apply(
        run_id=run_id, overwrite_conflicts=overwrite_conflicts, task_id=self.request.id or ""
    )


def resubmit_import_runs(*, older_than, newer_than) -> int:
    """Janitor job (kindportaal.queueing): runs left being checked or imported, whose task was
    lost with the broker's queue. Both tasks act only on a run still in that state (the import
    under the run's row lock), so a run that is still being worked on is not imported twice."""
    running = [ImportStatus.CHECKING, ImportStatus.IMPORTING]
    unfinished = ImportRun.objects.filter(status__in=running)
    runs = recorded_between(unfinished, older_than=older_than, newer_than=newer_than).values_list(
        "pk", "status", "overwrite_conflicts"
    )
    queued = 0
    for pk, status, overwrite in runs:
        if status == ImportStatus.CHECKING:
            queued += enqueue(check_import_run, pk)
        else:
            queued += enqueue(apply_import_run, pk, overwrite)
    return queued

"""Background work of the partners app: checking and importing large register files."""

from celery import shared_task

from partners import services


@shared_task(bind=True)
def check_import_run(self, run_id: int) -> None:
    services.import_run_check(run_id=run_id, task_id=self.request.id or "")


@shared_task(bind=True)
def apply_import_run(self, run_id: int, overwrite_conflicts: bool = False) -> None:
    services.import_run_apply(
        run_id=run_id, overwrite_conflicts=overwrite_conflicts, task_id=self.request.id or ""
    )

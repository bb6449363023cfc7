"""The portal's Celery app for a worker that waits WORKER_RENDER_DELAY seconds after it has taken
an LEA document and before it renders it, so a test can kill the worker meanwhile
(tests/reports/lea/test_worker.py). Started with `celery -A tests.slow_worker worker`."""

import os
import time

from celery.signals import task_prerun

from kindportaal.celery import app

__all__ = ["app"]


@task_prerun.connect
def _slow_rendering(**kwargs):
    from reports import services

    render = services.lea_document_html
    if getattr(render, "slowed", False):
        return

    def slow(document):
        time.sleep(float(os.environ["WORKER_RENDER_DELAY"]))
        return render(document)

    slow.slowed = True
    services.lea_document_html = slow

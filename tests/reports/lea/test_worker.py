"""A real Celery worker on Redis makes the LEA document, and a worker killed while it renders
leaves no document stuck: Redis hands the unacknowledged task to the next worker, which makes it."""

import time

import pytest

from kindportaal.celery import app as celery_app
from reports import services
from reports.models import DocumentStatus, LeaDocument
from tests.reports.lea.conftest import KNOWN_AGREEMENT, pdf_of, text_of
from tests.workers import start_worker

pytestmark = pytest.mark.celery_worker


def wait_for(document, statuses, seconds, worker):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in statuses:
            return document
        time.sleep(0.2)
    raise AssertionError(f"still {document.status} after {seconds}s:\n{worker.log()}")


def test_a_real_worker_makes_the_document(celery_worker_process, lea_agenda, policy_officer):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    wait_for(document, {DocumentStatus.DONE, DocumentStatus.FAILED}, 90, celery_worker_process)
    assert document.status == DocumentStatus.DONE, document.error
    assert document.task_id and document.attempts == 1
    reader = pdf_of(document)
    text = text_of(reader)
    assert KNOWN_AGREEMENT in text
    assert "Versie 1" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.fixture
def slow_workers(transactional_db, redis_url, tmp_path, settings):
    """Workers that wait a few seconds before rendering, with a broker that hands out an
    unacknowledged task again after three seconds."""
    started = []
    env = {"WORKER_RENDER_DELAY": "6", "CELERY_VISIBILITY_TIMEOUT": "3"}
    previous_queue = celery_app.conf.task_default_queue

    def start(queue=None):
        worker = start_worker(
            tmp_path, queue=queue, extra_env=env, celery_app_module="tests.slow_worker"
        )
        started.append(worker)
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = worker.queue
        return worker

    yield start
    celery_app.conf.task_default_queue = previous_queue
    for worker in started:
        worker.stop()


def test_a_worker_killed_while_rendering_leaves_no_job_stuck(
    slow_workers, lea_agenda, policy_officer
):
    first = slow_workers()
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    wait_for(document, {DocumentStatus.RENDERING}, 60, first)
    first.kill()  # SIGKILL to the whole process group, as an OOM kill would
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING

    second = slow_workers(queue=first.queue)
    wait_for(document, {DocumentStatus.DONE, DocumentStatus.FAILED}, 120, second)
    assert document.status == DocumentStatus.DONE, document.error
    # The same task, delivered a second time, made it.
    assert document.attempts == 2
    assert KNOWN_AGREEMENT in text_of(pdf_of(document))
    assert LeaDocument.objects.filter(agenda=lea_agenda).count() == 1

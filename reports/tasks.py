"""Celery tasks of the reports app: make an LEA document, and the beat job that fails lost ones."""

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import services

logger = logging.getLogger(__name__)

# Errors that may pass: the database restarting, a full or briefly unreachable disk.
TRANSIENT = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 4


def _backoff(retries):
    """5, 10, 20, 40 seconds (at most ten minutes), with jitter so retries do not bunch up."""
    return min(600, 5 * 2**retries) * random.uniform(0.8, 1.2)


def _fail(document_id, task_id, message, values):
    """Fail the document with `message` % `values`, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(message) % values
    services.lea_document_fail(document_id=document_id, task_id=task_id, reason=reason)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.LEA_PDF_SOFT_TIME_LIMIT,
    time_limit=settings.LEA_PDF_TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def render_lea_document(self, document_id: int) -> int | None:
    """Make the PDF of one LEA document; returns its page count (None: nothing to do)."""
    task_id = self.request.id or ""
    try:
        document = services.lea_document_render(document_id=document_id, task_id=task_id)
    except SoftTimeLimitExceeded:
        _fail(
            document_id,
            task_id,
            gettext_lazy("Making the document took longer than the limit of %(seconds)s seconds."),
            {"seconds": settings.LEA_PDF_SOFT_TIME_LIMIT},
        )
        return None
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            _fail(
                document_id,
                task_id,
                gettext_lazy("The document could not be made after %(count)s attempts: %(error)s"),
                {"count": self.request.retries + 1, "error": error},
            )
            return None
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Tried again after a temporary error: %(error)s") % {"error": error}
        services.lea_document_back_in_queue(document_id=document_id, task_id=task_id, reason=reason)
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
    except Exception as error:
        logger.exception("LEA document %s failed.", document_id)
        _fail(
            document_id,
            task_id,
            gettext_lazy("The document could not be made: %(error)s"),
            {"error": type(error).__name__},
        )
        return None
    return document.page_count if document is not None and document.is_done else None


@shared_task
def expire_lea_documents() -> dict:
    """Every two minutes (beat): fail documents whose worker was lost, queue lost messages again."""
    return services.lea_documents_expire()

"""Writes of the reports app: the LEA document's job, from the request to the stored PDF.

A document moves queued → rendering → done or failed. Every step takes the row's lock, so two
deliveries of the same task, a retry and the beat job never make a document twice or undo each
other; a done document is never changed again."""

import hashlib
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.models import Agenda, AgendaStatus
from kindportaal import audit, notices
from kindportaal.models import AuditKind, NoticeKind, User
from kindportaal.permissions import roles_notified_of
from kindportaal.queueing import enqueue
from reports.lea_content import lea_content
from reports.models import DocumentStatus, LeaDocument
from reports.pdf import render_pdf

logger = logging.getLogger(__name__)

S = DocumentStatus
# A document whose worker died this many times (each time redelivered) is given up.
MAX_ATTEMPTS = 3
# Slack on top of the time limits before the beat job calls a job lost.
EXPIRY_MARGIN = timedelta(seconds=60)


def _enqueue(document_id, task_id):
    from reports.tasks import render_lea_document

    # With the broker down the request still succeeds: the beat job queues the document again.
    enqueue(render_lea_document, document_id, task_id=task_id)


def _queue(document):
    """Give the document a new task id and send the task once the transaction commits."""
    document.task_id = uuid.uuid4().hex
    document.queued_at = timezone.now()
    task_id = document.task_id
    # The document's id is read at commit: a new document has none until it is saved.
    transaction.on_commit(lambda: _enqueue(document.pk, task_id))


def lea_document_request(*, agenda: Agenda, user) -> tuple[LeaDocument, bool]:
    """A new version of the agenda's LEA document, queued for a worker; (document, created).

    While a version is queued or being made, asking again gives that one (a double click makes
    one document). A failed version is tried again under its own number, so versions that were
    made have no gaps."""
    with transaction.atomic():
        # The agenda's lock makes the version numbers of two simultaneous requests differ.
        Agenda.objects.select_for_update().get(pk=agenda.pk)
        latest = agenda.lea_documents.order_by("-version").first()
        if latest is not None and latest.is_active:
            return latest, False
        if latest is not None and latest.status == S.FAILED:
            document = latest
            document.error = ""
            document.attempts = 0
            document.started_at = document.finished_at = None
        else:
            document = LeaDocument(agenda=agenda, version=latest.version + 1 if latest else 1)
        document.status = S.QUEUED
        document.requested_by = user
        document.requested_by_name = user.get_full_name() or user.email
        document.requested_at = timezone.now()
        _queue(document)
        document.save()
        audit.record(
            AuditKind.LEA_DOCUMENT,
            gettext_noop("Had the LEA document of %(agenda)s made, version %(version)s"),
            params={"agenda": agenda.title, "version": document.version},
            actor=user,
        )
    return document, True


def lea_document_publish(*, document: LeaDocument, is_public: bool) -> LeaDocument:
    """Offer a made version of the LEA document on the public pages, or take it off them: only
    a made version of an adopted period can be offered (openbaar.selectors)."""
    with transaction.atomic():
        document = (
            LeaDocument.objects.select_for_update().select_related("agenda").get(pk=document.pk)
        )
        if is_public and (not document.is_done or document.agenda.status != AgendaStatus.ADOPTED):
            raise LeaDocumentNotPublishable
        if document.is_public != is_public:
            document.is_public = is_public
            document.save(update_fields=["is_public"])
            audit.publication(
                (
                    gettext_noop("LEA document “%(title)s” published on the public pages"),
                    gettext_noop("LEA document “%(title)s” taken off the public pages"),
                ),
                is_public=is_public,
                title=f"{document.agenda.title} ({document.version})",
                identifier=f"lea-document-{document.pk}",
            )
        return document


class LeaDocumentNotPublishable(Exception):
    """Only a made version of an adopted LEA period can be published."""


def _limit():
    return timedelta(seconds=settings.LEA_PDF_TIME_LIMIT)


def lea_document_start(*, document_id: int, task_id: str) -> LeaDocument | None:
    """Mark the document as being made by `task_id`; None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        document = (
            LeaDocument.objects.select_for_update()
            .select_related("agenda")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status in (S.DONE, S.FAILED):
            return None
        if (
            document.status == S.RENDERING
            and document.task_id != task_id
            and document.started_at
            and document.started_at > now - _limit()
        ):
            # Another task (queued again by the beat job) is making it right now.
            return None
        if document.attempts >= MAX_ATTEMPTS:
            _fail(
                document,
                _(
                    "The worker stopped %(count)s times while making this document (for instance "
                    "out of memory); it was not tried again."
                )
                % {"count": document.attempts},
            )
            return None
        document.status = S.RENDERING
        document.task_id = task_id
        document.started_at = now
        document.attempts += 1
        document.save(update_fields=["status", "task_id", "started_at", "attempts"])
    return document


def _previous_summary(document):
    previous = (
        LeaDocument.objects.filter(
            agenda_id=document.agenda_id, status=S.DONE, version__lt=document.version
        )
        .order_by("-version")
        .values_list("summary", flat=True)
        .first()
    )
    return previous


def lea_document_html(document: LeaDocument) -> str:
    """The document's HTML from the data as it is now, read as one consistent snapshot."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        document.data_as_of = timezone.now()
        context = lea_content(document, _previous_summary(document))
        html = render_to_string("reports/lea/document.html", context)
    document.summary = context["summary"]
    return html


def lea_document_render(*, document_id: int, task_id: str) -> LeaDocument | None:
    """Make the PDF of a queued document and store it; idempotent (a made one is left alone)."""
    document = lea_document_start(document_id=document_id, task_id=task_id)
    if document is None:
        return None
    html = lea_document_html(document)
    pdf, pages = render_pdf(html)
    with transaction.atomic():
        current = LeaDocument.objects.select_for_update().get(pk=document_id)
        if current.status != S.RENDERING or current.task_id != task_id:
            # Failed by the beat job or taken over meanwhile: this result is not the document.
            logger.warning("LEA document %s was no longer ours to finish.", document_id)
            return current
        current.file.save(current.file_name, ContentFile(pdf), save=False)
        current.sha256 = hashlib.sha256(pdf).hexdigest()
        current.size = len(pdf)
        current.page_count = pages
        current.data_as_of = document.data_as_of
        current.summary = document.summary
        current.status = S.DONE
        current.finished_at = timezone.now()
        current.error = ""
        current.save()
        _notify_ready(current)
    logger.info("LEA document %s made: %s pages.", document_id, pages)
    return current


def _notify_ready(document):
    """The person who asked for the document hears it is ready, wherever they are now; when its
    agenda is adopted, so does everyone who hears of new LEA documents (the council members and
    the policy officers)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("LEA document ready: %(title)s, version %(version)s") % {
            "title": document.agenda.title,
            "version": document.version,
        }
        asked = _("The document you asked for has %(pages)s pages.") % {
            "pages": document.page_count
        }
        new = _("A new version of the adopted agenda's document, %(pages)s pages.") % {
            "pages": document.page_count
        }
    ready = {
        "kind": NoticeKind.LEA_DOCUMENT,
        "key": f"lea-document-{document.pk}",
        "subject": subject,
        "link": document.get_absolute_url(),
    }
    if document.requested_by is not None:
        notices.notify(recipients=[document.requested_by], text=asked, **ready)
    if document.agenda.status == AgendaStatus.ADOPTED:
        readers = User.objects.filter(
            role__in=roles_notified_of(NoticeKind.LEA_DOCUMENT), is_active=True
        )
        notices.notify(recipients=readers, text=new, actor=document.requested_by, **ready)


def _fail(document, reason):
    document.status = S.FAILED
    document.error = reason
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at"])


def lea_document_fail(*, document_id: int, reason: str, task_id: str | None = None) -> bool:
    """Mark a queued or running document as failed with `reason` (a done one stays done)."""
    with transaction.atomic():
        document = LeaDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status in (S.DONE, S.FAILED):
            return False
        if task_id is not None and document.task_id != task_id:
            return False
        _fail(document, reason)
    return True


def lea_document_back_in_queue(*, document_id: int, task_id: str, reason: str) -> bool:
    """After a transient error: queued again (the task retries itself), with the reason noted."""
    with transaction.atomic():
        document = LeaDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status != S.RENDERING or document.task_id != task_id:
            return False
        document.status = S.QUEUED
        document.error = reason
        document.queued_at = timezone.now()
        document.save(update_fields=["status", "error", "queued_at"])
    return True


def lea_documents_expire(*, now=None) -> dict:
    """The beat job: a document still being made after the hard time limit (plus a margin) has
    lost its worker and fails with that reason; a document queued for longer than the broker
    takes to hand out a lost message again is queued again (its task is idempotent)."""
    now = now or timezone.now()
    failed = requeued = 0
    limit = settings.LEA_PDF_TIME_LIMIT
    stuck = LeaDocument.objects.filter(
        status=S.RENDERING, started_at__lt=now - _limit() - EXPIRY_MARGIN
    ).values_list("pk", flat=True)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "Making the document took longer than the limit of %(seconds)s seconds, or the "
            "worker stopped. Make the document again; if this happens again, tell the beheerder."
        ) % {"seconds": limit}
    for document_id in list(stuck):
        with transaction.atomic():
            document = (
                LeaDocument.objects.select_for_update(skip_locked=True)
                .filter(pk=document_id, status=S.RENDERING)
                .first()
            )
            if document is not None and document.started_at < now - _limit() - EXPIRY_MARGIN:
                _fail(document, reason)
                failed += 1
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    lost_before = now - timedelta(seconds=visibility) - EXPIRY_MARGIN
    for document_id in list(
        LeaDocument.objects.filter(status=S.QUEUED, queued_at__lt=lost_before).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            document = (
                LeaDocument.objects.select_for_update(skip_locked=True)
                .filter(pk=document_id, status=S.QUEUED, queued_at__lt=lost_before)
                .first()
            )
            if document is not None:
                _queue(document)
                document.save(update_fields=["task_id", "queued_at"])
                requeued += 1
    if failed or requeued:
        logger.warning("LEA documents: %s failed as lost, %s queued again.", failed, requeued)
    return {"failed": failed, "requeued": requeued}


def lea_documents_anonymise(*, user_id, label, **gone) -> dict:
    """Anonymise job (kindportaal.anonymise): the versions a person asked for show the neutral
    label, and their PDFs, which print the name, are removed. A made document never changes, so
    it is not made again with another name; the version stays listed with its checksum, and a
    policy officer makes a new version when one is needed."""
    documents = LeaDocument.objects.filter(requested_by_id=user_id)
    removed = 0
    for document in documents.exclude(file=""):
        document.file.delete(save=False)
        document.save(update_fields=["file"])
        removed += 1
    return {
        "lea_documents_renamed": documents.update(requested_by_name=label),
        "lea_pdfs_removed": removed,
    }


def lea_documents_prune(*, now) -> dict:
    """Retention job (kindportaal.retention): of each agenda, the made or failed versions beyond
    the last LEA_DOCUMENT_KEEP_VERSIONS, with their PDFs. Versions keep their numbers."""
    keep = settings.LEA_DOCUMENT_KEEP_VERSIONS
    removed = 0
    for agenda_id in LeaDocument.objects.values_list("agenda_id", flat=True).distinct():
        versions = LeaDocument.objects.filter(agenda_id=agenda_id).order_by("-version")
        for document in versions[keep:]:
            if document.status not in (S.DONE, S.FAILED):
                continue
            if document.file:
                document.file.delete(save=False)
            document.delete()
            removed += 1
    return {"lea_documents": removed}

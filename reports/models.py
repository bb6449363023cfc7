"""The LEA documents: each one a numbered, immutable PDF of an agenda, made by a Celery worker."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("In the queue")
    RENDERING = "rendering", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (DocumentStatus.QUEUED, DocumentStatus.RENDERING)


def _document_path(document, filename):
    # The file name carries the agenda and version; the directory is not served directly, the
    # download view checks who asks.
    return f"lea/{document.agenda_id}/{filename}"


class LeaDocument(models.Model):
    """One version of the LEA document of an agenda: the job that makes it and, once it is made,
    the PDF with its checksum. A made document is never changed; a new one gets the next number."""

    agenda = models.ForeignKey(
        Agenda,
        on_delete=models.PROTECT,
        related_name="lea_documents",
        verbose_name=_("agenda"),
    )
    version = models.PositiveIntegerField(_("version"), help_text=_("Numbered per agenda, from 1."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.QUEUED,
    )
    task_id = models.CharField(
        _("task id"), max_length=64, blank=True, help_text=_("The Celery task that makes it.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_by_name = models.CharField(
        _("requested by (name)"),
        max_length=200,
        blank=True,
        help_text=_("Kept with the document, also when the account is removed."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    queued_at = models.DateTimeField(
        _("queued at"),
        default=timezone.now,
        help_text=_("When its task was last put in the queue."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data_as_of = models.DateTimeField(
        _("data as of"),
        null=True,
        blank=True,
        help_text=_("The moment the data in the document was read."),
    )
    file = models.FileField(_("file"), upload_to=_document_path, blank=True)
    sha256 = models.CharField(
        _("SHA-256 checksum"), max_length=64, blank=True, help_text=_("Of the PDF file.")
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("reason it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How often a worker started making it.")
    )
    is_public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Offer this version for download on the public pages. The document shows every "
            "agreement of the period, drafts and proposals in its appendix, and the money: "
            "publish it once the council has adopted what it says."
        ),
    )
    summary = models.JSONField(
        _("summary"),
        default=dict,
        blank=True,
        help_text=_("What the document said, to list the changes in the next version."),
    )

    class Meta:
        verbose_name = _("LEA document")
        verbose_name_plural = _("LEA documents")
        ordering = ["agenda", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "version"], name="lea_document_version_per_agenda"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(sha256=""),
                name="lea_document_done_has_checksum",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return f"{self.agenda} — {self.version}"

    def get_absolute_url(self):
        return reverse("reports:lea_document", args=[self.pk])

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def is_done(self):
        return self.status == DocumentStatus.DONE

    @property
    def file_name(self):
        return f"LEA-{self.agenda.start_year}-{self.agenda.end_year}-versie-{self.version}.pdf"

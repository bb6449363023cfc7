"""Writes of organisations, locations and memberships. Views call these; nothing else writes."""

import os
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kindportaal import audit, notices
from kindportaal.models import AuditKind, NoticeKind, User
from kindportaal.queueing import enqueue_on_commit
from kindportaal.records import delete_checked, save_checked
from kindportaal.roles import Role
from partners.models import ImportRun, ImportStatus, Location, Membership, Organisation
from partners.registers.applying import apply_plan
from partners.registers.planning import not_importable
from partners.registers.planning import plan as registers_plan
from partners.registers.reading import RegisterFileError, read_table
from partners.registers.sources import SOURCES

# Organisations


@transaction.atomic
def organisation_create(**fields: Any) -> Organisation:
    return save_checked(Organisation(**fields))


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, expected_version: int, **changes: Any
) -> Organisation:
    """Save the changes unless someone else saved the organisation since `expected_version`."""
    return save_checked(organisation, changes=changes, expected_version=expected_version)


@transaction.atomic
def organisation_delete(*, organisation: Organisation, expected_version: int) -> Organisation:
    """Delete an organisation with its locations and memberships.

    Refused (DeletionRefused) while other records need it: a kindcentrum it leads, a location of
    it that belongs to a kindcentrum, an agreement it owns.
    """
    delete_checked(organisation, expected_version=expected_version)
    return organisation


# Locations


@transaction.atomic
def location_create(*, organisation: Organisation, **fields: Any) -> Location:
    return save_checked(Location(organisation=organisation, **fields))


@transaction.atomic
def location_update(*, location: Location, expected_version: int, **changes: Any) -> Location:
    return save_checked(location, changes=changes, expected_version=expected_version)


@transaction.atomic
def location_delete(*, location: Location, expected_version: int) -> Location:
    """Delete a location; refused while it belongs to a kindcentrum."""
    delete_checked(location, expected_version=expected_version)
    return location


# Memberships


def _check_member(user: User):
    if user.role != Role.PARTNER_DIRECTOR:
        raise ValidationError(
            {"user": _("Only partner directors can belong to an organisation.")}, code="role"
        )


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation) -> Membership:
    _check_member(user)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            {"user": _("%(name)s already belongs to this organisation.") % {"name": user}},
            code="unique",
        )
    membership = save_checked(Membership(user=user, organisation=organisation))
    _audit_membership(membership, added=True)
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership) -> Membership:
    delete_checked(membership)
    _audit_membership(membership, added=False)
    return membership


def _audit_membership(membership, *, added):
    if added:
        message = gettext_noop("Made %(email)s a member of %(organisation)s")
    else:
        message = gettext_noop("Ended the membership of %(email)s of %(organisation)s")
    audit.record(
        AuditKind.MEMBERSHIP,
        message,
        params={"email": membership.user.email, "organisation": membership.organisation.name},
        subject=membership.user,
    )


@transaction.atomic
def memberships_set(*, user: User, organisations: Iterable[Organisation]) -> None:
    """Make `user` a member of exactly `organisations` (used when inviting a partner director)."""
    wanted = list(organisations)
    if wanted:
        _check_member(user)
    keep = [organisation.pk for organisation in wanted if organisation.pk is not None]
    for membership in user.memberships.select_related("organisation").exclude(
        organisation_id__in=keep
    ):
        delete_checked(membership)
        _audit_membership(membership, added=False)
    present = set(user.memberships.values_list("organisation_id", flat=True))
    for organisation in wanted:
        if organisation.pk not in present:
            membership = save_checked(Membership(user=user, organisation=organisation))
            _audit_membership(membership, added=True)


# Imports from the national registers (see partners/registers/)


def _progress_key(run_id):
    return f"partners:import-progress:{run_id}"


def import_progress(run):
    """Rows done of a busy run: kept in the cache, because the import's own transaction hides
    its writes until it commits."""
    if not run.is_busy:
        return run.rows_done
    return cache.get(_progress_key(run.pk), run.rows_done)


def _reporter(run):
    def report(done):
        cache.set(_progress_key(run.pk), done, timeout=60 * 60)

    return report


def _file_error(error):
    return ValidationError({"file": error.message}, code="file")


def import_run_create(
    *, source, uploaded_file, reference_date, user=None, inline=False
) -> ImportRun:
    """Store an uploaded register file and check it: at once for a small file, else by the
    worker. A file that cannot be read, or is of another kind, is refused and not stored."""
    if uploaded_file.size > settings.REGISTER_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)d MB.")
                % {"size": settings.REGISTER_IMPORT_MAX_BYTES // (1024 * 1024)}
            },
            code="size",
        )
    data = uploaded_file.read()
    # A large file is not read while the uploader waits: the worker checks it, and a file it
    # cannot read fails with the reason on the run's page.
    large = not inline and len(data) > settings.REGISTER_IMPORT_INLINE_BYTES
    table = None
    if not large:
        try:
            table = read_table(data)
            SOURCES[source].bind(table.columns)
        except RegisterFileError as error:
            raise _file_error(error) from error
    name = os.path.basename(uploaded_file.name or "upload.csv")[:255]
    with transaction.atomic():
        run = ImportRun(
            source=source,
            file_name=name,
            reference_date=reference_date,
            created_by=user,
            rows_total=0 if large else len(table.rows),
        )
        run.file.save(name, ContentFile(data), save=False)
        run.save()
        if large or (not inline and len(table.rows) > settings.REGISTER_IMPORT_INLINE_ROWS):
            from partners.tasks import check_import_run

            enqueue_on_commit(check_import_run, run.pk)
            return run
    import_run_check(run_id=run.pk)
    run.refresh_from_db()
    return run


def _table_of(run):
    with run.file.open("rb") as stored:
        return read_table(stored.read())


def import_run_check(*, run_id: int, task_id: str = "") -> None:
    """Make the preview of a run (idempotent: only a run that is being checked)."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportStatus.CHECKING).first()
    if run is None:
        return
    try:
        table = _table_of(run)
        plan = registers_plan(run.source, table, run.reference_date, progress=_reporter(run))
    except RegisterFileError as error:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.FAILED, error=error.message, finished_at=timezone.now()
        )
        return
    ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
        status=ImportStatus.READY,
        summary=plan.summary(),
        preview=plan.preview(),
        rows_total=len(table.rows),
        rows_done=len(table.rows),
        task_id=task_id or run.task_id,
    )


def import_run_confirm(
    *, run: ImportRun, user=None, overwrite_conflicts: bool = False, inline: bool = False
):
    """Import a checked run: at once for a small file (or `inline`), else by the worker."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportStatus.READY:
            raise ValidationError(
                _("This import can no longer be carried out: it is %(status)s.")
                % {"status": run.get_status_display().lower()},
                code="status",
            )
        refusal = not_importable(run.source, run.summary)
        if refusal:
            raise ValidationError(refusal, code="rejected_rows")
        run.status = ImportStatus.IMPORTING
        run.rows_done = 0
        run.overwrite_conflicts = overwrite_conflicts
        run.save(update_fields=["status", "rows_done", "overwrite_conflicts"])
        audit.record(
            AuditKind.IMPORT,
            gettext_noop("Confirmed the import of %(file)s (%(source)s, %(rows)s rows)"),
            params={"file": run.file_name, "source": run.source.upper(), "rows": run.rows_total},
            actor=user,
        )
        if not inline and run.rows_total > settings.REGISTER_IMPORT_INLINE_ROWS:
            from partners.tasks import apply_import_run

            enqueue_on_commit(apply_import_run, run.pk, overwrite_conflicts)
            return run
    import_run_apply(run_id=run.pk, overwrite_conflicts=overwrite_conflicts)
    run.refresh_from_db()
    return run


def import_run_apply(*, run_id: int, overwrite_conflicts: bool = False, task_id: str = ""):
    """Plan again under lock and write, all or nothing. Idempotent: only a run that is being
    imported; a crash rolls everything back and leaves the run to be imported again."""
    try:
        with transaction.atomic():
            run = (
                ImportRun.objects.select_for_update()
                .filter(pk=run_id, status=ImportStatus.IMPORTING)
                .first()
            )
            if run is None:
                return None
            report = _reporter(run)
            table = _table_of(run)
            plan = registers_plan(
                run.source,
                table,
                run.reference_date,
                lock=True,
                overwrite_conflicts=overwrite_conflicts,
            )
            refusal = not_importable(run.source, plan.summary())
            if refusal:
                raise ValidationError(refusal)
            apply_plan(
                plan,
                run=run,
                file_name=run.file_name,
                user=run.created_by,
                progress=report,
            )
            run.status = ImportStatus.DONE
            run.summary = plan.summary()
            run.preview = plan.preview()
            run.rows_done = run.rows_total
            run.finished_at = timezone.now()
            run.task_id = task_id or run.task_id
            run.save()
            if task_id:
                _notify_finished(run)
            return run
    except (RegisterFileError, ValidationError, IntegrityError) as error:
        message = getattr(error, "message", None) or "; ".join(
            getattr(error, "messages", [str(error)])
        )
        if isinstance(error, IntegrityError):
            message = _(
                "The import clashed with a change someone made at the same moment; nothing was "
                "imported. Upload the file again to see the new preview."
            )
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        if task_id:
            _notify_finished(ImportRun.objects.select_related("created_by").get(pk=run_id))
        return None


def _notify_finished(run):
    """An import the worker carried out: the person who started it hears how it ended (one done
    at once, in their request, they see already)."""
    if run.created_by is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if run.status == ImportStatus.DONE:
            subject = _("Import finished: %(file)s") % {"file": run.file_name}
            text = _("The register file has been imported.")
        else:
            subject = _("Import failed: %(file)s") % {"file": run.file_name}
            text = _("Nothing was imported: %(error)s") % {"error": run.error}
    notices.notify(
        recipients=[run.created_by],
        kind=NoticeKind.IMPORT,
        key=f"import-{run.pk}",
        subject=subject,
        text=text,
        link=run.get_absolute_url(),
    )


@transaction.atomic
def import_run_cancel(*, run: ImportRun) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportStatus.READY:
        raise ValidationError(_("Only an import that has not started can be cancelled."))
    run.status = ImportStatus.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def import_files_expire(*, now) -> dict:
    """Retention job (kindportaal.retention): the uploaded files of imports that are finished and
    older than IMPORT_FILE_RETENTION_DAYS. The run, its results and the provenance stay."""
    cutoff = now - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    finished = [ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED]
    runs = ImportRun.objects.filter(created_at__lt=cutoff, status__in=finished).exclude(file="")
    removed = 0
    for run in runs:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")
        removed += 1
    return {"import_files": removed}

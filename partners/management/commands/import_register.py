"""Import a register file from the command line: the same preview and import as the upload page.

manage.py import_register lrk export.csv --reference-date 2025-01-01 [--dry-run]
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partners import services
from partners.models import ImportStatus, RegisterSource
from partners.registers.planning import plan
from partners.registers.reading import RegisterFileError, read_table


class Command(BaseCommand):
    help = "Import a DUO, LRK or CBS file: show what it changes, then import it in one go."

    def add_arguments(self, parser):
        parser.add_argument("source", choices=RegisterSource.values)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--reference-date",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date the figures refer to (YYYY-MM-DD); today by default.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only show the preview.")
        parser.add_argument(
            "--overwrite-conflicts",
            action="store_true",
            help="Also overwrite values someone changed by hand since the last import.",
        )

    def handle(self, *args, source, file, reference_date, dry_run, overwrite_conflicts, **options):
        reference_date = reference_date or timezone.localdate()
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        if dry_run:
            try:
                table = read_table(data)
                result = plan(source, table, reference_date)
            except RegisterFileError as error:
                raise CommandError(error.message) from error
            self._report(result.summary(), result.preview())
            return
        try:
            run = services.import_run_create(
                source=source,
                uploaded_file=SimpleUploadedFile(file.name, data),
                reference_date=reference_date,
                inline=True,
            )
            self._report(run.summary, run.preview)
            if run.status != ImportStatus.READY:
                raise CommandError(run.error or run.get_status_display())
            run = services.import_run_confirm(
                run=run, overwrite_conflicts=overwrite_conflicts, inline=True
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if run.status != ImportStatus.DONE:
            raise CommandError(run.error or run.get_status_display())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {run.summary['new']} new, {run.summary['changed']} changed "
                f"(import run {run.pk})."
            )
        )

    def _report(self, summary, preview):
        self.stdout.write(
            "{rows} rows: {new} new, {changed} changed, {unchanged} unchanged, {skipped} not "
            "taken, {rejected} rejected, {conflicts} conflicts".format(**summary)
        )
        for row in preview.get("rejected", []):
            self.stdout.write(f"  line {row['line']}: {row['reason']}")
        for row in preview.get("conflicts", []):
            self.stdout.write(
                f"  conflict line {row['line']}: {row['label']} {row['field']}: now "
                f"{row['current']!r}, last imported {row['imported']!r}, file {row['incoming']!r}"
            )

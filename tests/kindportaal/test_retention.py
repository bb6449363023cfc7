"""Retention (AVG): each rule at its boundary, on the suite's fixed clock. A record exactly at its
term is kept; one a second older is removed; the job says what it removed in the audit log."""

from datetime import UTC, date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile

from kindportaal import tasks
from kindportaal.models import AuditEvent, AuditKind, Invitation
from tests.conftest import TEST_NOW
from tests.kindportaal.factories import UserFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


@pytest.fixture
def still_clock(fixed_clock):
    """The clock stands still at TEST_NOW, so that "exactly at its term" is exact. In UTC: a term
    is so many times 24 hours (across the change to summer time too), as the job counts it."""
    fixed_clock.move_to(TEST_NOW, tick=False)
    return TEST_NOW.astimezone(UTC)


def test_audit_records_older_than_their_term_are_removed_and_the_removal_is_logged(
    still_clock, settings
):
    settings.AUDIT_RETENTION_DAYS = 730
    term = still_clock - timedelta(days=730)
    kept = AuditEvent.objects.create(kind=AuditKind.LOGIN, message="Logged in", created_at=term)
    AuditEvent.objects.create(kind=AuditKind.LOGIN, message="Logged in", created_at=term - SECOND)

    removed = tasks.retention()

    assert removed["audit_records"] == 1
    assert list(AuditEvent.objects.filter(kind=AuditKind.LOGIN)) == [kept]
    [logged] = AuditEvent.objects.filter(kind=AuditKind.RETENTION)
    assert "audit_records 1" in logged.what
    assert logged.what.startswith("Bewaartermijn verlopen, verwijderd:")
    # A second run finds nothing more, and logs nothing.
    assert tasks.retention()["audit_records"] == 0
    assert AuditEvent.objects.filter(kind=AuditKind.RETENTION).count() == 1


def test_failed_logins_with_the_address_typed_leave_with_the_audit_records_at_their_term(
    still_clock, fixed_clock, settings, client
):
    """The address typed at a failed login (or what is kept of it) is in the audit record, and
    goes with it."""
    from django.urls import reverse

    settings.AUDIT_RETENTION_DAYS = 730
    term = still_clock - timedelta(days=730)
    for moment, typed in [(term - SECOND, "weg@example.org"), (term, "blijft@example.org")]:
        fixed_clock.move_to(moment, tick=False)
        client.post(reverse("account_login"), {"login": typed, "password": "fout-123456"})
    fixed_clock.move_to(still_clock, tick=False)
    old, kept = AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).order_by("created_at")

    assert tasks.retention()["audit_records"] == 1
    assert list(AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED)) == [kept]
    assert not AuditEvent.objects.filter(identifier=old.identifier).exists()


def test_sessions_are_removed_a_set_time_after_they_expired(still_clock, settings):
    settings.SESSION_RETENTION_DAYS = 7
    term = still_clock - timedelta(days=7)
    for key, expired in [("kept", term), ("gone", term - SECOND), ("open", still_clock)]:
        Session.objects.create(session_key=key, session_data="", expire_date=expired)
    assert tasks.retention()["sessions"] == 1
    assert set(Session.objects.values_list("session_key", flat=True)) == {"kept", "open"}


def test_invitations_never_accepted_are_removed_a_set_time_after_they_ended(
    still_clock, settings, policy_officer
):
    settings.INVITATION_VALID_DAYS = 7
    settings.INVITATION_RETENTION_DAYS = 90
    term = still_clock - timedelta(days=90)

    def invitation(expires_at, **fields):
        return Invitation.objects.create(
            user=UserFactory(is_active=False),
            invited_by=policy_officer,
            created_at=expires_at - timedelta(days=7),
            expires_at=expires_at,
            **fields,
        )

    at_term = invitation(term)
    invitation(term - SECOND)
    invitation(still_clock, revoked_at=term - SECOND)  # replaced by a newer one long ago
    accepted = invitation(term - timedelta(days=400), accepted_at=term - timedelta(days=401))

    assert tasks.retention()["invitations"] == 2
    assert set(Invitation.objects.all()) == {at_term, accepted}


def test_uploaded_register_files_are_removed_after_their_term_and_the_run_stays(
    still_clock, settings, policy_officer
):
    from partners.models import ImportRun, ImportStatus

    settings.IMPORT_FILE_RETENTION_DAYS = 90
    term = still_clock - timedelta(days=90)

    def run(created_at, status=ImportStatus.DONE):
        made = ImportRun(
            source="lrk",
            file_name="lrk.csv",
            reference_date=date(2025, 1, 1),
            status=status,
            created_at=created_at,
            created_by=policy_officer,
        )
        made.file.save("lrk.csv", ContentFile(b"naam;lrk\n"), save=False)
        made.save()
        return made

    kept, old, waiting = run(term), run(term - SECOND), run(term - SECOND, ImportStatus.READY)
    path = old.file.path

    assert tasks.retention()["import_files"] == 1
    old.refresh_from_db()
    kept.refresh_from_db()
    waiting.refresh_from_db()
    assert old.file.name == "" and old.status == ImportStatus.DONE
    assert not __import__("os").path.exists(path)
    assert kept.file.name and waiting.file.name  # a preview still to confirm keeps its file


def test_lea_documents_beyond_the_last_versions_are_removed(still_clock, settings):
    from reports.models import DocumentStatus, LeaDocument
    from tests.agenda.factories import AgendaFactory

    settings.LEA_DOCUMENT_KEEP_VERSIONS = 2
    agenda, other = AgendaFactory(), AgendaFactory()

    def made(agenda, version):
        LeaDocument.objects.create(
            agenda=agenda, version=version, status=DocumentStatus.DONE, sha256="0" * 64
        )

    for version in (1, 2, 3):
        made(agenda, version)
    made(other, 1)

    assert tasks.retention()["lea_documents"] == 1
    assert list(agenda.lea_documents.order_by("version").values_list("version", flat=True)) == [
        2,
        3,
    ]
    assert other.lea_documents.count() == 1


def test_the_retention_job_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kindportaal-retention"]
    assert entry["task"] == "kindportaal.tasks.retention"

"""A register import the worker carried out is a notice for the person who started it; one done
at once, in their own request, is not (they see its result already)."""

import pytest
from django.utils import translation

from kindportaal.models import Notice, NoticeKind
from partners import services
from partners.models import ImportStatus
from tests.partners.registers import REFERENCE_DATE, make_gemeente, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gemeente():
    make_gemeente()
    with translation.override("nl"):
        yield


def checked_run(user):
    run = services.import_run_create(
        source="lrk",
        uploaded_file=upload("lrk_export.csv"),
        reference_date=REFERENCE_DATE,
        user=user,
    )
    assert run.status == ImportStatus.READY, run.error
    return run


def test_an_import_by_the_worker_tells_who_started_it(
    policy_officer, settings, django_capture_on_commit_callbacks
):
    run = checked_run(policy_officer)
    settings.REGISTER_IMPORT_INLINE_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        services.import_run_confirm(run=run, user=policy_officer)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    [notice] = Notice.objects.filter(kind=NoticeKind.IMPORT)
    assert notice.recipient == policy_officer
    assert notice.subject == "Import klaar: lrk_export.csv"
    assert notice.link == run.get_absolute_url()


def test_an_import_done_at_once_is_no_notice(policy_officer):
    run = checked_run(policy_officer)
    services.import_run_confirm(run=run, user=policy_officer)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert not Notice.objects.filter(kind=NoticeKind.IMPORT).exists()

"""The LEA document's job as a user sees it: asking for it, following its state (htmx and reload),
downloading it, versions that stay, and the beat job that ends jobs whose worker was lost."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import DocumentStatus, LeaDocument

pytestmark = pytest.mark.django_db


def test_the_agenda_page_offers_the_document_to_a_policy_officer_only(
    lea_agenda, client_for, policy_officer, council_member
):
    page = client_for(policy_officer).get(lea_agenda.get_absolute_url()).content.decode()
    assert "LEA-document maken" in page
    page = client_for(council_member).get(lea_agenda.get_absolute_url()).content.decode()
    assert "LEA-document" in page and "LEA-document maken" not in page


def test_making_it_shows_the_state_until_it_is_ready_and_then_the_download(
    lea_agenda, client_for, policy_officer, council_member, django_capture_on_commit_callbacks
):
    client = client_for(policy_officer)
    # The task is sent only at commit; until then the page shows the queue.
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:lea_request", args=[lea_agenda.pk]))
    document = LeaDocument.objects.get(agenda=lea_agenda)
    assert response["Location"] == document.get_absolute_url()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Stand: in de wachtrij" in page
    assert 'hx-trigger="every 2s"' in page
    assert "laad je de pagina opnieuw" in page

    services.lea_document_render(document_id=document.pk, task_id=document.task_id)
    fragment = client_for(council_member).get(reverse("reports:lea_status", args=[document.pk]))
    text = fragment.content.decode()
    assert "Stand: klaar" in text and "hx-trigger" not in text
    assert "Versie 1 downloaden (pdf)" in text

    download = client_for(council_member).get(reverse("reports:lea_download", args=[document.pk]))
    body = b"".join(download.streaming_content)
    document.refresh_from_db()
    assert download["Content-Type"] == "application/pdf"
    assert "LEA-2025-2028-versie-1.pdf" in download["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == document.sha256
    page = client.get(document.get_absolute_url()).content.decode()
    assert document.sha256 in page


def test_asking_twice_while_it_is_made_gives_the_same_version(lea_agenda, policy_officer):
    first, created = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    again, created_again = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    assert created and not created_again
    assert again.pk == first.pk and LeaDocument.objects.count() == 1


def test_versions_are_numbered_and_older_ones_stay_downloadable(
    lea_agenda, policy_officer, director_b, client_for
):
    first, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_render(document_id=first.pk, task_id=first.task_id)
    second, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_render(document_id=second.pk, task_id=second.task_id)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == DocumentStatus.DONE
    # The first is unchanged, and a partner director downloads both.
    client = client_for(director_b)
    for document in (first, second):
        body = b"".join(
            client.get(reverse("reports:lea_download", args=[document.pk])).streaming_content
        )
        assert hashlib.sha256(body).hexdigest() == document.sha256


def test_a_done_document_is_not_made_again(lea_agenda, policy_officer):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_render(document_id=document.pk, task_id=document.task_id)
    document.refresh_from_db()
    checksum, name = document.sha256, document.file.name
    # The same message delivered again changes nothing.
    assert services.lea_document_render(document_id=document.pk, task_id=document.task_id) is None
    document.refresh_from_db()
    assert (document.sha256, document.file.name, document.attempts) == (checksum, name, 1)


def test_a_failed_version_is_tried_again_under_its_own_number(lea_agenda, policy_officer):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_fail(document_id=document.pk, reason="Schijf vol")
    again, created = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    assert created and again.pk == document.pk and again.version == 1
    assert again.status == DocumentStatus.QUEUED and again.error == ""


def test_a_failed_job_shows_its_reason(lea_agenda, policy_officer, client_for):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_fail(document_id=document.pk, reason="Schijf vol")
    page = client_for(policy_officer).get(document.get_absolute_url()).content.decode()
    assert "Stand: mislukt" in page and "Reden: Schijf vol" in page
    assert "Opnieuw proberen" in page


def test_a_document_that_is_not_ready_cannot_be_downloaded(lea_agenda, policy_officer, client_for):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    response = client_for(policy_officer).get(reverse("reports:lea_download", args=[document.pk]))
    assert response.status_code == 404


def test_the_beat_job_fails_a_job_that_outlived_the_hard_limit(
    lea_agenda, policy_officer, settings
):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    assert services.lea_document_start(document_id=document.pk, task_id=document.task_id)
    long_ago = timezone.now() - timedelta(seconds=settings.LEA_PDF_TIME_LIMIT + 120)
    LeaDocument.objects.filter(pk=document.pk).update(started_at=long_ago)
    assert services.lea_documents_expire() == {"failed": 1, "requeued": 0}
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "langer dan de limiet" in document.error
    # A message that turns up afterwards leaves it failed.
    assert services.lea_document_render(document_id=document.pk, task_id=document.task_id) is None


def test_the_beat_job_leaves_a_job_within_its_limit(lea_agenda, policy_officer):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    services.lea_document_start(document_id=document.pk, task_id=document.task_id)
    assert services.lea_documents_expire() == {"failed": 0, "requeued": 0}
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING


def test_the_beat_job_queues_a_lost_message_again(
    lea_agenda, policy_officer, settings, django_capture_on_commit_callbacks
):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    LeaDocument.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - timedelta(seconds=visibility + 120)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lea_documents_expire() == {"failed": 0, "requeued": 1}
    document.refresh_from_db()
    # Queued again with a new task, which (eagerly here) made it.
    assert document.status == DocumentStatus.DONE


def test_the_beat_job_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-expire-lea-documents"]
    assert entry["task"] == "reports.tasks.expire_lea_documents"
    assert entry["schedule"] <= 300


def test_a_worker_that_keeps_dying_gives_up_with_a_reason(lea_agenda, policy_officer):
    document, _ = services.lea_document_request(agenda=lea_agenda, user=policy_officer)
    for _attempt in range(services.MAX_ATTEMPTS):
        # Each delivery starts it, and the worker dies before it finishes.
        assert services.lea_document_start(document_id=document.pk, task_id=document.task_id)
    assert services.lea_document_start(document_id=document.pk, task_id=document.task_id) is None
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "3 keer gestopt" in document.error


def test_the_finished_document_page_agrees_with_its_message_and_sits_under_agenda(
    lea_agenda, client_for, policy_officer, django_capture_on_commit_callbacks
):
    client = client_for(policy_officer)
    # Tasks run in-process at commit: the document is ready by the time the page is shown.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:lea_request", args=[lea_agenda.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "Stand: klaar" in page
    assert "wachtrij" not in page
    assert "Versie 1 van het LEA-document is aangevraagd" in page
    # The checksum is a technical detail, folded away; the menu marks Agenda, not Dashboard.
    document = LeaDocument.objects.get(agenda=lea_agenda)
    details = page[page.index('<details class="kp-details">') :]
    assert document.sha256 in details[: details.index("</details>")]
    assert document.sha256 not in page[: page.index('<details class="kp-details">')]
    current = page[: page.index('aria-current="page"')].rsplit("<a", 1)[1]
    assert 'href="/agenda/"' in current

"""A LEA document made by the worker is a notice for the person who asked for it."""

import pytest
from django.urls import reverse

from kindportaal.models import Notice, NoticeKind
from reports import services
from reports.models import LeaDocument

pytestmark = pytest.mark.django_db


def test_the_person_who_asked_hears_the_document_is_ready(
    lea_agenda, client_for, policy_officer, director_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client_for(policy_officer).post(reverse("reports:lea_request", args=[lea_agenda.pk]))
    document = LeaDocument.objects.get(agenda=lea_agenda)
    assert not Notice.objects.filter(kind=NoticeKind.LEA_DOCUMENT).exists()
    services.lea_document_render(document_id=document.pk, task_id=document.task_id)
    [notice] = Notice.objects.filter(kind=NoticeKind.LEA_DOCUMENT)
    assert notice.recipient == policy_officer
    assert notice.subject == "LEA-document klaar: LEA Teststad 2025–2028, versie 1"
    assert notice.link == document.get_absolute_url()
    page = client_for(policy_officer).get(reverse("kindportaal:notice_list")).content.decode()
    assert "LEA-document klaar: LEA Teststad 2025–2028, versie 1" in page
    # Made once, told once: a second delivery of the task finds the document done.
    assert services.lea_document_render(document_id=document.pk, task_id=document.task_id) is None
    assert Notice.objects.filter(kind=NoticeKind.LEA_DOCUMENT).count() == 1

"""A LEA document made by the worker is a notice for the person who asked for it, and, when its
agenda is adopted, for the council members and the policy officers."""

import datetime

import pytest
from django.urls import reverse

from agenda.models import AdoptedBy, AgendaStatus
from kindportaal.models import Notice, NoticeKind
from kindportaal.roles import Role
from reports import services
from reports.models import LeaDocument
from tests.kindportaal.factories import UserFactory

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


def test_a_new_document_of_an_adopted_agenda_is_told_to_the_council_and_the_policy_officers(
    lea_agenda, client_for, policy_officer, council_member, director_a, administrator
):
    colleague = UserFactory(role=Role.POLICY_OFFICER, email="collega@gemeente.example")
    gone = UserFactory(role=Role.COUNCIL_MEMBER, email="oud-raadslid@example.org", is_active=False)
    draft = services.lea_document_request(agenda=lea_agenda, user=policy_officer)[0]
    services.lea_document_render(document_id=draft.pk, task_id=draft.task_id)
    # A draft agenda's document is the asker's work in progress: only they hear of it.
    told = Notice.objects.filter(kind=NoticeKind.LEA_DOCUMENT)
    assert set(told.values_list("recipient__email", flat=True)) == {policy_officer.email}

    lea_agenda.status = AgendaStatus.ADOPTED
    lea_agenda.adopted_on = datetime.date(2026, 6, 1)
    lea_agenda.adopted_by = AdoptedBy.COUNCIL
    lea_agenda.save()
    document = services.lea_document_request(agenda=lea_agenda, user=policy_officer)[0]
    services.lea_document_render(document_id=document.pk, task_id=document.task_id)
    told = Notice.objects.filter(key=f"lea-document-{document.pk}")
    recipients = {notice.recipient for notice in told}
    assert {policy_officer, council_member, colleague} <= recipients
    assert {person.role for person in recipients} == {Role.POLICY_OFFICER, Role.COUNCIL_MEMBER}
    assert gone not in recipients
    document.refresh_from_db()
    asked = told.get(recipient=policy_officer).text
    assert asked == f"Het document dat je hebt aangevraagd, telt {document.page_count} pagina's."
    page = client_for(council_member).get(reverse("kindportaal:notice_list")).content.decode()
    assert "LEA-document klaar: LEA Teststad 2025–2028, versie 2" in page
    assert "Een nieuwe versie van het document van de vastgestelde agenda" in page
    assert director_a not in recipients and administrator not in recipients

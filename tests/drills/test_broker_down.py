"""Drill: the broker is down when a beleidsmedewerker asks for the LEA document. The request
still succeeds and the document waits in the queue; the beat job queues it again later."""

import pytest
from django.urls import reverse

from reports.models import DocumentStatus, LeaDocument
from tests.reports.lea.conftest import lea_agenda  # noqa: F401  (the agenda of the LEA tests)

pytestmark = [
    pytest.mark.drill,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def test_asking_for_the_lea_document_with_the_broker_down(
    celery_on,
    client_for,
    policy_officer,
    lea_agenda,  # noqa: F811
    caplog,
):
    celery_on("redis://127.0.0.1:1/0", "drill-nobody-listens")  # nothing answers on port 1
    response = client_for(policy_officer).post(
        reverse("reports:lea_request", args=[lea_agenda.pk]), follow=True
    )
    assert response.status_code == 200
    document = LeaDocument.objects.get(agenda=lea_agenda)
    assert document.status == DocumentStatus.QUEUED
    assert document.task_id
    assert "the janitor will queue it again" in caplog.text

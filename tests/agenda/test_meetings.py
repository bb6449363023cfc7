"""Meetings (overleg): who attended, the minutes, and decisions that show on their agreements."""

import pytest
from django.urls import reverse

from agenda.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_meeting_with_attendees_and_a_decision_on_an_agreement(
    client_for, policy_officer, director_a, council_member, agenda, adopted, organisation_a
):
    client = client_for(policy_officer)
    response = client.post(
        reverse("agenda:meeting_create", args=[agenda.pk]),
        {
            "title": "OOGO najaar 2026",
            "held_on": "2026-10-12",
            "place": "Raadhuis",
            "organisations": [organisation_a.pk],
            "attendees": [policy_officer.pk, director_a.pk],
            "other_attendees": "Wethouder onderwijs",
            "minutes": "De overdracht is geëvalueerd.",
        },
    )
    meeting = Meeting.objects.get(title="OOGO najaar 2026")
    assert response.url == meeting.get_absolute_url()
    client.post(
        reverse("agenda:decision_create", args=[meeting.pk]),
        {"text": "Het formulier wordt aangepast.", "agreements": [adopted.pk]},
    )
    page = client_for(council_member).get(meeting.get_absolute_url()).content.decode()
    for text in (
        "12 oktober 2026",
        "Stichting Openbaar Onderwijs Noord",
        "Jeroen de Vries",
        "Wethouder onderwijs",
        "De overdracht is geëvalueerd.",
        "Het formulier wordt aangepast.",
    ):
        assert text in page
    page = client_for(council_member).get(adopted.get_absolute_url()).content.decode()
    assert "Besluiten in overleggen" in page and "Het formulier wordt aangepast." in page
    assert (
        "OOGO najaar 2026"
        in client_for(council_member).get(reverse("agenda:home")).content.decode()
    )


def test_a_meeting_needs_a_title_and_a_date(client_for, policy_officer, agenda):
    response = client_for(policy_officer).post(
        reverse("agenda:meeting_create", args=[agenda.pk]), {"title": "", "held_on": "morgen"}
    )
    page = response.content.decode()
    assert "Dit veld is verplicht." in page and "Voer een geldige datum in." in page
    assert not Meeting.objects.exists()

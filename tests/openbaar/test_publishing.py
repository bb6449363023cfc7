"""The policy officer chooses what is published: an adopted agreement, a meeting, a version of the
LEA document. A draft cannot be published; the page says so in Dutch and changes nothing."""

from django.test import Client
from django.urls import reverse

from agenda.models import Agreement, Meeting
from reports.models import DocumentStatus, LeaDocument
from tests.kindportaal.test_audit import audit_csv


def _publications(administrator):
    """The audit log's publication records as (who, what), oldest first."""
    rows = audit_csv(administrator, kind="publication")
    return [(row["Wie"], row["Wat"]) for row in reversed(rows)]


def _public_agreements():
    return Client().get(reverse("openbaar:agreements")).content.decode()


def test_the_policy_officer_publishes_an_adopted_agreement(
    public_world, client_for, policy_officer, administrator
):
    agreement = public_world["unpublished"]
    url = reverse("agenda:agreement_publish", args=[agreement.pk])
    officer = client_for(policy_officer)
    page = officer.get(url).content.decode()
    assert "Wet open overheid" in page  # the explanation of what becomes public
    response = officer.post(url, {"is_public": "on", "version": agreement.version}, follow=True)
    assert "gepubliceerd op de openbare pagina" in response.content.decode()
    assert agreement.title in _public_agreements()
    detail = officer.get(agreement.get_absolute_url()).content.decode()
    assert "Gepubliceerd op de openbare pagina" in detail
    published = f"Afspraak “{agreement.title}” gepubliceerd op de openbare pagina's"
    assert _publications(administrator) == [(str(policy_officer), published)]
    # Saving it unchanged publishes nothing new; taking it off is recorded too.
    agreement.refresh_from_db()
    officer.post(url, {"is_public": "on", "version": agreement.version})
    agreement.refresh_from_db()
    officer.post(url, {"version": agreement.version})
    assert _publications(administrator) == [
        (str(policy_officer), published),
        (
            str(policy_officer),
            f"Afspraak “{agreement.title}” van de openbare pagina's gehaald",
        ),
    ]


def test_a_draft_cannot_be_published(public_world, client_for, policy_officer, administrator):
    draft = public_world["concept"]
    Agreement.objects.filter(pk=draft.pk).update(is_public=False)
    draft.refresh_from_db()
    url = reverse("agenda:agreement_publish", args=[draft.pk])
    response = client_for(policy_officer).post(url, {"is_public": "on", "version": draft.version})
    assert response.status_code == 200
    assert "Alleen een vastgestelde afspraak kan worden gepubliceerd" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_public is False
    assert _publications(administrator) == []


def test_a_director_cannot_publish(public_world, client_for, director_a):
    agreement = public_world["unpublished"]
    url = reverse("agenda:agreement_publish", args=[agreement.pk])
    response = client_for(director_a).post(url, {"is_public": "on", "version": agreement.version})
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.is_public is False


def test_a_meeting_made_public_on_its_edit_page_shows_its_minutes(
    public_world, client_for, policy_officer, administrator
):
    meeting = public_world["closed_meeting"]
    url = reverse("agenda:meeting_edit", args=[meeting.pk])
    officer = client_for(policy_officer)
    assert "De namen van de aanwezigen blijven intern" in officer.get(url).content.decode()
    response = officer.post(
        url,
        {
            "title": meeting.title,
            "held_on": meeting.held_on.isoformat(),
            "minutes": "Het verslag is nu openbaar.",
            "is_public": "on",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.get(pk=meeting.pk).is_public
    assert (
        "Het verslag is nu openbaar." in Client().get(reverse("openbaar:meetings")).content.decode()
    )
    assert _publications(administrator) == [
        (str(policy_officer), f"Overleg “{meeting.title}” gepubliceerd op de openbare pagina's")
    ]


def test_the_policy_officer_offers_a_version_of_the_lea_document(
    public_world, client_for, policy_officer, administrator
):
    from django.core.files.base import ContentFile

    document = LeaDocument(
        agenda=public_world["agenda"],
        version=1,
        status=DocumentStatus.DONE,
        sha256="b" * 64,
        page_count=2,
        size=8,
    )
    document.file.save("v1.pdf", ContentFile(b"%PDF-1.7"))
    officer = client_for(policy_officer)
    assert (
        "Publiceren op de openbare pagina"
        in officer.get(document.get_absolute_url()).content.decode()
    )
    officer.post(reverse("reports:lea_publish", args=[document.pk]), {"publish": "1"})
    home = Client().get(reverse("openbaar:home")).content.decode()
    assert reverse("openbaar:lea_download", args=[document.pk]) in home
    officer.post(reverse("reports:lea_publish", args=[document.pk]), {"publish": "0"})
    home = Client().get(reverse("openbaar:home")).content.decode()
    assert reverse("openbaar:lea_download", args=[document.pk]) not in home
    title = f"{document.agenda.title} (1)"
    assert _publications(administrator) == [
        (str(policy_officer), f"LEA-document “{title}” gepubliceerd op de openbare pagina's"),
        (str(policy_officer), f"LEA-document “{title}” van de openbare pagina's gehaald"),
    ]

"""Notices (meldingen) recorded by what happens to agreements: who gets one, never the person who
acted, read back on their notifications page; and the e-mails that go with them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agenda import services, tasks
from agenda.models import AgreementStatus
from kindportaal import notices
from kindportaal.models import Delivery, Notice, NoticeKind
from tests.agenda.conftest import agreement_data
from tests.agenda.factories import AgreementFactory, MeetingFactory
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus


def kinds_of(user):
    return sorted(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


def notices_page(client_for, user):
    return client_for(user).get(reverse("kindportaal:notice_list")).content.decode()


def report(agreement, by, organisation, **fields):
    values = {
        "reported_on": timezone.localdate(),
        "text": "De eerste scholingsdag is gehouden.",
        "health": "on_track",
        "percent_complete": 20,
        **fields,
    }
    return services.progress_update_create(
        agreement=agreement, by=by, organisation=organisation, **values
    )


def test_a_proposal_is_a_notice_for_each_partys_director_on_their_page(
    draft, policy_officer, director_a, director_b, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_transition(
            agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
        )
    assert kinds_of(director_a) == kinds_of(director_b) == [NoticeKind.PROPOSED]
    assert kinds_of(policy_officer) == []
    page = notices_page(client_for, director_b)
    assert "Afspraak om te bevestigen: Warme overdracht peuter naar groep 1" in page
    assert "Versie 1 is aan je organisatie voorgesteld" in page
    notice = Notice.objects.get(recipient=director_b)
    assert reverse("kindportaal:notice_open", args=[notice.pk]) in page
    assert notice.link == draft.get_absolute_url()
    # E-mailed at once, as before there were notices, and marked so.
    assert sorted(message.to[0] for message in mail.outbox) == [director_a.email, director_b.email]
    assert notice.emailed_at is not None
    assert reverse("kindportaal:notice_settings") in mail.outbox[0].body


def test_a_director_who_proposes_their_own_agreement_is_not_told_of_it(
    draft, director_a, director_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_transition(
            agreement=draft, action="propose", by=director_a, expected_version=draft.version
        )
    assert kinds_of(director_a) == []
    assert kinds_of(director_b) == [NoticeKind.PROPOSED]
    assert [message.to for message in mail.outbox] == [[director_b.email]]


def test_a_new_version_is_a_notice_to_confirm_again(
    adopted, policy_officer, director_a, director_b, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(policy_officer).post(
            reverse("agenda:agreement_edit", args=[adopted.pk]),
            agreement_data(adopted, due_date="2027-06-30"),
        )
    assert response.status_code == 302
    changed = Notice.objects.get(recipient=director_a, kind=NoticeKind.CHANGED)
    assert changed.subject == f"Afspraak gewijzigd, bevestig opnieuw: {adopted.title}"
    assert "Versie 2 moet opnieuw door elke partij worden bevestigd" in changed.text
    assert Notice.objects.filter(recipient=director_b, kind=NoticeKind.CHANGED).exists()


def test_the_daily_warning_is_a_notice_for_the_owners_directors_only(
    organisation_a, organisation_b, director_a, director_b
):
    agreement = AgreementFactory(
        owner=organisation_a,
        parties=[organisation_a, organisation_b],
        status=S.IN_PROGRESS,
        revision=1,
        start_date=timezone.localdate() - datetime.timedelta(days=400),
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        title="Stil",
    )
    assert tasks.warn_stale_agreements.delay().get() == 1
    assert tasks.warn_stale_agreements.delay().get() == 0
    [warning] = Notice.objects.filter(kind=NoticeKind.STALE)
    assert warning.recipient == director_a
    assert warning.subject == "Binnenkort af zonder recente voortgang: Stil"
    assert warning.link == agreement.get_absolute_url()
    assert kinds_of(director_b) == []
    assert [message.to for message in mail.outbox] == [[director_a.email]]


def test_progress_is_a_notice_for_the_other_parties_not_for_its_author(
    adopted, director_a, director_b, organisation_a, client_for
):
    update = report(adopted, director_a, organisation_a)
    assert kinds_of(director_a) == [NoticeKind.PROPOSED]  # from the proposal; none of their own
    progress = Notice.objects.get(recipient=director_b, kind=NoticeKind.PROGRESS)
    assert progress.key == f"progress-{update.pk}"
    page = notices_page(client_for, director_b)
    assert f"Voortgang gemeld: {adopted.title}" in page
    assert "Stichting Openbaar Onderwijs Noord: Op koers, 20% klaar." in page
    # Progress comes in the daily overview by default: no e-mail now.
    assert mail.outbox == []


def test_progress_reported_by_the_gemeente_reaches_every_partys_director(
    adopted, policy_officer, director_a, director_b
):
    report(adopted, policy_officer, None)
    assert Notice.objects.filter(kind=NoticeKind.PROGRESS).count() == 2
    assert not Notice.objects.filter(recipient=policy_officer).exists()


def test_a_decision_about_an_agreement_is_a_notice_for_its_parties(
    adopted, agenda, policy_officer, director_a, director_b, client_for, organisation_a
):
    other_org_director = UserFactory(role="partner_director")
    MembershipFactory(user=other_org_director, organisation=OrganisationFactory())
    meeting = MeetingFactory(agenda=agenda, created_by=policy_officer, title="OOGO najaar")
    response = client_for(policy_officer).post(
        reverse("agenda:decision_create", args=[meeting.pk]),
        {"text": "Het formulier wordt aangepast.", "agreements": [adopted.pk]},
    )
    assert response.status_code == 302
    decision = Notice.objects.get(recipient=director_a, kind=NoticeKind.DECISION)
    assert decision.subject == f"Besluit over {adopted.title}"
    assert "OOGO najaar" in decision.text and "Het formulier wordt aangepast." in decision.text
    assert decision.link == meeting.get_absolute_url()
    assert Notice.objects.filter(recipient=director_b, kind=NoticeKind.DECISION).exists()
    assert not Notice.objects.filter(recipient=other_org_director).exists()
    assert not Notice.objects.filter(recipient=policy_officer).exists()


def test_a_director_who_chose_the_portal_only_gets_the_notice_but_no_e_mail(
    draft, policy_officer, director_a, director_b, django_capture_on_commit_callbacks
):
    notices.preferences_save(user=director_b, choices={NoticeKind.PROPOSED: Delivery.PORTAL})
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_transition(
            agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
        )
    assert kinds_of(director_b) == [NoticeKind.PROPOSED]
    assert [message.to for message in mail.outbox] == [[director_a.email]]
    assert Notice.objects.get(recipient=director_b).emailed_at is None


def test_progress_e_mailed_at_once_to_who_chose_it(
    adopted, director_a, director_b, organisation_a, django_capture_on_commit_callbacks
):
    notices.preferences_save(user=director_b, choices={NoticeKind.PROGRESS: Delivery.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        report(adopted, director_a, organisation_a)
    [message] = mail.outbox
    assert message.to == [director_b.email]
    assert message.subject == f"Voortgang gemeld: {adopted.title}"
    assert adopted.get_absolute_url() in message.body
    assert "Je kiest zelf hoe je meldingen ontvangt" in message.body
    assert reverse("kindportaal:notice_settings") in message.body
    # A task that runs twice sends it once.
    notice = Notice.objects.get(recipient=director_b, kind=NoticeKind.PROGRESS)
    assert notices.notice_email_send(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1


def test_a_title_with_markup_reads_as_typed_in_the_notice(
    draft, policy_officer, director_b, client_for
):
    draft.title = "VVE & BSO <samen>"
    draft.save()
    services.agreement_transition(
        agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
    )
    notice = Notice.objects.get(recipient=director_b)
    assert notice.subject == "Afspraak om te bevestigen: VVE & BSO <samen>"
    page = notices_page(client_for, director_b)
    assert "Afspraak om te bevestigen: VVE &amp; BSO &lt;samen&gt;</a>" in page

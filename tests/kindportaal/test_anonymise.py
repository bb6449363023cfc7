"""Retention (AVG) of deactivated accounts: after RETENTION_ANONYMISE_DEACTIVATED_DAYS their name
and e-mail address are gone from every page that showed them; on the suite's fixed clock."""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Decision, ProgressUpdate
from agenda.notifications import notify_progress
from kindportaal import services, tasks
from kindportaal.models import AuditEvent, AuditKind, Notice, User
from tests.agenda.factories import ThemeFactory, confirm, proposed_agreement
from tests.conftest import TEST_NOW
from tests.kindportaal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
TERM = 365
JEROEN = ("Jeroen de Vries", "bestuurder.a@example.org")


@pytest.fixture
def still_clock(fixed_clock, settings):
    settings.RETENTION_ANONYMISE_DEACTIVATED_DAYS = TERM
    fixed_clock.move_to(TEST_NOW, tick=False)
    return TEST_NOW.astimezone(UTC)


def deactivate_at(fixed_clock, moment, user, by):
    """Deactivate `user` through the service at `moment`, then go back to TEST_NOW."""
    fixed_clock.move_to(moment, tick=False)
    services.user_deactivate(user=user, by=by)
    fixed_clock.move_to(TEST_NOW, tick=False)


def test_a_deactivated_account_is_anonymised_the_first_night_after_its_term(
    still_clock, fixed_clock, policy_officer
):
    term = still_clock - timedelta(days=TERM)
    day_before = UserFactory(full_name="Een dag te vroeg")
    at_term = UserFactory(full_name="Precies op termijn")
    past = UserFactory(full_name="Net voorbij", email="voorbij@example.org")
    deactivate_at(fixed_clock, term + DAY, day_before, policy_officer)
    deactivate_at(fixed_clock, term, at_term, policy_officer)
    deactivate_at(fixed_clock, term - SECOND, past, policy_officer)

    assert tasks.retention()["anonymised_accounts"] == 1
    past.refresh_from_db()
    assert past.full_name == f"Voormalig gebruiker {past.pk}"
    assert past.email == f"user-{past.pk}@anonymised.invalid"
    assert not past.has_usable_password()
    assert User.objects.get(pk=at_term.pk).full_name == "Precies op termijn"
    assert User.objects.get(pk=day_before.pk).full_name == "Een dag te vroeg"

    # The next night the one exactly at its term has passed it; the one a day later has not.
    fixed_clock.move_to(TEST_NOW + DAY, tick=False)
    assert tasks.retention()["anonymised_accounts"] == 1
    assert User.objects.get(pk=at_term.pk).full_name == f"Voormalig gebruiker {at_term.pk}"
    assert User.objects.get(pk=day_before.pk).full_name == "Een dag te vroeg"
    # Run again: nothing more to do, nothing logged.
    logged = AuditEvent.objects.filter(kind=AuditKind.RETENTION).count()
    assert tasks.retention()["anonymised_accounts"] == 0
    assert AuditEvent.objects.filter(kind=AuditKind.RETENTION).count() == logged


def test_reactivating_an_account_stops_its_clock(still_clock, fixed_clock, policy_officer):
    term = still_clock - timedelta(days=TERM)
    person = UserFactory(full_name="Weer terug")
    deactivate_at(fixed_clock, term - 10 * DAY, person, policy_officer)
    services.user_reactivate(user=person, by=policy_officer)
    person.refresh_from_db()
    assert person.deactivated_at is None
    assert tasks.retention()["anonymised_accounts"] == 0

    # Deactivated again: the term runs from the new deactivation.
    deactivate_at(fixed_clock, still_clock - DAY, person, policy_officer)
    assert tasks.retention()["anonymised_accounts"] == 0
    assert User.objects.get(pk=person.pk).full_name == "Weer terug"


@pytest.fixture
def jeroens_traces(
    still_clock, fixed_clock, organisation_a, organisation_b, policy_officer, director_a, director_b
):
    """Jeroen de Vries (director_a) confirmed an agreement on its page, reported progress,
    logged in and once typed a wrong password; then he was deactivated, longer ago than the
    term."""
    fixed_clock.move_to(still_clock - timedelta(days=TERM + 30), tick=False)
    agreement = proposed_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        theme=ThemeFactory(),
        title="Eén overdrachtsformulier",
    )
    confirm(agreement, organisation_b, director_b)
    browser = Client()
    assert (
        browser.post(
            reverse("account_login"), {"login": JEROEN[1], "password": PASSWORD}
        ).status_code
        == 302
    )
    response = browser.post(
        reverse("agenda:agreement_answer", args=[agreement.pk]),
        {
            "version_number": agreement.revision,
            "organisation": organisation_a.pk,
            "decision": Decision.CONFIRMED,
            "reason": "",
        },
    )
    assert response.status_code == 302
    Client().post(reverse("account_login"), {"login": JEROEN[1], "password": "fout"})
    update = ProgressUpdate.objects.create(
        agreement=agreement,
        reported_on=still_clock.date() - timedelta(days=TERM + 30),
        text="De eerste overdrachten zijn gedaan.",
        health="on_track",
        percent_complete=20,
        author=director_a,
    )
    notify_progress(update, actor=director_a)
    deactivate_at(fixed_clock, still_clock - timedelta(days=TERM + 1), director_a, policy_officer)
    return agreement


def _audit_page(administrator):
    client = Client()
    client.force_login(administrator)
    page = client.get(reverse("kindportaal:audit_log")).content.decode()
    response = client.get(reverse("kindportaal:audit_log"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return page, list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_an_anonymised_persons_name_and_address_are_gone_from_every_page(
    jeroens_traces, director_a, director_b, administrator, client_for
):
    agreement = jeroens_traces
    label = f"Voormalig gebruiker {director_a.pk}"
    page = client_for(director_b).get(agreement.get_absolute_url()).content.decode()
    assert JEROEN[0] in page  # his confirmation, his progress, his change in the history
    audit_page, audit_rows = _audit_page(administrator)
    assert JEROEN[0] in audit_page and JEROEN[1] in audit_page
    assert any(row["Wie"] == JEROEN[0] for row in audit_rows)

    assert tasks.retention()["anonymised_accounts"] == 1

    page = client_for(director_b).get(agreement.get_absolute_url()).content.decode()
    assert JEROEN[0] not in page and JEROEN[1] not in page
    assert page.count(label) >= 3  # the confirmation, the progress update, the history
    audit_page, audit_rows = _audit_page(administrator)
    for name_or_address in JEROEN:
        assert name_or_address not in audit_page
        assert name_or_address not in str(audit_rows)
    assert any(row["Wie"] == label for row in audit_rows)  # his login, under his label
    assert f"Account {director_a.pk} geanonimiseerd" in audit_page
    # His copied name in the notice of his progress update, and his own history rows.
    [notice] = Notice.objects.filter(recipient=director_b, kind="progress")
    assert JEROEN[0] not in notice.text and label in notice.text
    assert not User.history.filter(full_name=JEROEN[0]).exists()
    assert not User.history.filter(email=JEROEN[1]).exists()

    # He cannot log in any more, neither with his old address nor with the new one.
    for login in (JEROEN[1], f"user-{director_a.pk}@anonymised.invalid"):
        response = Client().post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 200

    # Idempotent: a second run changes nothing.
    before = list(AuditEvent.objects.values_list("pk", "params", "identifier"))
    assert tasks.retention()["anonymised_accounts"] == 0
    assert list(AuditEvent.objects.values_list("pk", "params", "identifier")) == before


def test_an_anonymised_account_cannot_be_reactivated_or_invited_again(
    jeroens_traces, director_a, policy_officer, client_for
):
    tasks.retention()
    browser = client_for(policy_officer)
    response = browser.post(
        reverse("kindportaal:user_reactivate", args=[director_a.pk]), follow=True
    )
    assert "Dit account is geanonimiseerd en kan niet meer worden gebruikt." in (
        response.content.decode()
    )
    response = browser.post(
        reverse("kindportaal:invitation_resend", args=[director_a.pk]), follow=True
    )
    assert "Dit account is geanonimiseerd en kan niet meer worden gebruikt." in (
        response.content.decode()
    )
    director_a.refresh_from_db()
    assert not director_a.is_active
    assert director_a.full_name == f"Voormalig gebruiker {director_a.pk}"
    with pytest.raises(services.AccountAnonymised):
        services.user_reactivate(user=director_a, by=policy_officer)

    # Invited again under the old address, the person gets a new account, not the old identity.
    invitation = services.invitation_create(
        invited_by=policy_officer, email=JEROEN[1], full_name=JEROEN[0], role=director_a.role
    )
    assert invitation.user.pk != director_a.pk
    assert invitation.user.history.count() == 1


def test_the_lea_documents_someone_asked_for_lose_their_name_and_pdf(
    still_clock, fixed_clock, policy_officer, council_member, client_for
):
    from django.core.files.base import ContentFile

    from reports.models import DocumentStatus, LeaDocument
    from tests.agenda.factories import AgendaFactory

    asker = UserFactory(full_name="Mirjam Hoekstra", role=policy_officer.role)
    agenda = AgendaFactory()
    document = LeaDocument(
        agenda=agenda,
        version=1,
        status=DocumentStatus.DONE,
        sha256="0" * 64,
        requested_by=asker,
        requested_by_name=asker.full_name,
        page_count=12,
    )
    document.file.save("lea.pdf", ContentFile(b"%PDF-1.7 Mirjam Hoekstra"), save=False)
    document.save()
    path = document.file.path
    deactivate_at(fixed_clock, still_clock - timedelta(days=TERM + 1), asker, policy_officer)

    tasks.retention()

    document.refresh_from_db()
    assert document.requested_by_name == f"Voormalig gebruiker {asker.pk}"
    assert not document.file and not __import__("os").path.exists(path)
    page = client_for(council_member).get(document.get_absolute_url()).content.decode()
    assert "Mirjam Hoekstra" not in page
    assert "De PDF van deze versie is verwijderd" in page
    assert reverse("reports:lea_download", args=[document.pk]) not in page
    response = client_for(council_member).get(reverse("reports:lea_download", args=[document.pk]))
    assert response.status_code == 404


def test_reasons_on_other_histories_that_name_the_address_are_rewritten(
    still_clock, fixed_clock, policy_officer
):
    officer = UserFactory(email="vertrokken@example.org", role=policy_officer.role)
    someone = UserFactory()
    services.user_deactivate(user=someone, by=officer)
    assert someone.history.filter(history_change_reason__contains="vertrokken@example.org")
    deactivate_at(fixed_clock, still_clock - timedelta(days=TERM + 1), officer, policy_officer)

    tasks.retention()

    [reason] = someone.history.filter(history_change_reason__contains="Deactivated by")
    assert "vertrokken@example.org" not in reason.history_change_reason
    assert f"user-{officer.pk}@anonymised.invalid" in reason.history_change_reason


def test_accounts_inactive_before_the_rule_start_their_term_when_their_history_switched_them_off(
    still_clock, fixed_clock
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kindportaal.migrations.0006_user_deactivated_at")
    fixed_clock.move_to(still_clock - timedelta(days=400), tick=False)
    switched_off = UserFactory(full_name="Uitgezet")
    fixed_clock.move_to(still_clock - timedelta(days=40), tick=False)
    switched_off.is_active = False
    switched_off.save()
    fixed_clock.move_to(still_clock, tick=False)
    never_accepted = UserFactory(is_active=False)
    User.objects.filter(pk__in=[switched_off.pk, never_accepted.pk]).update(deactivated_at=None)

    migration.fill_deactivated_at(apps, None)

    assert User.objects.get(pk=switched_off.pk).deactivated_at == still_clock - timedelta(days=40)
    assert User.objects.get(pk=never_accepted.pk).deactivated_at is None


def test_the_admins_active_box_starts_and_stops_the_clock_and_cannot_bring_one_back(
    still_clock, fixed_clock, client_for, administrator, policy_officer
):
    colleague = UserFactory(full_name="Kees Collega")
    admin = client_for(administrator)
    change = reverse("admin:kindportaal_user_change", args=[colleague.pk])

    def post(is_active):
        form = admin.get(change).context["adminform"].form
        data = {key: value for key, value in form.initial.items() if value is not None}
        data.pop("is_active", None)
        if is_active:
            data["is_active"] = "on"
        return admin.post(change, data)

    assert post(is_active=False).status_code == 302
    colleague.refresh_from_db()
    assert colleague.deactivated_at == still_clock
    assert post(is_active=True).status_code == 302
    colleague.refresh_from_db()
    assert colleague.is_active and colleague.deactivated_at is None

    deactivate_at(fixed_clock, still_clock - timedelta(days=TERM + 1), colleague, policy_officer)
    tasks.retention()
    response = post(is_active=True)
    assert response.status_code == 200
    assert "Dit account is geanonimiseerd en kan niet meer worden gebruikt." in (
        response.content.decode()
    )
    colleague.refresh_from_db()
    assert not colleague.is_active

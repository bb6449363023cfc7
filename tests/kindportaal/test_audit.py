"""The audit log: every event made by the real action, read back on the beheerder's page and in
its CSV; the address behind the proxy; the filters; nobody else sees it; nobody changes it."""

import csv
import io

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from kindportaal.models import AuditEvent, AuditImmutable, AuditKind, User
from kindportaal.roles import Role
from tests.conftest import totp_code
from tests.kindportaal.factories import PASSWORD, UserFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
VISITOR = "198.51.100.7"


@pytest.fixture
def behind_the_proxy(settings):
    """As in production: one reverse proxy, which adds the visitor's address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def visitor(address=VISITOR, forged=""):
    """A browser behind the reverse proxy; `forged` is what the visitor wrote in the header."""
    header = f"{forged}, {address}" if forged else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def audit_page(administrator, **filters):
    client = Client()
    client.force_login(administrator)
    response = client.get(reverse("kindportaal:audit_log"), filters)
    assert response.status_code == 200
    return response.content.decode()


def audit_csv(administrator, **filters):
    """The audit log's CSV as a list of dicts by the (Dutch) column names."""
    client = Client()
    client.force_login(administrator)
    response = client.get(reverse("kindportaal:audit_log"), {**filters, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def only_row(rows, **where):
    matching = [row for row in rows if all(row[key] == value for key, value in where.items())]
    assert len(matching) == 1, (where, rows)
    return matching[0]


# Logins


def test_a_login_through_the_login_page_is_logged_with_the_address_behind_the_proxy(
    behind_the_proxy, council_member, administrator
):
    browser = visitor(forged="203.0.113.66")
    assert log_in(browser, "raad@example.org").status_code == 302

    page = audit_page(administrator, kind=AuditKind.LOGIN)
    assert "Ingrid Bakker" in page
    assert "Ingelogd" in page
    assert VISITOR in page
    # What the visitor wrote before the proxy's address is not their address.
    assert "203.0.113.66" not in page
    row = only_row(audit_csv(administrator, kind=AuditKind.LOGIN), Wie="Ingrid Bakker")
    assert row["Soort"] == "Inloggen"
    assert row["Wat"] == "Ingelogd"
    assert row["Adres"] == VISITOR
    assert row["E-mailadres"] == "raad@example.org"


def test_a_failed_login_is_logged_with_the_address_typed_and_no_person(
    behind_the_proxy, council_member, administrator
):
    response = log_in(visitor(), "raad@example.org", password="helemaal-fout-123")
    assert response.status_code == 200
    log_in(visitor("192.0.2.9"), "onbekend@example.org", password="helemaal-fout-123")

    rows = audit_csv(administrator, kind=AuditKind.LOGIN_FAILED)
    known = only_row(rows, Wie="raad@example.org")
    assert known["Wat"] == "Inloggen mislukt: verkeerd e-mailadres of wachtwoord"
    assert known["Adres"] == VISITOR
    # An address that is no account's is not kept: its domain and a digest of it are.
    [unknown] = [row for row in rows if row["Wie"] != "raad@example.org"]
    assert unknown["Adres"] == "192.0.2.9"
    assert unknown["Wie"].startswith("…@example.org #")
    assert "onbekend" not in str(rows)
    # Nobody logged in: the failure is no login of the account.
    assert not AuditEvent.objects.filter(kind=AuditKind.LOGIN, actor=council_member).exists()
    # A beheerder who searches for the whole address finds its tries, and only those.
    log_in(visitor("192.0.2.9"), "onbekend@example.org", password="nog-eens-fout-456")
    log_in(visitor("192.0.2.9"), "iemand.anders@example.org", password="helemaal-fout-123")
    page = audit_page(administrator, person="onbekend@example.org")
    assert page.count(unknown["Wie"]) == 2
    assert "Inloggen mislukt" in page
    assert page.count("…@example.org #") == 2


def test_a_wrong_second_factor_code_and_the_logout_are_logged(policy_officer, administrator):
    browser = Client()
    assert log_in(browser, "beleid@example.org")["Location"] == reverse("mfa_authenticate")
    browser.post(reverse("mfa_authenticate"), {"code": "123456"})
    browser.post(reverse("mfa_authenticate"), {"code": totp_code(policy_officer.totp_secret)})
    browser.post(reverse("account_logout"))

    rows = audit_csv(administrator, person="beleid@example.org")
    assert [row["Wat"] for row in rows] == [
        "Uitgelogd",
        "Ingelogd",
        "Inloggen mislukt: verkeerde code van de tweede stap",
    ]


def test_setting_up_an_authenticator_app_is_logged(
    administrator, django_capture_on_commit_callbacks
):
    UserFactory(email="nieuw@example.org", full_name="Nieuwe Collega", role=Role.POLICY_OFFICER)
    browser = Client()
    log_in(browser, "nieuw@example.org")
    browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = browser.get(reverse("mfa_activate_totp")).context["form"].secret
    # allauth tells of the new authenticator once its transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302

    rows = audit_csv(administrator, kind=AuditKind.TWO_FACTOR)
    row = only_row(rows, Wat="Authenticator-app ingesteld")
    assert row["Wie"] == "Nieuwe Collega"
    assert row["Over wie"] == "Nieuwe Collega"
    assert "Authenticator-app ingesteld" in audit_page(administrator, kind=AuditKind.TWO_FACTOR)


# Invitations, roles, memberships, deactivations


def test_an_invitation_made_and_accepted_is_logged(
    behind_the_proxy, client_for, policy_officer, administrator
):
    officer = client_for(policy_officer)
    response = officer.post(
        reverse("kindportaal:invitation_create"),
        {
            "email": "nieuw.raadslid@example.org",
            "full_name": "Nieuw Raadslid",
            "role": "council_member",
        },
    )
    assert response.status_code == 302
    invitation = User.objects.get(email="nieuw.raadslid@example.org").invitations.get()
    accepted = visitor().post(
        invitation.get_accept_url(),
        {"password1": "Een-heel-lang-wachtwoord-77", "password2": "Een-heel-lang-wachtwoord-77"},
    )
    assert accepted.status_code == 302

    made = only_row(audit_csv(administrator, kind=AuditKind.INVITATION), Wie="Fatima El Amrani")
    assert made["Wat"] == "nieuw.raadslid@example.org uitgenodigd als Raadslid"
    assert made["Over wie"] == "Nieuw Raadslid"
    done = only_row(audit_csv(administrator, kind=AuditKind.INVITATION_ACCEPTED))
    assert done["Wie"] == "Nieuw Raadslid"
    assert done["Wat"] == "Uitnodiging van nieuw.raadslid@example.org aanvaard"
    assert done["Adres"] == VISITOR
    assert "uitgenodigd als Raadslid" in audit_page(administrator)


def test_a_deactivation_and_a_reactivation_are_logged(client_for, policy_officer, administrator):
    colleague = UserFactory(email="collega@example.org", full_name="Kees Collega")
    officer = client_for(policy_officer)
    officer.post(reverse("kindportaal:user_deactivate", args=[colleague.pk]))
    officer.post(reverse("kindportaal:user_reactivate", args=[colleague.pk]))

    rows = audit_csv(administrator, kind=AuditKind.DEACTIVATION)
    assert [(row["Wie"], row["Wat"], row["Over wie"]) for row in rows] == [
        ("Fatima El Amrani", "collega@example.org weer toegang gegeven", "Kees Collega"),
        ("Fatima El Amrani", "collega@example.org gedeactiveerd", "Kees Collega"),
    ]


def test_a_role_changed_in_the_admin_is_logged(client_for, administrator):
    colleague = UserFactory(email="collega@example.org", full_name="Kees Collega")
    admin = client_for(administrator)
    change = reverse("admin:kindportaal_user_change", args=[colleague.pk])
    form = admin.get(change).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(role="policy_officer", is_active="on", date_joined_0="2026-01-01")
    data.update(date_joined_1="09:00:00", last_login_0="", last_login_1="")
    response = admin.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    row = only_row(audit_csv(administrator, kind=AuditKind.ROLE))
    assert row["Wie"] == "Sanne Visser"
    assert row["Wat"] == "Rol van collega@example.org gewijzigd van Raadslid in Beleidsmedewerker"
    assert row["Over wie"] == "Kees Collega"


def test_a_membership_added_is_logged(client_for, policy_officer, organisation_a, administrator):
    director = UserFactory(full_name="Nieuwe Bestuurder", role=Role.PARTNER_DIRECTOR)
    response = client_for(policy_officer).post(
        reverse("partners:membership_create", args=[organisation_a.pk]), {"user": director.pk}
    )
    assert response.status_code == 302
    row = only_row(audit_csv(administrator, kind=AuditKind.MEMBERSHIP))
    assert row["Wat"] == (f"{director.email} lid gemaakt van Stichting Openbaar Onderwijs Noord")
    assert row["Wie"] == "Fatima El Amrani"
    assert row["Over wie"] == "Nieuwe Bestuurder"


# Exports, documents, imports


def test_an_export_of_a_list_is_logged_with_its_rows(client_for, council_member, administrator):
    from tests.partners.factories import OrganisationFactory

    OrganisationFactory.create_batch(3)
    reader = client_for(council_member)
    response = reader.get(reverse("partners:organisation_list"), {"export": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    reader.get(reverse("partners:organisation_list"), {"export": "xlsx"})

    rows = audit_csv(administrator, kind=AuditKind.EXPORT, person="raad@")
    assert [row["Wat"] for row in rows] == [
        "Organisaties gedownload (XLSX, 3 rijen)",
        "Organisaties gedownload (CSV, 3 rijen)",
    ]
    # The audit log's own export is an export too, and so in the log.
    page = audit_page(administrator, kind=AuditKind.EXPORT)
    assert "Auditlog gedownload (CSV" in page


def test_a_dashboard_figure_download_is_logged(client_for, council_member, administrator):
    response = client_for(council_member).get(
        reverse("reports:figure_csv", args=["kaart"]), {"kaart": "risico"}
    )
    assert response.status_code == 200
    row = only_row(audit_csv(administrator, kind=AuditKind.EXPORT, person="raad@"))
    assert row["Wat"].startswith("Kaart van de wijken")
    assert "(CSV, " in row["Wat"]


def test_asking_for_a_lea_document_is_logged(
    client_for, policy_officer, administrator, django_capture_on_commit_callbacks
):
    from tests.agenda.factories import AgendaFactory

    agenda = AgendaFactory(title="LEA Teststad 2025–2028", is_current=True)
    with django_capture_on_commit_callbacks(execute=False):
        client_for(policy_officer).post(reverse("reports:lea_request", args=[agenda.pk]))
    row = only_row(audit_csv(administrator, kind=AuditKind.LEA_DOCUMENT))
    assert row["Wie"] == "Fatima El Amrani"
    assert row["Wat"] == "LEA-document van LEA Teststad 2025–2028 laten maken, versie 1"


def test_a_confirmed_register_import_is_logged(client_for, policy_officer, administrator):
    from partners.models import ImportRun
    from tests.partners.registers import make_gemeente, upload

    make_gemeente()
    officer = client_for(policy_officer)
    officer.post(
        reverse("partners:import_upload"),
        {"source": "lrk", "file": upload("lrk_export.csv"), "reference_date": "2025-01-01"},
    )
    run = ImportRun.objects.get()
    assert not AuditEvent.objects.filter(kind=AuditKind.IMPORT).exists()  # a preview is no import
    officer.post(reverse("partners:import_confirm", args=[run.pk]))

    row = only_row(audit_csv(administrator, kind=AuditKind.IMPORT))
    assert row["Wie"] == "Fatima El Amrani"
    assert row["Wat"] == f"Import van lrk_export.csv bevestigd (LRK, {run.rows_total} rijen)"


# The page: filters, who may see it, query counts


def _event(**fields):
    return AuditEvent.objects.create(
        kind=fields.pop("kind", AuditKind.LOGIN), message="Logged in", **fields
    )


def test_the_period_filter_includes_both_of_its_days(administrator, council_member):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    amsterdam = ZoneInfo("Europe/Amsterdam")
    for day, hour in [(31, 23), (1, 0), (30, 23)]:
        month = 5 if day == 31 else 6
        _event(
            actor=council_member, created_at=datetime(2026, month, day, hour, 30, tzinfo=amsterdam)
        )
    rows = audit_csv(administrator, date_from="2026-06-01", date_to="2026-06-30", kind="login")
    when = sorted(row["Wanneer"] for row in rows if row["Wie"] == "Ingrid Bakker")
    assert when == ["2026-06-01 00:30", "2026-06-30 23:30"]


@pytest.mark.parametrize("bad", ["31-02-2026", "2026-02-31", "morgen", "99999-01-01", "a\x00b"])
def test_a_date_that_cannot_be_read_gets_a_dutch_message_and_no_records(administrator, bad):
    _event(actor=administrator)
    page = audit_page(administrator, date_from=bad)
    assert "Voer een geldige datum in." in page
    assert "Geen gegevens voldoen aan deze filters." in page
    assert audit_csv(administrator, date_from=bad) == []


def test_a_period_that_ends_before_it_starts_is_explained(administrator):
    page = audit_page(administrator, date_from="2026-06-10", date_to="2026-06-01")
    assert "Het einde van de periode ligt voor het begin." in page
    assert "Vanaf" in page and "Tot en met" in page


def test_only_a_beheerder_sees_the_audit_log_and_its_link(personas, client_for):
    url = reverse("kindportaal:audit_log")
    for name, user in personas.items():
        if user is None:
            continue
        client = client_for(user)
        expected = 200 if name == "administrator" else 403
        assert client.get(url).status_code == expected, name
        assert client.get(f"{url}?export=csv").status_code == expected, name
        home = client.get(reverse("kindportaal:home")).content.decode()
        assert (f'href="{url}"' in home) == (name == "administrator"), name


def test_the_audit_log_page_takes_the_same_queries_however_many_records(administrator, client_for):
    people = UserFactory.create_batch(3)

    def grow():
        for person in UserFactory.create_batch(20):
            _event(actor=person, subject=people[0], kind=AuditKind.DEACTIVATION)
            _event(kind=AuditKind.LOGIN_FAILED, identifier=person.email)

    for person in people:
        _event(actor=person, subject=person)
    client = client_for(administrator)
    assert_query_count_constant(client, reverse("kindportaal:audit_log"), grow, expected=QUERIES)
    filtered = f"{reverse('kindportaal:audit_log')}?kind=login&person=a&date_from=2026-01-01"
    assert_query_count_constant(client, filtered, grow, expected=QUERIES)


# The person (1; the session is in the cache), their authenticator app (1), the records counted
# (1) and one page of them with both their people (1) and the gemeente of the header (1). The
# beheerder gets no notices, so their header counts none.
QUERIES = 5


# Immutability


def test_the_orm_refuses_to_change_or_delete_a_record(administrator):
    event = _event(actor=administrator)
    event.message = "Nothing happened"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(message="Nothing happened")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditImmutable), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["message"])
    event.refresh_from_db()
    assert event.message == "Logged in"


def test_the_admin_shows_a_record_read_only_and_refuses_to_add_change_or_delete(
    administrator, client_for
):
    event = _event(actor=administrator, ip_address="192.0.2.1")
    admin = client_for(administrator)
    change = reverse("admin:kindportaal_auditevent_change", args=[event.pk])
    page = admin.get(change).content.decode()
    assert "192.0.2.1" in page
    assert 'name="_save"' not in page
    assert "Verwijderen" not in page
    assert admin.post(change, {"message": "Nothing happened"}).status_code == 403
    assert admin.get(reverse("admin:kindportaal_auditevent_add")).status_code == 403
    delete = reverse("admin:kindportaal_auditevent_delete", args=[event.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:kindportaal_auditevent_changelist")
    bulk = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk, message="Logged in").exists()

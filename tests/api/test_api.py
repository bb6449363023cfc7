"""The REST API as a partner system and a stranger meet it: the organisation's agreements, the
same rules, versions and conflicts as the pages, problem details in Dutch, the API-Version
header, CORS, no trailing slashes, and keys that are hashed, scoped, revoked and audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import AgreementStatus, Confirmation, ProgressUpdate
from api import services
from api.models import OrganisationAPIKey
from kindportaal.models import AuditEvent, AuditKind
from tests.api.conftest import make_key
from tests.openbaar.conftest import (
    CONCEPT_TITLE,
    PERSON_NAME,
    PROPOSED_TITLE,
    SECRET_NOTE,
    UNPUBLISHED_TITLE,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/afspraken"


def _detail(agreement):
    return f"/api/v1/afspraken/{agreement.pk}"


def _progress(**overrides):
    return {
        "datum": timezone.localdate().isoformat(),
        "tekst": "Twee scholen zijn begonnen.",
        "gezondheid": "on_track",
        "percentage": 30,
        **overrides,
    }


def test_a_key_lists_only_the_agreements_its_organisation_is_party_to(api_for, key_a, agreements):
    response = api_for(key_a[1]).get(LIST)
    assert response.status_code == 200
    body = response.json()
    titles = sorted(row["titel"] for row in body["resultaten"])
    assert titles == ["Concept A", "Doorgaande leerlijn", "VVE-bereik"]
    assert body["aantal"] == 3
    assert body["_links"]["self"]["href"] == LIST
    assert response["API-Version"] == "1.0.0"
    assert "no-store" in response["Cache-Control"]


def test_the_list_filters_and_pages_with_links(api_for, key_a, agreements):
    api = api_for(key_a[1])
    assert [r["titel"] for r in api.get(LIST, status="proposed").json()["resultaten"]] == [
        "VVE-bereik"
    ]
    first = api.get(LIST, paginaGrootte=2).json()
    assert len(first["resultaten"]) == 2
    assert "pagina=2" in first["_links"]["next"]["href"]
    second = api.get(first["_links"]["next"]["href"]).json()
    assert len(second["resultaten"]) == 1
    refused = api.get(LIST, status="onzin")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["invalid-params"][0]["name"] == "status"


def test_another_organisations_agreement_is_a_404_like_one_that_does_not_exist(
    api_for, key_a, agreements
):
    api = api_for(key_a[1])
    hidden = api.get(_detail(agreements["b_only"]))
    missing = api.get("/api/v1/afspraken/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]
    assert hidden.json()["title"] == "Niet gevonden"
    posted = api.post(f"{_detail(agreements['b_only'])}/voortgang", _progress())
    assert posted.status_code == 404
    assert not ProgressUpdate.objects.filter(agreement=agreements["b_only"]).exists()


def test_without_a_key_or_with_a_wrong_one_the_answer_is_401_in_dutch(api_for, agreements):
    anonymous = api_for().get(LIST)
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert anonymous["WWW-Authenticate"] == "X-Api-Key"
    assert "X-Api-Key" in anonymous.json()["detail"]
    wrong = api_for("abcdefgh.nietgoed").get(LIST)
    assert wrong.status_code == 401
    assert wrong.json()["title"] == "Geen geldige API-sleutel"


def test_a_revoked_key_answers_401(api_for, key_a, director_a, agreements):
    services.api_key_revoke(api_key=key_a[0], by=director_a)
    response = api_for(key_a[1]).get(LIST)
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]


def test_a_key_stops_when_its_maker_no_longer_acts_for_the_organisation(
    api_for, key_a, director_a, agreements
):
    director_a.memberships.all().delete()
    assert api_for(key_a[1]).get(LIST).status_code == 401


def test_the_key_is_stored_hashed_and_shown_once(key_a):
    key, secret = key_a
    stored = OrganisationAPIKey.objects.get(pk=key.pk)
    assert secret.startswith(stored.prefix + ".")
    assert secret not in stored.hashed_key
    assert stored.hashed_key.startswith("sha512$$")


def test_every_use_is_audited_and_the_last_use_written_at_most_once_a_minute(
    api_for, key_a, agreements, fixed_clock
):
    api = api_for(key_a[1])
    api.get(LIST)
    first = OrganisationAPIKey.objects.get(pk=key_a[0].pk).last_used_at
    assert first is not None
    api.get(LIST)
    assert OrganisationAPIKey.objects.get(pk=key_a[0].pk).last_used_at == first
    uses = AuditEvent.objects.filter(kind=AuditKind.API_KEY, identifier=key_a[0].prefix)
    assert uses.filter(message__contains="used").count() == 2
    fixed_clock.shift(datetime.timedelta(minutes=2))
    api.get(LIST)
    assert OrganisationAPIKey.objects.get(pk=key_a[0].pk).last_used_at > first


def test_a_read_only_key_cannot_report(api_for, organisation_a, director_a, agreements):
    _key, secret = make_key(organisation_a, director_a, can_report=False)
    response = api_for(secret).post(f"{_detail(agreements['adopted'])}/voortgang", _progress())
    assert response.status_code == 403
    assert "agreements:report" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists()


def test_progress_through_the_api_is_the_pages_service(api_for, key_a, agreements, director_a):
    agreement = agreements["adopted"]
    response = api_for(key_a[1]).post(f"{_detail(agreement)}/voortgang", _progress())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == AgreementStatus.IN_PROGRESS  # the first update starts the work
    assert body["voortgangPercentage"] == 30
    update = ProgressUpdate.objects.get(agreement=agreement)
    assert update.organisation_id == key_a[0].organisation_id
    assert update.author_id == director_a.pk


def test_progress_in_the_future_gets_the_pages_dutch_message(api_for, key_a, agreements):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api_for(key_a[1]).post(
        f"{_detail(agreements['adopted'])}/voortgang", _progress(datum=tomorrow)
    )
    assert response.status_code == 400
    assert response.json()["invalid-params"] == [
        {"name": "datum", "reason": "De datum kan niet in de toekomst liggen."}
    ]
    assert not ProgressUpdate.objects.exists()


def test_progress_on_a_proposed_agreement_is_a_conflict_with_the_reason(api_for, key_a, agreements):
    response = api_for(key_a[1]).post(f"{_detail(agreements['proposed'])}/voortgang", _progress())
    assert response.status_code == 409
    assert "bevestigd" in response.json()["detail"]
    assert response.json()["afspraak"]["status"] == "proposed"


def test_a_confirmation_of_the_current_version_is_recorded(api_for, key_a, agreements):
    agreement = agreements["proposed"]
    response = api_for(key_a[1]).post(
        f"{_detail(agreement)}/antwoorden", {"besluit": "confirmed", "versie": agreement.revision}
    )
    assert response.status_code == 201, response.json()
    answers = response.json()["antwoorden"]
    assert [a["partij"]["id"] for a in answers] == [key_a[0].organisation_id]


def test_a_stale_version_answers_409_with_the_current_one_and_records_nothing(
    api_for, key_a, agreements, policy_officer
):
    from agenda import services as agenda_services

    agreement = agreements["proposed"]
    read = agreement.revision
    agenda_services.agreement_update(
        agreement=agreement,
        by=policy_officer,
        expected_version=agreement.version,
        title="VVE-bereik, herzien",
        parties=list(agreement.parties.all()),
        whole_gemeente=True,
    )
    agreement.refresh_from_db()
    response = api_for(key_a[1]).post(
        f"{_detail(agreement)}/antwoorden", {"besluit": "confirmed", "versie": read}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "urn:kindportaal:api:probleem:verouderde-versie"
    assert body["huidigeVersie"] == agreement.revision == read + 1
    assert body["afspraak"]["titel"] == "VVE-bereik, herzien"
    assert not Confirmation.objects.filter(version__agreement=agreement).exists()


def test_unknown_fields_and_wrong_types_are_named(api_for, key_a, agreements):
    response = api_for(key_a[1]).post(
        f"{_detail(agreements['adopted'])}/voortgang",
        _progress(percentage="veel", geheim="x"),
    )
    assert response.status_code == 400
    names = {p["name"]: p["reason"] for p in response.json()["invalid-params"]}
    assert names == {"geheim": "Onbekend veld: deze API kent het niet."}
    response = api_for(key_a[1]).post(
        f"{_detail(agreements['adopted'])}/voortgang", _progress(percentage="veel")
    )
    assert response.json()["invalid-params"] == [
        {"name": "percentage", "reason": "Geef een geheel getal."}
    ]


def test_a_trailing_slash_is_a_404_problem(api_for, key_a):
    response = api_for(key_a[1]).get(LIST + "/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"


def test_a_body_too_large_is_a_413_problem(api_for, key_a, agreements, settings):
    response = api_for(key_a[1]).post(
        f"{_detail(agreements['adopted'])}/voortgang",
        None,
        raw='{"tekst": "' + "x" * (settings.API_REQUEST_MAX_BYTES + 1) + '"}',
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "bytes" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists()


def test_the_openapi_document_is_open_to_anyone_with_cors(client):
    response = client.get(reverse("api:openapi"), HTTP_ORIGIN="https://partner.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["version"] == "1.0.0"
    assert "/api/v1/afspraken/{id}/antwoorden" in spec["paths"]
    assert all(not path.endswith("/") for path in spec["paths"])
    # Dutch documentation: the model's own labels come out in Dutch too.
    assert "Voortgang melden" in response.content.decode()


def test_public_agreements_need_no_key_and_show_only_what_is_published(client, public_world):
    response = client.get("/api/v1/openbaar/afspraken", HTTP_ORIGIN="https://x.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.content.decode()
    assert [row["titel"] for row in response.json()["resultaten"]] == ["Gezamenlijke VVE-scholing"]
    for secret in (SECRET_NOTE, CONCEPT_TITLE, PROPOSED_TITLE, UNPUBLISHED_TITLE, PERSON_NAME):
        assert secret not in body
    one = client.get(f"/api/v1/openbaar/afspraken/{public_world['published'].pk}")
    assert one.json()["voortgangPercentage"] == 40
    hidden = client.get(f"/api/v1/openbaar/afspraken/{public_world['unpublished'].pk}")
    assert hidden.status_code == 404


def test_public_resources_are_404_when_the_gemeente_does_not_publish(client, settings):
    settings.PUBLIC_PAGES_ENABLED = False
    response = client.get("/api/v1/openbaar/kindcentra")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

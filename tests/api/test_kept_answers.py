"""The API's reads kept in the cache: a partner system that asks again gets the same answer
without the database working it out, and never an old or another organisation's answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda import services as agenda_services
from api import services
from tests.api.conftest import make_key

pytestmark = pytest.mark.django_db

LIST = "/api/v1/afspraken"


def _queries(call):
    with CaptureQueriesContext(connection) as context:
        response = call()
    return response, len(context)


def test_asking_again_is_answered_without_working_the_list_out_again(api_for, key_a, agreements):
    api = api_for(key_a[1])
    first, made = _queries(lambda: api.get(LIST))
    again, kept = _queries(lambda: api.get(LIST))
    assert again.json() == first.json()
    # The key is known to the process until its data changes: only its use is written to
    # the audit log.
    assert kept == 1
    assert made > kept


def test_progress_reported_in_the_portal_is_in_the_next_answer(
    api_for, key_a, agreements, director_a, organisation_a
):
    api = api_for(key_a[1])
    adopted = agreements["adopted"]
    detail = f"{LIST}/{adopted.pk}"
    assert api.get(detail).json()["voortgang"] == []
    assert api.get(LIST).json()["resultaten"]
    agenda_services.progress_update_create(
        agreement=adopted,
        by=director_a,
        organisation=organisation_a,
        reported_on=timezone.localdate(),
        text="De eerste groep is gestart.",
        health="at_risk",
        percent_complete=40,
    )
    assert [p["tekst"] for p in api.get(detail).json()["voortgang"]] == [
        "De eerste groep is gestart."
    ]
    row = next(r for r in api.get(LIST).json()["resultaten"] if r["id"] == adopted.pk)
    assert (row["gezondheid"], row["voortgangPercentage"]) == ("at_risk", 40)


def test_another_organisations_key_never_gets_a_kept_answer(api_for, key_a, key_b, agreements):
    a_only = agreements["draft"]
    assert api_for(key_a[1]).get(f"{LIST}/{a_only.pk}").status_code == 200
    assert api_for(key_b[1]).get(f"{LIST}/{a_only.pk}").status_code == 404
    titles_b = {r["titel"] for r in api_for(key_b[1]).get(LIST).json()["resultaten"]}
    assert "Concept A" not in titles_b
    assert "Alleen van B" in titles_b


def test_a_revoked_key_is_refused_though_its_answer_is_kept(
    api_for, key_a, director_a, agreements, organisation_a
):
    other_key = make_key(organisation_a, director_a, name="Tweede systeem")
    assert api_for(key_a[1]).get(LIST).status_code == 200
    services.api_key_revoke(api_key=key_a[0], by=director_a)
    assert api_for(key_a[1]).get(LIST).status_code == 401
    # The organisation's other key still reads the same list.
    assert api_for(other_key[1]).get(LIST).status_code == 200


def test_a_key_whose_maker_left_is_refused_at_the_next_request(
    api_for, key_a, director_a, agreements
):
    api = api_for(key_a[1])
    assert api.get(LIST).status_code == 200
    director_a.memberships.all().delete()
    assert api.get(LIST).status_code == 401


def test_a_key_of_an_organisation_made_inactive_is_refused_at_the_next_request(
    api_for, key_a, organisation_a, agreements
):
    api = api_for(key_a[1])
    assert api.get(LIST).status_code == 200
    organisation_a.is_active = False
    organisation_a.save()
    assert api.get(LIST).status_code == 401


def test_a_wrong_secret_with_a_known_prefix_is_refused(api_for, key_a, agreements):
    assert api_for(key_a[1]).get(LIST).status_code == 200
    prefix = key_a[1].partition(".")[0]
    assert api_for(f"{prefix}.nietdegoedesleutel").get(LIST).status_code == 401


def test_a_query_parameter_the_list_does_not_read_is_answered_afresh(api_for, key_a, agreements):
    api = api_for(key_a[1])
    api.get(LIST, onbekend="1")
    again, queries = _queries(lambda: api.get(LIST, onbekend="1"))
    assert again.status_code == 200
    assert queries > 1
    assert again.json()["_links"]["self"]["href"] == f"{LIST}?onbekend=1"


def test_without_the_cache_every_read_is_worked_out(api_for, key_a, agreements, settings):
    settings.PAGE_CACHE_SECONDS = 0
    api = api_for(key_a[1])
    api.get(LIST)
    _again, queries = _queries(lambda: api.get(LIST))
    assert queries > 1


def test_a_public_list_is_kept_once_for_everyone(client, public_world):
    first, made = _queries(lambda: client.get("/api/v1/openbaar/afspraken"))
    assert first.status_code == 200
    again, kept = _queries(lambda: client.get("/api/v1/openbaar/afspraken"))
    assert again.json() == first.json()
    assert kept == 0 < made

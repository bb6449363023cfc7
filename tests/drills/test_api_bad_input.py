"""Drill: hostile input through the API (/api/v1/): every field of every write gets the corpus
of the bad-input drill (tests/drills/corpus.py) and wrong JSON types; then bodies that are not
JSON objects, too large, with unknown fields, with a wrong version, for another organisation's
agreement, with another method. Each request runs in a savepoint rolled back afterwards.

Asserted: never a 500; every refusal is problem details (application/problem+json) with a Dutch
title and an explanation, a validation error names its fields in invalid-params; and nothing
changed (the key's last use and the audit log aside, which record the use itself)."""

import json

import pytest
from django.db import transaction
from django.utils import timezone

from api.problems import titles
from tests.api.conftest import ApiClient, make_agreements, make_key
from tests.drills.corpus import BY_KIND, UNIVERSAL
from tests.drills.portal import changed_tables, fingerprint, model_tables

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.django_db]

WRONG_TYPES = [None, True, 1e308, [], {}, ["a"], {"a": 1}]
TEXTS = [value for value in UNIVERSAL if isinstance(value, str)]
# A text field takes any text (shown escaped, exported neutralised: the bad-input drill checks
# the pages); it refuses these.
REFUSED_TEXTS = ["a\x00b", "", " ", "x" * 10_000]
FIELDS = {
    "voortgang": {
        "datum": [*BY_KIND["date"], *TEXTS],
        "tekst": [*REFUSED_TEXTS, "x" * 5001],
        "gezondheid": [*BY_KIND["choice"], *TEXTS],
        "percentage": [*BY_KIND["number"], "50", "101", 101, -5, 2**63, 12.5],
    },
    "antwoorden": {
        "besluit": [*BY_KIND["choice"], *TEXTS],
        "reden": [*TEXTS, "x" * 2001],
        "versie": [*BY_KIND["hidden"], 0, -3, 2**63, 1.5, 999],
    },
}


def _valid(kind, agreement):
    if kind == "voortgang":
        return {
            "datum": timezone.localdate().isoformat(),
            "tekst": "Goed op weg.",
            "gezondheid": "on_track",
            "percentage": 50,
        }
    return {"besluit": "declined", "reden": "Te krap.", "versie": agreement.revision}


class Drill:
    def __init__(self, tables):
        self.tables = tables
        self.failures = []
        self.requests = 0
        self.dutch_titles = set(titles().values())

    def send(self, client, method, url, raw, label, content_type="application/json"):
        with transaction.atomic():
            before = fingerprint(self.tables)
            response = client.client.generic(
                method, url, raw, content_type=content_type, **client.headers
            )
            self.requests += 1
            self._check(response, before, f"{method} {url} ({label})")
            transaction.set_rollback(True)
        return response

    def _check(self, response, before, label):
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} for {label}")
            return
        if status < 400:
            self.failures.append(f"{status} (accepted) for {label}")
            return
        if response["Content-Type"] != "application/problem+json":
            self.failures.append(f"{response['Content-Type']} for {label}")
            return
        body = response.json()
        if body.get("title") not in self.dutch_titles or not body.get("detail"):
            self.failures.append(f"no Dutch title and detail for {label}: {body}")
        if (
            status == 400
            and body.get("type", "").endswith("validatie")
            and not body.get("invalid-params")
        ):
            self.failures.append(f"no invalid-params for {label}")
        changed = changed_tables(before, fingerprint(self.tables))
        if changed:
            self.failures.append(f"{label} refused yet changed {changed}")


@pytest.fixture
def key_a(organisation_a, director_a):
    return make_key(organisation_a, director_a)


@pytest.fixture
def agreements(policy_officer, organisation_a, organisation_b, director_a, director_b):
    return make_agreements(policy_officer, organisation_a, organisation_b, director_a, director_b)


def test_hostile_input_through_the_api_gets_problem_details_and_changes_nothing(
    key_a, agreements, settings
):
    # The key's last use is written at most once a minute: not a change by the input.
    tables = [table for table in model_tables() if table != "api_organisationapikey"]
    drill = Drill(tables)
    api = ApiClient(key_a[1])
    targets = {"voortgang": agreements["adopted"], "antwoorden": agreements["proposed"]}
    for kind, agreement in targets.items():
        url = f"/api/v1/afspraken/{agreement.pk}/{kind}"
        valid = _valid(kind, agreement)
        for field, values in FIELDS[kind].items():
            for value in [*values, *WRONG_TYPES]:
                if kind == "antwoorden" and field == "reden":
                    continue  # any text is a reason; its length is checked below
                body = {**valid, field: value}
                drill.send(api, "POST", url, json.dumps(body), f"{field}={str(value)[:20]!r}")
            missing = {name: v for name, v in valid.items() if name != field}
            if field != "reden":
                drill.send(api, "POST", url, json.dumps(missing), f"without {field}")
        if kind == "antwoorden":
            drill.send(api, "POST", url, json.dumps({**valid, "reden": "x" * 2001}), "long reason")
        for raw, label in [
            ("", "empty body"),
            ("{", "broken JSON"),
            ("[1, 2]", "a list"),
            ('"tekst"', "a string"),
            ("null", "null"),
            (b"\xff\xfe", "invalid UTF-8"),
            (json.dumps({**valid, "geheim": 1, "id": 9}), "unknown fields"),
            (json.dumps({**valid, "versie": 999}), "a wrong version"),
        ]:
            drill.send(api, "POST", url, raw, label)
        drill.send(api, "POST", url, json.dumps(valid), "form data", content_type="text/plain")
        too_large = json.dumps({**valid, "tekst": "x" * (settings.API_REQUEST_MAX_BYTES + 10)})
        drill.send(api, "POST", url, too_large, "too large")
        for method in ("PUT", "PATCH", "DELETE"):
            drill.send(api, method, url, json.dumps(valid), "another method")
        # Another organisation's agreement, one that does not exist, a trailing slash.
        other = f"/api/v1/afspraken/{agreements['b_only'].pk}/{kind}"
        drill.send(api, "POST", other, json.dumps(_valid(kind, agreements["b_only"])), "B's")
        drill.send(api, "POST", f"/api/v1/afspraken/99999999999999999999/{kind}", "{}", "huge id")
        drill.send(api, "POST", url + "/", json.dumps(valid), "trailing slash")
    for query in [
        "status=x",
        "gezondheid=1",
        "thema=abc",
        "einddatumVanaf=2026-02-31",
        "pagina=0",
        "pagina=abc",
        "pagina=99999999999999999999",
    ]:
        drill.send(api, "GET", f"/api/v1/afspraken?{query}", "", query)
    drill.send(ApiClient("x" * 10_000), "GET", "/api/v1/afspraken", "", "a huge key")
    drill.send(
        ApiClient("\u202e.\x01"), "GET", "/api/v1/afspraken", "", "a key of control characters"
    )
    print(f"API drill: {drill.requests} requests")
    assert drill.failures == []

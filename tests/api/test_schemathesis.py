"""schemathesis against the OpenAPI document the portal serves: the portal runs as a live test
server on the real PostgreSQL, with an API key of an organisation that is party to agreements
in each state; every operation gets generated requests (valid and not), with and without the
key. Every answer must be no 5xx, a status the document lists, of the content type it lists,
with the headers it lists (API-Version) and a body that matches its schema. Nothing is fetched
from elsewhere: the document is the live server's own."""

import collections
import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_agreements, make_key

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CASES = collections.Counter()


@pytest.fixture
def api_world(live_server, policy_officer, organisation_a, organisation_b, director_a, director_b):
    agreements = make_agreements(
        policy_officer, organisation_a, organisation_b, director_a, director_b
    )
    _key, secret = make_key(organisation_a, director_a)
    return {"url": live_server.url, "key": secret, "agreements": agreements}


def _document():
    """The OpenAPI document as the portal makes it (pytest-django has set Django up before
    collection); the live server must serve exactly this one (checked below)."""
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_live_server_serves_this_document(api_world):
    served = requests.get(f"{api_world['url']}/api/v1/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_document_says(case, api_world):
    CASES[case.operation.label] += 1
    headers = {"X-Api-Key": api_world["key"]} if CASES[case.operation.label] % 4 else {}
    case.call_and_validate(base_url=api_world["url"], headers=headers, checks=CHECKS, timeout=30)


def test_zz_report_the_figures():
    """Runs after the operations (file order): how many operations and cases there were."""
    if CASES:
        print(f"\nschemathesis: {len(CASES)} operations, {sum(CASES.values())} cases")
        for label, count in sorted(CASES.items()):
            print(f"  {label}: {count}")

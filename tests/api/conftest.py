"""Fixtures of the API tests: keys of two organisations and a client that sends one."""

import json

import pytest
from django.test import Client

from api import services
from tests.agenda.factories import AgreementFactory, adopted_agreement, proposed_agreement
from tests.openbaar.conftest import public_world  # noqa: F401 (a fixture of these tests too)
from tests.partners.factories import OrganisationFactory


class ApiClient:
    """The test client speaking JSON with an API key (or none)."""

    def __init__(self, key=None):
        self.client = Client(raise_request_exception=False)
        self.headers = {"HTTP_X_API_KEY": key} if key else {}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, data, content_type="application/json", raw=None):
        body = raw if raw is not None else json.dumps(data)
        return self.client.post(url, body, content_type=content_type, **self.headers)

    def request(self, method, url, data=None):
        body = json.dumps(data) if data is not None else ""
        return self.client.generic(
            method, url, body, content_type="application/json", **self.headers
        )


def make_key(organisation, by, *, can_read=True, can_report=True, name="Planning"):
    key, secret = services.api_key_create(
        organisation=organisation, by=by, name=name, can_read=can_read, can_report=can_report
    )
    return key, secret


@pytest.fixture
def key_a(organisation_a, director_a):
    return make_key(organisation_a, director_a)


@pytest.fixture
def key_b(organisation_b, director_b):
    return make_key(organisation_b, director_b)


@pytest.fixture
def api_for():
    return ApiClient


@pytest.fixture
def agreements(policy_officer, organisation_a, organisation_b, director_a, director_b):
    return make_agreements(policy_officer, organisation_a, organisation_b, director_a, director_b)


def make_agreements(policy_officer, organisation_a, organisation_b, director_a, director_b):
    """One adopted agreement of A and B, one proposed to A and B, one of B alone, A's draft."""
    other = OrganisationFactory(name="Jeugdhulp Oost")
    return {
        "adopted": adopted_agreement(
            by=policy_officer,
            parties=[organisation_a, organisation_b],
            directors=[director_a, director_b],
            title="Doorgaande leerlijn",
        ),
        "proposed": proposed_agreement(
            by=policy_officer, parties=[organisation_a, organisation_b], title="VVE-bereik"
        ),
        "b_only": proposed_agreement(
            by=policy_officer, parties=[organisation_b, other], title="Alleen van B"
        ),
        "draft": AgreementFactory(
            owner=organisation_a, parties=[organisation_a], title="Concept A"
        ),
    }

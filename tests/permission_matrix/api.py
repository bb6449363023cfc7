"""Permission expectations for the API (/api/v1/) and the API key pages (/api-sleutels/).

The portal's personas request every API URL like every other URL (they send no key, so the
organisation's resources answer 401). OPERATIONS adds what the portal's table cannot: every
operation of the OpenAPI document, with its method and a valid body, for every persona and for
API keys of two organisations (and a read-only and a revoked key of A);
tests/test_permission_matrix.py checks that no operation of the document lacks a row."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from agenda.models import Agenda
from api import services
from tests.agenda.factories import adopted_agreement
from tests.permission_matrix.framework import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PERSONAS,
    Rule,
    only,
    public,
    published,
)

UNAUTHORIZED = 401
CREATED = 201
KEYS = ["key_a", "key_b", "key_a_read_only", "key_a_revoked"]
API_PERSONAS = [*PERSONAS, *KEYS]


def build(world):
    """Keys of A (both permissions, read only, revoked) and B; an agreement of B alone. Runs
    after the agenda's build (world.agreement: proposed to A and B; world.adopted)."""
    # Published agreements are those of an adopted LEA period (openbaar.selectors).
    Agenda.objects.filter(pk=world.agenda.pk).update(
        status="adopted", adopted_on=datetime.date(2025, 2, 1), adopted_by="council"
    )
    world.b_adopted = adopted_agreement(
        by=world.policy_officer,
        parties=[world.organisation_b],
        directors=[world.director_b],
        theme=world.theme,
        title="Alleen van B",
    )
    for agreement in (world.adopted, world.b_adopted):
        agreement.is_public = True
        agreement.save()
    world.keys = {}
    for name, organisation, by, can_report in (
        ("key_a", world.organisation_a, world.director_a, True),
        ("key_b", world.organisation_b, world.director_b, True),
        ("key_a_read_only", world.organisation_a, world.director_a, False),
        ("key_a_revoked", world.organisation_a, world.policy_officer, True),
    ):
        key, secret = services.api_key_create(
            organisation=organisation, by=by, name=name, can_read=True, can_report=can_report
        )
        world.keys[name] = (key, secret)
    services.api_key_revoke(api_key=world.keys["key_a_revoked"][0], by=world.policy_officer)


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


NO_KEY = public(UNAUTHORIZED)
KEY_MANAGERS = only("policy_officer", "director_a", "director_b")

EXPECTATIONS = {
    "api:openapi": Rule(public()),
    "api:agreement_list": Rule(NO_KEY),
    "api:agreement_detail": Rule(NO_KEY, kwargs=_pk("adopted")),
    "api:progress_create": Rule(NO_KEY, kwargs=_pk("adopted"), post=NO_KEY),
    "api:confirmation_create": Rule(NO_KEY, kwargs=_pk("agreement"), post=NO_KEY),
    # What the gemeente publishes: 404 while it publishes nothing (the persona "anonymous").
    "api:public_agreement_list": Rule(published()),
    "api:public_agreement_detail": Rule(published(), kwargs=_pk("adopted")),
    "api:public_kindcentrum_list": Rule(published()),
    "apikeys:key_list": Rule(KEY_MANAGERS),
    "apikeys:key_create": Rule(KEY_MANAGERS, post=KEY_MANAGERS),
    # A key of organisation A: its director and policy officers revoke it, B's director not.
    "apikeys:key_revoke": Rule(
        only("policy_officer", "director_a"),
        kwargs=lambda world: {"prefix": world.keys["key_a"][0].prefix},
        post=only("policy_officer", "director_a"),
    ),
}


@dataclass
class Operation:
    method: str
    url: Callable
    outcomes: dict
    body: Callable = lambda world: None


def _everyone(outcome, **overrides):
    outcomes = dict.fromkeys(API_PERSONAS, outcome)
    outcomes.update(overrides)
    return outcomes


def _keys_only(**overrides):
    """Without a key (every portal persona) or with the revoked one: 401."""
    return _everyone(UNAUTHORIZED, **overrides)


def _progress(world):
    from django.utils import timezone

    return {
        "datum": timezone.localdate().isoformat(),
        "tekst": "Gemeld door het systeem.",
        "gezondheid": "on_track",
        "percentage": 10,
    }


OPERATIONS = {
    "afspraken_lijst": Operation(
        "GET", lambda w: "/api/v1/afspraken", _keys_only(key_a=OK, key_b=OK, key_a_read_only=OK)
    ),
    # B's agreement: A's keys get a 404, as for an id that does not exist.
    "afspraak_lezen": Operation(
        "GET",
        lambda w: f"/api/v1/afspraken/{w.b_adopted.pk}",
        _keys_only(key_a=NOT_FOUND, key_b=OK, key_a_read_only=NOT_FOUND),
    ),
    "voortgang_melden": Operation(
        "POST",
        lambda w: f"/api/v1/afspraken/{w.b_adopted.pk}/voortgang",
        _keys_only(key_a=NOT_FOUND, key_b=CREATED, key_a_read_only=FORBIDDEN),
        body=_progress,
    ),
    # Proposed to A and B: each answers once for its own organisation.
    "afspraak_beantwoorden": Operation(
        "POST",
        lambda w: f"/api/v1/afspraken/{w.agreement.pk}/antwoorden",
        _keys_only(key_a=CREATED, key_b=CREATED, key_a_read_only=FORBIDDEN),
        body=lambda w: {"besluit": "confirmed", "versie": w.agreement.revision},
    ),
    # "anonymous" asks while the gemeente publishes nothing.
    "openbare_afspraken_lijst": Operation(
        "GET", lambda w: "/api/v1/openbaar/afspraken", _everyone(OK, anonymous=NOT_FOUND)
    ),
    "openbare_afspraak_lezen": Operation(
        "GET",
        lambda w: f"/api/v1/openbaar/afspraken/{w.adopted.pk}",
        _everyone(OK, anonymous=NOT_FOUND),
    ),
    "kindcentra_lijst": Operation(
        "GET", lambda w: "/api/v1/openbaar/kindcentra", _everyone(OK, anonymous=NOT_FOUND)
    ),
}

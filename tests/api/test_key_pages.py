"""The portal's API key pages as a director and a policy officer use them: a key made and shown
once, listed without its secret, revoked; another organisation's key out of reach."""

import re

import pytest
from django.urls import reverse

from api.models import OrganisationAPIKey
from kindportaal.models import AuditEvent, AuditKind
from tests.api.conftest import ApiClient, make_key

pytestmark = pytest.mark.django_db


def test_a_director_makes_a_key_that_is_shown_once_and_works(
    client_for, director_a, organisation_a
):
    page = client_for(director_a)
    response = page.post(
        reverse("apikeys:key_create"),
        {"organisation": organisation_a.pk, "name": "Planningssysteem", "can_read": "on"},
    )
    html = response.content.decode()
    assert "Kopieer de sleutel nu" in html
    secret = re.search(r'id="api-key">([^<]+)<', html)[1]
    assert ApiClient(secret).get("/api/v1/afspraken").status_code == 200
    listed = page.get(reverse("apikeys:key_list")).content.decode()
    key = OrganisationAPIKey.objects.get()
    assert key.prefix in listed and "Planningssysteem" in listed
    assert secret not in listed
    assert AuditEvent.objects.filter(kind=AuditKind.API_KEY, identifier=key.prefix).exists()


def test_a_key_without_any_permission_is_refused_in_dutch(client_for, director_a, organisation_a):
    response = client_for(director_a).post(
        reverse("apikeys:key_create"), {"organisation": organisation_a.pk, "name": "Niets"}
    )
    assert "Geef de sleutel minstens één bevoegdheid." in response.content.decode()
    assert not OrganisationAPIKey.objects.exists()


def test_a_director_cannot_make_a_key_for_another_organisation(
    client_for, director_a, organisation_b
):
    response = client_for(director_a).post(
        reverse("apikeys:key_create"),
        {"organisation": organisation_b.pk, "name": "Van B", "can_read": "on"},
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not OrganisationAPIKey.objects.exists()


def test_revoking_a_key_makes_it_answer_401(client_for, director_a, organisation_a):
    key, secret = make_key(organisation_a, director_a)
    page = client_for(director_a)
    url = reverse("apikeys:key_revoke", args=[key.prefix])
    assert "kan de API dan niet meer bereiken" in page.get(url).content.decode()
    response = page.post(url, {"confirm": "1"}, follow=True)
    assert "De sleutel is ingetrokken." in response.content.decode()
    assert ApiClient(secret).get("/api/v1/afspraken").status_code == 401


def test_another_organisations_director_cannot_revoke_the_key(
    client_for, director_a, director_b, organisation_a
):
    key, secret = make_key(organisation_a, director_a)
    response = client_for(director_b).post(
        reverse("apikeys:key_revoke", args=[key.prefix]), {"confirm": "1"}
    )
    assert response.status_code == 403
    assert ApiClient(secret).get("/api/v1/afspraken").status_code == 200

"""Fixtures of the dashboard's tests: Voorbeeldstad as seed_demo makes it, with a few records the
counts must leave out, and a raadslid reading it."""

import io

import pytest
from django.core.management import call_command

from kindcentra.models import Kindcentrum
from kindportaal.models import User, Wijk
from tests.partners.factories import LocationFactory


@pytest.fixture
def demo(db, settings):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo", stdout=io.StringIO())
    # What the dashboard must not count: an inactive kindcentrum, an inactive VVE location and
    # a location outside every wijk.
    Kindcentrum.objects.filter(name="Samenwerking Havenkwartier").update(is_active=False)
    akkers = Wijk.objects.get(name="De Akkers")
    LocationFactory(wijk=akkers, capacity=500, vve_certified=True, is_active=False)
    LocationFactory(wijk=None, capacity=300, vve_certified=True)


@pytest.fixture
def reader(demo, client_for):
    """The demo's raadslid."""
    return client_for(User.objects.get(email="raad@example.org"))

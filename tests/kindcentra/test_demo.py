"""The demo network of Voorbeeldstad: believable, and seeding it again changes nothing."""

import pytest
from django.core.management import call_command

from kindcentra.models import Kindcentrum, SelfAssessment
from partners.models import Location, Membership, Organisation

pytestmark = pytest.mark.django_db


def network():
    return {
        "organisations": Organisation.objects.count(),
        "locations": Location.objects.count(),
        "memberships": Membership.objects.count(),
        "kindcentra": Kindcentrum.objects.count(),
        "self-assessments": SelfAssessment.objects.count(),
        "changes recorded": Organisation.history.count()
        + Location.history.count()
        + Kindcentrum.history.count()
        + SelfAssessment.history.count(),
    }


def test_voorbeeldstad_has_kindcentra_of_several_organisations_and_reseeding_changes_nothing(
    settings,
):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo")
    first = network()
    assert first["kindcentra"] == 6
    assert first["self-assessments"] == 24
    for kindcentrum in Kindcentrum.objects.prefetch_related("locations"):
        organisations = {location.organisation_id for location in kindcentrum.locations.all()}
        assert len(organisations) >= 2, kindcentrum
    call_command("seed_demo")
    assert network() == first

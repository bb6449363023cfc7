"""Permission expectations for the partners app's URLs."""

from tests.partners.factories import LocationFactory
from tests.permission_matrix.framework import Rule, readers


def build(world):
    world.location = LocationFactory(organisation=world.organisation_b)


EXPECTATIONS = {
    "partners:organisation_detail": Rule(
        readers(), kwargs=lambda world: {"pk": world.organisation_a.pk}
    ),
    "partners:location_detail": Rule(readers(), kwargs=lambda world: {"pk": world.location.pk}),
}

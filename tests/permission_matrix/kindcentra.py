"""Permission expectations for the kindcentra app's URLs."""

from tests.kindcentra.factories import KindcentrumFactory
from tests.permission_matrix.framework import Rule, readers


def build(world):
    world.kindcentrum = KindcentrumFactory(lead_organisation=world.organisation_a)


EXPECTATIONS = {
    "kindcentra:kindcentrum_detail": Rule(
        readers(), kwargs=lambda world: {"pk": world.kindcentrum.pk}
    ),
    "kindcentra:wijk_detail": Rule(
        readers(), kwargs=lambda world: {"pk": world.kindcentrum.wijk.pk}
    ),
}

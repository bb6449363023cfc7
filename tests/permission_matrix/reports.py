"""Permission expectations for the council's dashboard (the reports app's URLs).

Everyone with a role in the portal reads the dashboard, a wijk's page and the figures' downloads;
nobody changes anything there: a POST is not allowed (405). Anonymous visitors go to the login
page."""

from tests.kindportaal.factories import WijkFactory
from tests.permission_matrix.framework import NOT_ALLOWED, Rule, readers


def build(world):
    kindcentrum = getattr(world, "kindcentrum", None)
    world.dashboard_wijk = kindcentrum.wijk if kindcentrum else WijkFactory()


def _wijk(world):
    return {"pk": world.dashboard_wijk.pk}


READ_ONLY = readers(NOT_ALLOWED)

EXPECTATIONS = {
    "reports:dashboard": Rule(readers(), post=READ_ONLY),
    "reports:wijk": Rule(readers(), kwargs=_wijk, post=READ_ONLY),
    "reports:figure_csv": Rule(readers(), kwargs={"slug": "fasen"}, post=READ_ONLY),
}

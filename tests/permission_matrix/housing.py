"""Permission expectations for the housing app's URLs.

Everybody who reads the portal reads buildings, the plan, its projects and the places per wijk.
`world.building` belongs to organisation A, so director_a keeps it current (and houses its
locations); director_b only reads it. The plan, its projects and funding are the policy
officer's. A POST without data shows an allowed person the form again (200) and changes
nothing; a refused person gets 403."""

from decimal import Decimal

from housing.models import ProjectFunding
from tests.housing.factories import BuildingFactory, HousingProjectFactory
from tests.permission_matrix.framework import NOT_ALLOWED, REDIRECT, Rule, only, readers


def build(world):
    world.building = BuildingFactory(owner_organisation=world.organisation_a)
    world.project = HousingProjectFactory(building=world.building)
    world.funding = ProjectFunding.objects.create(project=world.project, amount=Decimal("1000"))


def _building(world):
    return {"pk": world.building.pk}


def _plan(world):
    return {"pk": world.project.plan_id}


def _project(world):
    return {"pk": world.project.pk}


def _funding(world):
    return {"pk": world.funding.pk}


def _wijk(world):
    return {"pk": world.building.wijk_id}


POLICY = only("policy_officer")
OWNER = only("policy_officer", "director_a")


def _policy(kwargs=None):
    return Rule(POLICY, kwargs=kwargs, post=POLICY)


EXPECTATIONS = {
    "housing:overview": Rule(readers()),
    "housing:wijk_places": Rule(readers(), kwargs=_wijk),
    "housing:building_list": Rule(readers()),
    "housing:building_create": _policy(),
    "housing:building_detail": Rule(readers(), kwargs=_building),
    "housing:building_edit": Rule(OWNER, kwargs=_building, post=OWNER),
    "housing:building_delete": _policy(_building),
    "housing:building_location_add": Rule(OWNER, kwargs=_building, post=OWNER),
    "housing:building_location_remove": Rule(
        readers(NOT_ALLOWED),
        kwargs=_building,
        post=only("policy_officer", "director_a", outcome=REDIRECT),
    ),
    "housing:plan_list": Rule(readers()),
    "housing:plan_create": _policy(),
    "housing:plan_detail": Rule(readers(), kwargs=_plan),
    "housing:plan_edit": _policy(_plan),
    "housing:project_create": _policy(_plan),
    "housing:project_list": Rule(readers()),
    "housing:project_detail": Rule(readers(), kwargs=_project),
    "housing:project_edit": _policy(_project),
    "housing:project_delete": _policy(_project),
    "housing:funding_create": _policy(_project),
    "housing:funding_edit": _policy(_funding),
    "housing:funding_delete": _policy(_funding),
}

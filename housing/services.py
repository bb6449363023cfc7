"""Every write of the housing app: buildings and the locations housed in them, the IHP, its
projects and their funding lines. Views call these; nothing else writes."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from housing.models import Building, BuildingLocation, HousingPlan, HousingProject, ProjectFunding
from kindportaal.records import delete_checked, save_checked
from partners.models import Location

# Buildings


@transaction.atomic
def building_create(**fields: Any) -> Building:
    return save_checked(Building(**fields))


@transaction.atomic
def building_update(*, building: Building, expected_version: int, **changes: Any) -> Building:
    return save_checked(building, changes=changes, expected_version=expected_version)


@transaction.atomic
def building_delete(*, building: Building, expected_version: int) -> Building:
    """Delete a building; the locations in it stay, housed nowhere. Projects keep it (PROTECT)."""
    delete_checked(building, expected_version=expected_version)
    return building


@transaction.atomic
def building_location_add(*, building: Building, location: Location) -> BuildingLocation:
    """House `location` in `building`; a location housed elsewhere moves here."""
    housed = BuildingLocation.objects.select_for_update().filter(location=location).first()
    if housed is not None and housed.building_id == building.pk:
        raise ValidationError(
            {"location": _("%(location)s is already housed here.") % {"location": location}}
        )
    if housed is not None:
        housed.delete()
    return BuildingLocation.objects.create(building=building, location=location)


@transaction.atomic
def building_location_remove(*, housed: BuildingLocation) -> BuildingLocation:
    """The location is no longer housed in the building (it stays, housed nowhere)."""
    housed.delete()
    return housed


# The plan and its projects


@transaction.atomic
def plan_create(**fields: Any) -> HousingPlan:
    return save_checked(HousingPlan(**fields))


@transaction.atomic
def plan_update(*, plan: HousingPlan, expected_version: int, **changes: Any) -> HousingPlan:
    return save_checked(plan, changes=changes, expected_version=expected_version)


@transaction.atomic
def project_create(*, plan: HousingPlan, **fields: Any) -> HousingProject:
    return save_checked(HousingProject(plan=plan), changes=fields)


@transaction.atomic
def project_update(
    *, project: HousingProject, expected_version: int, **changes: Any
) -> HousingProject:
    return save_checked(project, changes=changes, expected_version=expected_version)


@transaction.atomic
def project_delete(*, project: HousingProject, expected_version: int) -> HousingProject:
    delete_checked(project, expected_version=expected_version)
    return project


@transaction.atomic
def funding_create(*, project: HousingProject, **fields: Any) -> ProjectFunding:
    return save_checked(ProjectFunding(project=project, **fields))


@transaction.atomic
def funding_update(
    *, funding: ProjectFunding, expected_version: int, **changes: Any
) -> ProjectFunding:
    return save_checked(funding, changes=changes, expected_version=expected_version)


@transaction.atomic
def funding_delete(*, funding: ProjectFunding, expected_version: int) -> ProjectFunding:
    delete_checked(funding, expected_version=expected_version)
    return funding

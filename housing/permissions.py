"""Who may do what with buildings and the IHP: beleidsmedewerkers maintain all of it; a partner
director keeps the buildings of their own organisation current and reads the plan; raadsleden
and beheerders read.

Importable before the models are ready (the AppConfig's navigation uses the predicates)."""

from django.shortcuts import get_object_or_404

from kindportaal.permissions import can_read_portal, is_policy_officer, require
from partners.permissions import acts_for


def can_read_housing(user):
    """Buildings, the plan, its projects and the places per wijk."""
    return can_read_portal(user)


def can_manage_housing(user):
    """New buildings, the plan and its projects, forecasts: the gemeente's."""
    return is_policy_officer(user)


def can_edit_building(user, building):
    if is_policy_officer(user):
        return True
    return building.owner_organisation_id is not None and acts_for(
        user, building.owner_organisation_id
    )


def can_choose_building_owner(user):
    """Handing a building to another organisation is the gemeente's call."""
    return is_policy_officer(user)


def can_delete_building(user, building):
    return is_policy_officer(user)


# Access helpers: the object, or 404 when it does not exist and 403 when the person may not.


def building_for(user, pk, *, allowed):
    from housing.models import Building

    building = get_object_or_404(Building.objects.select_related("wijk"), pk=pk)
    require(allowed(user, building))
    return building

"""Who may do what with organisations and locations; other apps ask here whether a person acts
for an organisation.

Beleidsmedewerkers maintain every organisation and location and who belongs to which
organisation. A partner director keeps their own organisation(s) and their locations current.
Everybody who may use the portal reads all of it.

Importable before the models are loaded: other apps' AppConfigs use these predicates for their
navigation, so the access helpers import their models when they are called.
"""

from django.shortcuts import get_object_or_404

from kindportaal.permissions import is_partner_director, is_policy_officer, require


def member_organisation_ids(user):
    """The ids of the organisations a person is a member of (cached on the user per request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_member_organisation_ids", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("organisation_id", flat=True))
        user._member_organisation_ids = cached
    return cached


def acts_for(user, organisation):
    """A partner director acting on behalf of `organisation` (an Organisation or its id)."""
    organisation_id = getattr(organisation, "pk", organisation)
    return is_partner_director(user) and organisation_id in member_organisation_ids(user)


# Predicates


def can_create_organisation(user):
    return is_policy_officer(user)


def can_edit_organisation(user, organisation):
    return is_policy_officer(user) or acts_for(user, organisation)


# The numbers register imports match records on (partners/registers): whoever could change them
# could make the gemeente's next import rename their organisation after another, or hand them
# another's locations. They are the gemeente's to change.
REGISTER_IDENTIFIERS = ("kvk_number", "duo_board_number", "school_code", "lrk_number")


def can_change_register_identifiers(user):
    return is_policy_officer(user)


def can_delete_organisation(user, organisation):
    return is_policy_officer(user)


def can_manage_members(user, organisation):
    """Who acts for an organisation is the gemeente's decision."""
    return is_policy_officer(user)


def can_see_members(user, organisation):
    """Who belongs to an organisation: the gemeente and the organisation's own directors."""
    return is_policy_officer(user) or acts_for(user, organisation)


def can_add_location(user, organisation):
    return can_edit_organisation(user, organisation)


def can_edit_location(user, location):
    return is_policy_officer(user) or acts_for(user, location.organisation_id)


def can_delete_location(user, location):
    return can_edit_location(user, location)


# Access helpers: the object, or 404 when it does not exist and 403 when the person may not.


def organisation_for(user, pk, *, allowed):
    from partners.models import Organisation

    organisation = get_object_or_404(Organisation, pk=pk)
    require(allowed(user, organisation))
    return organisation


def location_for(user, pk, *, allowed):
    from partners.models import Location

    locations = Location.objects.select_related("organisation")
    location = get_object_or_404(locations, pk=pk)
    require(allowed(user, location))
    return location


# Imports from the national registers


def can_import_registers(user):
    """Importing the registers changes the whole network: the gemeente's policy officers."""
    return is_policy_officer(user)


def can_see_provenance_runs(user):
    return is_policy_officer(user)


def import_run_for(user, pk):
    from partners.models import ImportRun

    require(can_import_registers(user))
    return get_object_or_404(ImportRun, pk=pk)

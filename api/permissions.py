"""Who may manage an organisation's API keys, and what a key may do in the API."""

from django.shortcuts import get_object_or_404

from kindportaal.permissions import is_partner_director, is_policy_officer, require
from partners.models import Organisation
from partners.permissions import acts_for, member_organisation_ids


def can_manage_api_keys(user, organisation):
    """A policy officer for any organisation, a partner director for one they act for."""
    if is_policy_officer(user):
        return True
    return acts_for(user, organisation)


def can_manage_any_api_keys(user):
    if is_policy_officer(user):
        return True
    return is_partner_director(user) and bool(member_organisation_ids(user))


def manageable_organisations(user):
    """The active organisations whose keys this person manages."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if is_policy_officer(user):
        return organisations
    if not is_partner_director(user):
        return organisations.none()
    return organisations.filter(pk__in=member_organisation_ids(user))


def key_for_managing(user, prefix):
    """The key to revoke, by its prefix: 404 when there is none, 403 for someone who may not
    manage it."""
    from api.models import OrganisationAPIKey

    key = get_object_or_404(
        OrganisationAPIKey.objects.select_related("organisation"), prefix=prefix
    )
    require(can_manage_api_keys(user, key.organisation))
    return key


def key_still_acts(key):
    """A key works while it is not revoked or expired, its organisation is active and the person
    who made it may still manage its keys (a director who left takes their keys' power along)."""
    if key.revoked or key.has_expired:
        return False
    if not key.organisation.is_active:
        return False
    return can_manage_api_keys(key.created_by, key.organisation)

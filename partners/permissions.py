"""Who may do what with organisations and locations; other apps ask here whether a person acts
for an organisation."""

from kindportaal.permissions import is_partner_director, is_policy_officer


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


def can_edit_organisation(user, organisation):
    return is_policy_officer(user) or acts_for(user, organisation)

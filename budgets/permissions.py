"""Who may do what with budgets: beleidsmedewerkers everything, raadsleden read everything, partner
directors read the allocations to their own organisation(s) and nothing else.

Importable before the models are ready (the AppConfig's navigation uses the predicates)."""

from django.shortcuts import get_object_or_404

from kindportaal.permissions import is_council_member, is_partner_director, is_policy_officer
from partners.permissions import acts_for, member_organisation_ids


def can_read_budgets(user):
    """Streams, pooled budgets, the overview, the matrix and the accounts."""
    return is_policy_officer(user) or is_council_member(user)


def can_manage_budgets(user):
    return is_policy_officer(user)


def can_read_allocations(user):
    """The list of allocations; partner directors see only their own organisations' part."""
    return can_read_budgets(user) or is_partner_director(user)


def can_read_organisation_allocations(user, organisation):
    return can_read_budgets(user) or acts_for(user, organisation)


def visible_allocations(user, queryset=None):
    """The allocations this person may read."""
    if queryset is None:
        from budgets.models import Allocation

        queryset = Allocation.objects.all()
    if can_read_budgets(user):
        return queryset
    if is_partner_director(user):
        return queryset.filter(organisation_id__in=member_organisation_ids(user))
    return queryset.none()


def get_allocation_for_reader(user, pk, queryset=None):
    """The allocation, or 404 when it does not exist or is not this person's to see."""
    return get_object_or_404(visible_allocations(user, queryset), pk=pk)

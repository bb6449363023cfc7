"""Who may do what with kindcentra, their self-assessments and the wijken.

Beleidsmedewerkers maintain all of it. The partner directors of a kindcentrum's lead
organisation keep that kindcentrum current: its details, its locations and its
self-assessments. Everybody who may use the portal reads all of it.
"""

from django.shortcuts import get_object_or_404

from kindcentra.models import Kindcentrum, SelfAssessment
from kindportaal.models import Wijk
from kindportaal.permissions import is_policy_officer, require
from partners.permissions import acts_for

# Predicates


def can_manage_wijken(user):
    return is_policy_officer(user)


def can_create_kindcentrum(user):
    return is_policy_officer(user)


def can_edit_kindcentrum(user, kindcentrum):
    return is_policy_officer(user) or acts_for(user, kindcentrum.lead_organisation_id)


def can_delete_kindcentrum(user, kindcentrum):
    return is_policy_officer(user)


def can_choose_lead_organisation(user):
    """Handing the lead to another organisation is the gemeente's call."""
    return is_policy_officer(user)


def can_edit_self_assessment(user, self_assessment):
    return can_edit_kindcentrum(user, self_assessment.kindcentrum)


# Access helpers: the object, or 404 when it does not exist and 403 when the person may not.


def kindcentrum_for(user, pk, *, allowed):
    kindcentrum = get_object_or_404(Kindcentrum.objects.select_related("wijk"), pk=pk)
    require(allowed(user, kindcentrum))
    return kindcentrum


def self_assessment_for(user, pk, *, allowed):
    self_assessment = get_object_or_404(SelfAssessment.objects.select_related("kindcentrum"), pk=pk)
    require(allowed(user, self_assessment))
    return self_assessment


def wijk_for(user, pk):
    wijk = get_object_or_404(Wijk, pk=pk)
    require(can_manage_wijken(user))
    return wijk

"""Who may do what in the agenda, and the agreement lifecycle: the one place both are decided.

The lifecycle is a small state machine. `TRANSITIONS` lists what people do (propose, withdraw,
start, realise, lapse): from which statuses, to which status, and who may. Two changes are made
by the portal itself and are listed in `SYSTEM_CHANGES`: the last party's confirmation makes a
proposed agreement adopted, and a change of substance sends an adopted or running agreement back
to the parties. Services change an agreement's status only through `check_status_change`, so no
other path exists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from agenda.models import RUNNING_STATUSES, Agreement, AgreementStatus
from kindportaal.permissions import (
    can_read_portal,
    is_partner_director,
    is_policy_officer,
    require,
)
from partners.permissions import acts_for, member_organisation_ids

S = AgreementStatus


def can_read_agenda(user):
    """Everyone with a portal role reads the whole agenda (raadsleden read only)."""
    return can_read_portal(user)


def can_manage_agenda(user):
    """Periods, themes, goals, measurements and meetings: beleidsmedewerkers."""
    return is_policy_officer(user)


def can_create_agreement(user):
    """Beleidsmedewerkers, and partner directors who draft an agreement for their organisation."""
    return is_policy_officer(user) or (
        is_partner_director(user) and bool(member_organisation_ids(user))
    )


def party_ids(agreement):
    """The ids of an agreement's parties (uses the prefetched parties when there are)."""
    return {party.pk for party in agreement.parties.all()}


def acts_for_owner(user, agreement):
    return acts_for(user, agreement.owner_id)


def involved_organisation_ids(user, agreement):
    """The organisations, owner or party, for which this person acts in this agreement."""
    if not is_partner_director(user):
        return set()
    return (party_ids(agreement) | {agreement.owner_id}) & set(member_organisation_ids(user))


def can_edit_agreement(user, agreement):
    if not agreement.is_open:
        return False
    if is_policy_officer(user):
        return True
    # A partner director edits only a draft their organisation leads.
    return agreement.status == S.DRAFT and acts_for_owner(user, agreement)


def answering_organisation_ids(user, agreement):
    """The parties this person may still confirm or decline the current version for."""
    if agreement.status != S.PROPOSED or not is_partner_director(user):
        return set()
    return party_ids(agreement) & set(member_organisation_ids(user))


def can_answer_agreement(user, agreement):
    return bool(answering_organisation_ids(user, agreement))


def can_add_progress(user, agreement):
    if agreement.status not in RUNNING_STATUSES:
        return False
    if is_policy_officer(user):
        return True
    return bool(involved_organisation_ids(user, agreement))


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple
    target: str
    allowed: Callable  # (user, agreement) -> bool


def _policy_officer(user, agreement):
    return is_policy_officer(user)


def _policy_officer_or_owner(user, agreement):
    return is_policy_officer(user) or acts_for_owner(user, agreement)


TRANSITIONS = {
    transition.action: transition
    for transition in [
        Transition(
            "propose",
            _("Propose to the parties"),
            (S.DRAFT,),
            S.PROPOSED,
            _policy_officer_or_owner,
        ),
        Transition("withdraw", _("Withdraw to draft"), (S.PROPOSED,), S.DRAFT, _policy_officer),
        Transition("start", _("Put into progress"), (S.ADOPTED,), S.IN_PROGRESS, _policy_officer),
        Transition("realise", _("Mark as realised"), (S.IN_PROGRESS,), S.REALISED, _policy_officer),
        Transition(
            "lapse",
            _("Let lapse"),
            (S.DRAFT, S.PROPOSED, S.ADOPTED, S.IN_PROGRESS),
            S.LAPSED,
            _policy_officer,
        ),
    ]
}

# Changes the portal makes by itself: (from, to) -> why.
SYSTEM_CHANGES = {
    (S.PROPOSED, S.ADOPTED): "every party confirmed the current version",
    (S.PROPOSED, S.IN_PROGRESS): "every party confirmed a change to an agreement in progress",
    (S.ADOPTED, S.PROPOSED): "its substance changed: the parties confirm the new version",
    (S.IN_PROGRESS, S.PROPOSED): "its substance changed: the parties confirm the new version",
}

ALLOWED_CHANGES = {
    *((source, t.target) for t in TRANSITIONS.values() for source in t.sources),
    *SYSTEM_CHANGES,
}


def check_status_change(old, new):
    """Raise ValueError for a status change the lifecycle does not have."""
    if (old, new) not in ALLOWED_CHANGES:
        raise ValueError(f"an agreement cannot go from {old} to {new}")


def can_transition(user, agreement, action):
    transition = TRANSITIONS.get(action)
    return (
        transition is not None
        and agreement.status in transition.sources
        and bool(transition.allowed(user, agreement))
    )


def may_take_step(user, agreement, action):
    """Whether this person may take this step for this agreement at all, whatever its status."""
    transition = TRANSITIONS.get(action)
    return transition is not None and bool(transition.allowed(user, agreement))


def allowed_transitions(user, agreement):
    return [t for t in TRANSITIONS.values() if can_transition(user, agreement, t.action)]


# Access helpers


def get_agreement_for_reading(user, pk, queryset=None):
    agreement = get_object_or_404(queryset if queryset is not None else Agreement.objects, pk=pk)
    require(can_read_agenda(user))
    return agreement


def get_agreement_for_editing(user, pk):
    agreement = get_object_or_404(
        Agreement.objects.select_related("owner").prefetch_related("parties"), pk=pk
    )
    require(can_edit_agreement(user, agreement))
    return agreement

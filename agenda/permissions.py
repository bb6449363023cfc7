"""Who may do what in the agenda, and the agreement lifecycle: the one place both are decided.

The lifecycle is a small state machine. `TRANSITIONS` lists what people do (propose, withdraw,
start, realise, lapse): from which statuses, to which status, and who may. The changes made by
the portal itself and are listed in `SYSTEM_CHANGES`: the last party's confirmation makes a
proposed agreement adopted, the first progress update puts an adopted agreement into progress, and
a change of substance sends an adopted or running agreement back to the parties. Services change
an agreement's status only through `check_status_change`, so no other path exists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agenda.models import RUNNING_STATUSES, Agreement, AgreementStatus, Decision
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


def may_own_agreement(user, organisation):
    """Whom an agreement this person drafts or edits may belong to: any organisation for a
    beleidsmedewerker, one they act for for a partner director."""
    if is_policy_officer(user):
        return True
    return organisation is not None and acts_for(user, organisation.pk)


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


def progress_organisation_ids(user, agreement):
    """For which organisations this person may report progress: a policy officer for the owner
    or any party, a partner director for those of them they act for."""
    if is_policy_officer(user):
        return party_ids(agreement) | {agreement.owner_id}
    return involved_organisation_ids(user, agreement)


def must_name_progress_organisation(user):
    """A partner director reports for one of their organisations; a policy officer may report
    for none in particular."""
    return not is_policy_officer(user)


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


def director_party_ids(user, agreement):
    """The parties of this agreement for which this person is a director, whatever its status."""
    if not is_partner_director(user):
        return set()
    return party_ids(agreement) & set(member_organisation_ids(user))


def current_answers(agreement):
    """{organisation id: Confirmation} for the version the parties are asked to confirm now
    (uses the prefetched versions and confirmations when there are)."""
    for version in agreement.versions.all():
        if version.number == agreement.revision:
            return {c.organisation_id: c for c in version.confirmations.all()}
    return {}


def unanswered_organisation_ids(user, agreement):
    """The parties this person may answer for and that have not answered the current version."""
    answering = answering_organisation_ids(user, agreement)
    if not answering:
        return set()
    return answering - set(current_answers(agreement))


def can_answer_agreement(user, agreement):
    """Confirm or decline: offered only while one of this person's parties has not answered."""
    return bool(unanswered_organisation_ids(user, agreement))


def can_report_progress_on(user, agreement):
    """Whether this person reports progress on this agreement at some stage (policy officers, and
    directors of the owner or a party), whatever its status now."""
    return is_policy_officer(user) or bool(involved_organisation_ids(user, agreement))


def can_add_progress(user, agreement):
    if agreement.status not in RUNNING_STATUSES:
        return False
    return can_report_progress_on(user, agreement)


def progress_not_possible_reason(agreement):
    """Why progress cannot be reported on this agreement, which is not running (its state, not
    anyone's role)."""
    if agreement.status in (S.DRAFT, S.PROPOSED):
        return gettext("Progress can be reported once every party has confirmed the agreement.")
    return gettext("This agreement is %(status)s: no more progress is reported on it.") % {
        "status": agreement.get_status_display().lower()
    }


def edit_not_possible_reason(user, agreement):
    """Why this person cannot change this agreement (empty when they can, or when their role is
    the reason): a closed agreement stays as it was; a director changes only their own draft."""
    if can_edit_agreement(user, agreement):
        return ""
    status = agreement.get_status_display().lower()
    if not agreement.is_open:
        return gettext(
            "This agreement is %(status)s and can no longer be changed: its versions stay as "
            "they were agreed."
        ) % {"status": status}
    if is_partner_director(user) and acts_for_owner(user, agreement):
        return gettext(
            "This agreement is %(status)s: its owner changes it only while it is a draft. Ask a "
            "policy officer of the gemeente to change it."
        ) % {"status": status}
    return ""


def waiting_for(agreement):
    """What the agreement waits for and from whom, in one sentence ("" when it waits for
    nothing). Uses the prefetched parties, versions and confirmations."""
    if agreement.status == S.DRAFT:
        return gettext(
            "Draft: waiting to be proposed to the parties by %(owner)s or the gemeente."
        ) % {"owner": agreement.owner.name}
    if agreement.status == S.PROPOSED:
        answers = current_answers(agreement)
        parties = sorted(agreement.parties.all(), key=lambda party: party.name)
        declined = [
            party.name
            for party in parties
            if party.pk in answers and answers[party.pk].decision == Decision.DECLINED
        ]
        if declined:
            return ngettext(
                "%(names)s declined this version: waiting for the gemeente to change the "
                "agreement or let it lapse.",
                "%(names)s declined this version: waiting for the gemeente to change the "
                "agreement or let it lapse.",
                len(declined),
            ) % {"names": get_text_list(declined, gettext("and"))}
        waiting = [p.name for p in parties if p.pk not in answers]
        return gettext("Waiting for confirmation from %(names)s.") % {
            "names": get_text_list(waiting, gettext("and"))
        }
    if agreement.status == S.ADOPTED:
        return gettext("Confirmed by every party: waiting for the first progress update.")
    return ""


def steps_not_possible_now(user, agreement):
    """Why this person cannot take now the actions they take on this agreement at another stage,
    one sentence each; the page shows them next to the actions that can be taken."""
    reasons = []
    # A party's director answers once the draft is proposed; afterwards the page shows their
    # answer, or the button while they have not given it.
    if agreement.status == S.DRAFT and director_party_ids(user, agreement):
        reasons.append(
            gettext("Confirming is possible once the agreement is proposed to the parties.")
        )
    if can_report_progress_on(user, agreement) and not can_add_progress(user, agreement):
        reasons.append(progress_not_possible_reason(agreement))
    return reasons


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
    (S.ADOPTED, S.IN_PROGRESS): "the first progress update was reported",
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


def get_agreement_for_progress(user, pk, queryset):
    """The agreement to report progress on; the refusal says when its state is the reason."""
    agreement = get_agreement_for_reading(user, pk, queryset)
    require(can_report_progress_on(user, agreement))
    if not can_add_progress(user, agreement):
        raise PermissionDenied(progress_not_possible_reason(agreement))
    return agreement


def get_agreement_for_answering(user, pk, queryset):
    """The agreement to confirm or decline: only a director of a party, for their own party."""
    agreement = get_agreement_for_reading(user, pk, queryset)
    require(bool(director_party_ids(user, agreement)))
    return agreement


def get_agreement_for_editing(user, pk):
    agreement = get_object_or_404(Agreement.objects.prefetch_related("parties"), pk=pk)
    require(can_edit_agreement(user, agreement), reason=edit_not_possible_reason(user, agreement))
    return agreement

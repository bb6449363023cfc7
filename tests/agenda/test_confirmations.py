"""Multi-party confirmation as the parties notice it: an agreement is adopted only when every
party has confirmed the version that stands, a decline holds it, and a page opened before the
adoption cannot act on it as if nothing happened."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from agenda import services
from agenda.models import AgreementStatus, Confirmation, Decision
from kindportaal.formatting import display_value
from kindportaal.history import reason_display
from tests.agenda.factories import confirm, proposed_agreement

pytestmark = pytest.mark.django_db
S = AgreementStatus


def answer(agreement, organisation, director, decision, reason="", version_number=None):
    return services.agreement_answer(
        agreement=agreement,
        organisation=organisation,
        by=director,
        decision=decision,
        reason=reason,
        version_number=version_number or agreement.revision,
    )


def test_one_decline_holds_the_agreement_even_when_the_others_confirmed(
    proposed, organisation_a, organisation_b, director_a, director_b
):
    confirm(proposed, organisation_a, director_a)
    answer(proposed, organisation_b, director_b, Decision.DECLINED, "Geen budget.")
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    assert proposed.adopted_on is None


def test_the_last_confirmation_adopts_on_that_day_and_says_so_in_the_history(
    proposed, organisation_a, organisation_b, director_a, director_b
):
    confirm(proposed, organisation_a, director_a)
    confirm(proposed, organisation_b, director_b)
    proposed.refresh_from_db()
    assert proposed.status == S.ADOPTED
    assert proposed.adopted_on == timezone.localdate()
    with translation.override("nl"):
        reason = reason_display(proposed.history.first().history_change_reason)
    assert reason == "Bevestigd door alle partijen"


def test_a_page_opened_before_the_adoption_is_told_the_agreement_changed(
    proposed, organisation_a, organisation_b, director_a, director_b, policy_officer
):
    opened = proposed.version  # e.g. the policy officer's page with its "withdraw" button
    confirm(proposed, organisation_a, director_a)
    confirm(proposed, organisation_b, director_b)
    with pytest.raises(services.AgreementError, match="in de tussentijd"):
        services.agreement_transition(
            agreement=proposed, action="lapse", by=policy_officer, expected_version=opened
        )
    proposed.refresh_from_db()
    assert proposed.status == S.ADOPTED


def test_a_confirmation_keeps_no_reason_a_decline_keeps_it_without_spaces(
    proposed, organisation_a, organisation_b, director_a, director_b
):
    answer(proposed, organisation_a, director_a, Decision.CONFIRMED, "Akkoord, graag snel.")
    answer(proposed, organisation_b, director_b, Decision.DECLINED, "  Geen budget.  ")
    reasons = dict(Confirmation.objects.values_list("organisation_id", "reason"))
    assert reasons == {organisation_a.pk: "", organisation_b.pk: "Geen budget."}
    decided = dict(Confirmation.objects.values_list("organisation_id", "decided_by_id"))
    assert decided == {organisation_a.pk: director_a.pk, organisation_b.pk: director_b.pk}


def test_only_a_proposed_agreement_can_be_answered(
    adopted, draft, organisation_a, director_a, policy_officer
):
    for agreement in (adopted, draft):
        with pytest.raises(services.AgreementError, match="niet op bevestiging"):
            confirm(agreement, organisation_a, director_a, agreement.revision or 1)
    assert not Confirmation.objects.filter(version__agreement=draft).exists()


def test_a_party_that_answered_the_old_version_answers_the_new_one_again(
    proposed, organisation_a, organisation_b, director_a, director_b, policy_officer
):
    from tests.agenda.test_lifecycle import _change

    confirm(proposed, organisation_a, director_a)
    _change(proposed, policy_officer, description="Nu ook met de BSO.")
    proposed.refresh_from_db()
    assert proposed.revision == 2
    confirm(proposed, organisation_b, director_b)
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED, "A confirmed version 1, not version 2"
    confirm(proposed, organisation_a, director_a)
    proposed.refresh_from_db()
    assert proposed.status == S.ADOPTED


def test_a_single_party_agreement_is_adopted_by_its_one_confirmation(
    policy_officer, organisation_a, director_a, theme
):
    agreement = proposed_agreement(by=policy_officer, parties=[organisation_a], theme=theme)
    confirm(agreement, organisation_a, director_a)
    agreement.refresh_from_db()
    assert agreement.status == S.ADOPTED


def test_answering_an_unknown_decision_is_refused(proposed, organisation_a, director_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        answer(proposed, organisation_a, director_a, "maybe")
    assert not Confirmation.objects.exists()


def test_a_director_of_two_parties_answers_for_each_and_the_gemeente_for_none(
    proposed, organisation_a, organisation_b, director_a, policy_officer
):
    from django.core.exceptions import PermissionDenied

    from agenda import permissions
    from tests.partners.factories import MembershipFactory

    with pytest.raises(PermissionDenied):
        confirm(proposed, organisation_a, policy_officer)
    assert not permissions.can_answer_agreement(policy_officer, proposed)
    MembershipFactory(user=director_a, organisation=organisation_b)
    assert permissions.answering_organisation_ids(director_a, proposed) == {
        organisation_a.pk,
        organisation_b.pk,
    }
    confirm(proposed, organisation_a, director_a)
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    confirm(proposed, organisation_b, director_a)
    proposed.refresh_from_db()
    assert proposed.status == S.ADOPTED
    assert not permissions.can_answer_agreement(director_a, proposed)


def test_a_director_of_an_organisation_outside_the_agreement_cannot_answer(
    proposed, organisation_a
):
    from agenda import permissions
    from tests.kindportaal.factories import UserFactory
    from tests.partners.factories import MembershipFactory, OrganisationFactory

    outsider = UserFactory(role="partner_director")
    MembershipFactory(user=outsider, organisation=OrganisationFactory())
    assert permissions.answering_organisation_ids(outsider, proposed) == set()


def test_a_new_version_lists_what_changed_in_words_the_parties_read(
    adopted, policy_officer, organisation_a, organisation_b
):
    from tests.agenda.test_lifecycle import _change
    from tests.kindportaal.factories import WijkFactory
    from tests.partners.factories import OrganisationFactory

    third = OrganisationFactory(name="Jeugdteam Oost")
    wijk = WijkFactory(name="Oost")
    old_start = adopted.start_date
    new_start = old_start + datetime.timedelta(days=1)
    _change(
        adopted,
        policy_officer,
        title="Warme overdracht, ook naar de BSO",
        parties=[organisation_a.pk, organisation_b.pk, third.pk],
        whole_gemeente="",
        wijken=[wijk.pk],
        start_date=new_start.isoformat(),
    )
    adopted.refresh_from_db()
    version = adopted.versions.get(number=2)
    with translation.override("nl"):
        shown = version.shown_changes()
    fields = [change["field"] for change in version.changes]
    changes = {
        field: (c["label"], c["old"], c["new"]) for field, c in zip(fields, shown, strict=True)
    }
    assert changes["title"][2] == "Warme overdracht, ook naar de BSO"
    assert changes["parties"] == (
        "partijen",
        "Kinderopvang De Boomhut, Stichting Openbaar Onderwijs Noord",
        "Jeugdteam Oost, Kinderopvang De Boomhut, Stichting Openbaar Onderwijs Noord",
    )
    assert changes["whole_gemeente"][1:] == ("ja", "nee")
    assert changes["wijken"][1:] == ("—", "Oost")
    assert changes["start_date"][1:] == (display_value(old_start), display_value(new_start))
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", changes["start_date"][2])  # e.g. 2 januari 2025
    assert set(changes) == {"title", "parties", "whole_gemeente", "wijken", "start_date"}
    assert version.data["party_ids"] == sorted([organisation_a.pk, organisation_b.pk, third.pk])
    assert version.created_by == policy_officer
    # The third party is asked, with the others, to confirm version 2.
    assert adopted.status == S.PROPOSED and adopted.adopted_on is None


def test_a_goal_added_later_shows_as_new_where_there_was_none(adopted, policy_officer):
    from tests.agenda.factories import GoalFactory
    from tests.agenda.test_lifecycle import _change

    assert adopted.goal is None
    goal = GoalFactory(theme=adopted.theme)
    _change(adopted, policy_officer, goal=goal.pk)
    adopted.refresh_from_db()
    version = adopted.versions.get(number=2)
    assert [change["field"] for change in version.changes] == ["goal"]
    with translation.override("nl"):
        [shown] = version.shown_changes()
    assert (shown["label"], shown["old"], shown["new"]) == ("doel", "—", str(goal))


def test_the_services_refuse_what_the_form_would_refuse(draft, policy_officer):
    from django.core.exceptions import ValidationError

    from agenda.models import Agreement

    data = {
        name: (list(getattr(draft, name).all()) if name in services.AGREEMENT_M2M else value)
        for name in services.SUBSTANCE
        for value in [getattr(draft, name, None)]
    }
    data["due_date"] = draft.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            agreement=draft, by=policy_officer, **data, expected_version=draft.version
        )
    assert "due_date" in refused.value.error_dict
    assert Agreement.objects.get(pk=draft.pk).due_date == draft.due_date
    count = Agreement.objects.count()
    with pytest.raises(ValidationError):
        services.agreement_create(by=policy_officer, **data)
    assert Agreement.objects.count() == count


def test_a_party_that_became_inactive_stays_on_an_agreement_that_is_edited(
    draft, policy_officer, organisation_b
):
    from tests.agenda.test_lifecycle import _change

    organisation_b.is_active = False
    organisation_b.save()
    _change(draft, policy_officer, title="Warme overdracht, bijgewerkt")
    draft.refresh_from_db()
    assert draft.title == "Warme overdracht, bijgewerkt"
    assert organisation_b in draft.parties.all()

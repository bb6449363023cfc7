"""The agreement lifecycle: every step, who may take it, versions and confirmations."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agenda import permissions, services
from agenda.models import AgreementStatus, Confirmation, Notification
from tests.agenda.conftest import agreement_data
from tests.agenda.factories import confirm

pytestmark = pytest.mark.django_db
S = AgreementStatus

# Every (action, status) and whether it is a step the lifecycle has.
LIFECYCLE = {
    ("propose", S.DRAFT): S.PROPOSED,
    ("withdraw", S.PROPOSED): S.DRAFT,
    ("start", S.ADOPTED): S.IN_PROGRESS,
    ("realise", S.IN_PROGRESS): S.REALISED,
    ("lapse", S.DRAFT): S.LAPSED,
    ("lapse", S.PROPOSED): S.LAPSED,
    ("lapse", S.ADOPTED): S.LAPSED,
    ("lapse", S.IN_PROGRESS): S.LAPSED,
}


@pytest.mark.parametrize(
    ("action", "status"), list(itertools.product(permissions.TRANSITIONS, S.values))
)
def test_each_step_is_possible_only_from_its_statuses(action, status, draft, policy_officer):
    draft.status = status
    expected = LIFECYCLE.get((action, status))
    assert permissions.can_transition(policy_officer, draft, action) == (expected is not None)
    if expected:
        assert permissions.TRANSITIONS[action].target == expected


@pytest.mark.parametrize("action", list(permissions.TRANSITIONS))
def test_who_may_take_each_step(action, draft, personas):
    allowed = {
        persona
        for persona, user in personas.items()
        if user is not None and permissions.may_take_step(user, draft, action)
    }
    # director_a acts for the owner of the draft; only they may propose besides the gemeente.
    expected = {"policy_officer", "director_a"} if action == "propose" else {"policy_officer"}
    assert allowed == expected


def test_no_status_change_outside_the_lifecycle():
    with pytest.raises(ValueError, match="cannot go from draft to adopted"):
        permissions.check_status_change(S.DRAFT, S.ADOPTED)
    with pytest.raises(ValueError):
        permissions.check_status_change(S.REALISED, S.IN_PROGRESS)
    with pytest.raises(ValueError):
        permissions.check_status_change(S.LAPSED, S.DRAFT)
    permissions.check_status_change(S.PROPOSED, S.ADOPTED)


def test_council_member_cannot_take_any_step(proposed, council_member):
    with pytest.raises(PermissionDenied):
        services.agreement_transition(
            agreement=proposed, action="lapse", by=council_member, expected_version=proposed.version
        )
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


def test_a_step_on_an_outdated_page_is_refused_with_a_message(proposed, policy_officer):
    with pytest.raises(services.AgreementError, match="in de tussentijd gewijzigd"):
        services.agreement_transition(
            agreement=proposed,
            action="lapse",
            by=policy_officer,
            expected_version=proposed.version - 1,
        )


def test_a_step_the_status_does_not_allow_is_refused(proposed, policy_officer):
    with pytest.raises(services.AgreementError, match="niet mogelijk"):
        services.agreement_transition(
            agreement=proposed,
            action="realise",
            by=policy_officer,
            expected_version=proposed.version,
        )


def test_proposing_makes_version_one_and_notifies_the_parties(draft, director_a, mailoutbox):
    agreement = services.agreement_transition(
        agreement=draft, action="propose", by=director_a, expected_version=draft.version
    )
    assert agreement.status == S.PROPOSED
    assert agreement.revision == 1
    version = agreement.versions.get()
    assert version.data["title"] == "Warme overdracht peuter naar groep 1"
    assert version.changes == []
    assert Notification.objects.filter(agreement=agreement, kind="proposed", key="1").exists()


def test_adopted_when_every_party_has_confirmed(
    proposed, organisation_a, organisation_b, director_a, director_b
):
    confirm(proposed, organisation_a, director_a, 1)
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    confirm(proposed, organisation_b, director_b, 1)
    proposed.refresh_from_db()
    assert proposed.status == S.ADOPTED
    assert proposed.adopted_on is not None


def test_declining_needs_a_reason_and_keeps_it_proposed(proposed, organisation_b, director_b):
    with pytest.raises(ValidationError) as error:
        services.agreement_answer(
            agreement=proposed,
            organisation=organisation_b,
            by=director_b,
            decision="declined",
            reason="  ",
            version_number=1,
        )
    assert "reden" in str(error.value)
    services.agreement_answer(
        agreement=proposed,
        organisation=organisation_b,
        by=director_b,
        decision="declined",
        reason="Wij hebben geen budget voor scholing in 2026.",
        version_number=1,
    )
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    assert Confirmation.objects.get().reason == "Wij hebben geen budget voor scholing in 2026."


def test_a_director_answers_only_for_their_own_organisation(proposed, organisation_b, director_a):
    with pytest.raises(PermissionDenied):
        confirm(proposed, organisation_b, director_a, 1)
    assert not Confirmation.objects.exists()


def test_a_party_answers_a_version_once(proposed, organisation_a, director_a):
    answer = {
        "agreement": proposed,
        "organisation": organisation_a,
        "by": director_a,
        "decision": "confirmed",
        "reason": "",
        "version_number": 1,
    }
    services.agreement_answer(**answer)
    with pytest.raises(services.AgreementError, match="al geantwoord"):
        services.agreement_answer(**answer)


def _change(agreement, by, **changes):
    from agenda.forms import AgreementForm

    form = AgreementForm(agreement_data(agreement, **changes), instance=agreement)
    assert form.is_valid(), form.errors
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    return services.agreement_update(
        agreement=agreement, by=by, **data, expected_version=form.cleaned_data["version"]
    )


def test_changing_a_confirmed_agreement_makes_a_new_version_to_confirm_again(
    adopted, policy_officer, organisation_a, director_a, mailoutbox
):
    assert adopted.status == S.ADOPTED
    _change(adopted, policy_officer, due_date="2027-06-30")
    adopted.refresh_from_db()
    assert adopted.status == S.PROPOSED
    assert adopted.revision == 2
    version = adopted.versions.get(number=2)
    assert [(c["label"], c["old"], c["new"]) for c in version.shown_changes()] == [
        ("einddatum", "31 december 2026", "30 juni 2027")
    ]
    # Version 1 keeps both confirmations; version 2 has none yet.
    assert adopted.versions.get(number=1).confirmations.count() == 2
    assert version.confirmations.count() == 0
    assert Notification.objects.filter(agreement=adopted, kind="changed", key="2").exists()
    assert permissions.can_answer_agreement(director_a, adopted)


def test_a_save_without_changes_of_substance_makes_no_version(adopted, policy_officer):
    _change(adopted, policy_officer)
    adopted.refresh_from_db()
    assert adopted.status == S.ADOPTED
    assert adopted.revision == 1


def test_confirming_an_outdated_version_is_refused(
    proposed, policy_officer, organisation_a, director_a
):
    # The director opened version 1 in a tab; meanwhile the gemeente changed the agreement.
    _change(proposed, policy_officer, title="Gezamenlijke VVE-scholing voor alle locaties")
    proposed.refresh_from_db()
    assert proposed.revision == 2
    with pytest.raises(services.AgreementError) as error:
        confirm(proposed, organisation_a, director_a, 1)
    assert "versie 1" in str(error.value) and "versie 2" in str(error.value)
    assert not Confirmation.objects.exists()


def test_a_running_agreement_returns_to_in_progress_when_reconfirmed(
    adopted, policy_officer, organisation_a, organisation_b, director_a, director_b
):
    services.agreement_transition(
        agreement=adopted, action="start", by=policy_officer, expected_version=adopted.version
    )
    adopted.refresh_from_db()
    _change(adopted, policy_officer, description="Nu ook met de BSO.")
    adopted.refresh_from_db()
    assert adopted.status == S.PROPOSED
    for organisation, director in [(organisation_a, director_a), (organisation_b, director_b)]:
        confirm(adopted, organisation, director, 2)
    adopted.refresh_from_db()
    assert adopted.status == S.IN_PROGRESS


def test_a_realised_agreement_cannot_be_edited(adopted, policy_officer):
    for action in ("start", "realise"):
        adopted = services.agreement_transition(
            agreement=adopted, action=action, by=policy_officer, expected_version=adopted.version
        )
    assert adopted.status == S.REALISED
    assert not permissions.can_edit_agreement(policy_officer, adopted)
    with pytest.raises(PermissionDenied):
        _change(adopted, policy_officer, title="Anders")


def test_a_director_edits_only_drafts_of_their_own_organisation(draft, director_a, director_b):
    assert permissions.can_edit_agreement(director_a, draft)
    assert not permissions.can_edit_agreement(director_b, draft)
    draft.status = S.PROPOSED
    assert not permissions.can_edit_agreement(director_a, draft)


def test_progress_sets_the_health_of_the_agreement(adopted, director_b, organisation_b):
    today = timezone.localdate()
    services.progress_update_create(
        agreement=adopted,
        by=director_b,
        organisation=organisation_b,
        reported_on=today - datetime.timedelta(days=10),
        text="Gestart.",
        health="on_track",
        percent_complete=10,
    )
    services.progress_update_create(
        agreement=adopted,
        by=director_b,
        organisation=organisation_b,
        reported_on=today,
        text="Vertraging door personeelstekort.",
        health="at_risk",
        percent_complete=30,
    )
    # An update about an earlier day does not replace the latest one.
    services.progress_update_create(
        agreement=adopted,
        by=director_b,
        organisation=organisation_b,
        reported_on=today - datetime.timedelta(days=5),
        text="Tussenstand.",
        health="on_track",
        percent_complete=20,
    )
    adopted.refresh_from_db()
    assert (adopted.health, adopted.progress_percent, adopted.last_progress_on) == (
        "at_risk",
        30,
        today,
    )


def test_no_progress_on_a_proposed_agreement(proposed, director_a, organisation_a):
    with pytest.raises(services.AgreementError):
        services.progress_update_create(
            agreement=proposed,
            by=director_a,
            organisation=organisation_a,
            reported_on=timezone.localdate(),
            text="Al begonnen.",
            health="on_track",
            percent_complete=5,
        )


def test_overdue_is_past_due_and_not_realised(draft):
    draft.due_date = timezone.localdate() - datetime.timedelta(days=1)
    assert draft.is_overdue
    draft.status = S.REALISED
    assert not draft.is_overdue

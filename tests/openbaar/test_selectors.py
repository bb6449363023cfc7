"""The one definition of what is public: adopted and published agreements, public meetings, the
adopted LEA; nothing of a draft, a proposal, a closed meeting or a person."""

from dataclasses import asdict

from openbaar import selectors
from tests.openbaar.conftest import (
    CLOSED_MINUTES,
    CONCEPT_TITLE,
    PERSON_NAME,
    PROPOSED_TITLE,
    PUBLIC_MINUTES,
    SECRET_NOTE,
    UNPUBLISHED_TITLE,
)


def _everything():
    return repr(
        [
            asdict(selectors.public_agenda()),
            [asdict(a) for a in selectors.public_agreements()],
            [asdict(m) for m in selectors.public_meetings()],
            [asdict(k) for k in selectors.public_kindcentra()],
            [asdict(w) for w in selectors.public_wijken()],
        ]
    )


def test_only_the_adopted_and_published_agreement_is_public(public_world):
    agreements = selectors.public_agreements()
    assert [a.title for a in agreements] == ["Gezamenlijke VVE-scholing"]
    agreement = agreements[0]
    assert agreement.progress_percent == 40
    assert agreement.health == "on_track"
    assert agreement.parties == tuple(sorted(agreement.parties))
    assert len(agreement.parties) == 2


def test_nothing_internal_is_in_any_public_record(public_world):
    everything = _everything()
    for secret in (
        SECRET_NOTE,
        CONCEPT_TITLE,
        PROPOSED_TITLE,
        UNPUBLISHED_TITLE,
        CLOSED_MINUTES,
        PERSON_NAME,
    ):
        assert secret not in everything
    assert PUBLIC_MINUTES in everything


def test_a_public_meetings_decision_names_only_public_agreements(public_world):
    (meeting,) = selectors.public_meetings()
    assert meeting.title == "OOGO voorjaar"
    assert meeting.decisions[0].agreement_ids == (public_world["published"].pk,)


def test_a_changed_agreement_waiting_for_confirmation_is_no_longer_public(
    public_world, policy_officer
):
    from tests.agenda.test_lifecycle import _change

    _change(
        public_world["published"], policy_officer, title="Gezamenlijke VVE-scholing, uitgebreid"
    )
    assert selectors.public_agreements() == []


def test_a_draft_period_is_not_public(public_world):
    agenda = public_world["agenda"]
    agenda.status = "draft"
    agenda.save()
    assert selectors.public_agenda() is None
    assert selectors.public_agreements() == []
    assert selectors.public_meetings() == []


def test_the_adopted_lea_has_its_goals_with_measured_values(public_world):
    lea = selectors.public_agenda()
    (theme,) = lea.themes
    (goal,) = theme.goals
    assert goal.statement == "Meer peuters bereikt met VVE"
    assert [str(m.value) for m in goal.measurements] == ["71.00"]
    assert goal.latest_value is not None


def test_kindcentra_per_wijk_with_phase(public_world):
    kindcentrum = public_world["kindcentrum"]
    (row,) = selectors.public_kindcentra()
    assert (row.name, row.wijk, row.phase) == (kindcentrum.name, kindcentrum.wijk.name, 2)
    wijk = next(w for w in selectors.public_wijken() if w.id == kindcentrum.wijk_id)
    assert wijk.kindcentra == 1
    assert wijk.kindcentra_per_phase[1] == 1

"""The phase a kindcentrum's checklist suggests, and what the next phase still asks for."""

import pytest

from kindcentra.models import CRITERIA, Phase
from kindcentra.phases import next_step, suggested_phase


@pytest.mark.parametrize(
    ("met", "phase"),
    [
        (set(), Phase.SEPARATE),
        ({"vve_offer"}, Phase.COOPERATION),
        ({"one_building", "care_in_house", "vve_offer"}, Phase.COOPERATION),
        ({"shared_vision"}, Phase.COOPERATION),
        ({"shared_vision", "vve_offer"}, Phase.COMMUNITY_SCHOOL),
        ({"shared_vision", "continuous_line", "vve_offer"}, Phase.COMMUNITY_SCHOOL),
        ({"shared_vision", "continuous_line", "vve_offer", "one_building"}, Phase.KINDCENTRUM),
        (
            {"shared_vision", "continuous_line", "one_leadership", "care_in_house", "vve_offer"},
            Phase.KINDCENTRUM,
        ),
        ({"shared_vision", "one_team", "one_leadership", "continuous_line"}, Phase.INTEGRAL),
        (set(CRITERIA), Phase.INTEGRAL),
    ],
)
def test_the_checklist_suggests_the_highest_phase_whose_criteria_are_met(met, phase):
    assert suggested_phase(met) == phase


def test_unknown_criteria_count_for_nothing():
    assert suggested_phase({"a_nice_playground", "free_coffee"}) == Phase.SEPARATE


def test_next_step_names_the_missing_criteria_in_checklist_order():
    step = next_step({"shared_vision", "continuous_line", "one_leadership", "vve_offer"})
    assert step.phase == Phase.INTEGRAL
    assert step.missing == ["one_team"]
    assert step.more == 0

    step = next_step({"vve_offer"})
    assert (step.phase, step.missing, step.more) == (Phase.COMMUNITY_SCHOOL, ["shared_vision"], 0)

    step = next_step({"shared_vision", "continuous_line"})
    assert (step.phase, step.missing, step.more) == (Phase.KINDCENTRUM, [], 2)

    step = next_step(set())
    assert (step.phase, step.missing, step.more) == (Phase.COOPERATION, [], 1)


def test_there_is_no_next_step_for_an_integral_kindcentrum():
    assert next_step(set(CRITERIA)) is None

"""The development phase that a kindcentrum's checklist suggests: a pure function of the criteria
it meets, shown beside the phase the partners chose themselves.

A phase asks for certain criteria and for a number of criteria in all; the suggestion is the
highest phase whose demands are met. An integraal kindcentrum has one vision, one team and one
leadership over a continuous line 0–12; a kindcentrum has a shared vision and a continuous line
and meets four criteria; a brede school shares a vision and meets two; cooperation is any one.
"""

from dataclasses import dataclass

from kindcentra.models import CRITERIA, Phase


@dataclass(frozen=True)
class PhaseRule:
    phase: Phase
    required: frozenset[str]
    at_least: int


# From the highest phase down; a kindcentrum meeting none of them is "separate provisions".
RULES = [
    PhaseRule(
        Phase.INTEGRAL,
        frozenset({"shared_vision", "one_team", "one_leadership", "continuous_line"}),
        4,
    ),
    PhaseRule(Phase.KINDCENTRUM, frozenset({"shared_vision", "continuous_line"}), 4),
    PhaseRule(Phase.COMMUNITY_SCHOOL, frozenset({"shared_vision"}), 2),
    PhaseRule(Phase.COOPERATION, frozenset(), 1),
]


def _meets(rule, met):
    return rule.required <= met and len(met) >= rule.at_least


def criteria_met(kindcentrum) -> frozenset[str]:
    return frozenset(criterion for criterion in CRITERIA if getattr(kindcentrum, criterion))


def suggested_phase(met) -> Phase:
    """The highest phase whose criteria are all in `met` (names from CRITERIA)."""
    met = frozenset(met) & frozenset(CRITERIA)
    for rule in RULES:
        if _meets(rule, met):
            return rule.phase
    return Phase.SEPARATE


@dataclass(frozen=True)
class NextStep:
    phase: Phase
    missing: list[str]  # required criteria not met yet, in checklist order
    more: int  # how many more criteria, of any kind, are needed besides those


def next_step(met) -> NextStep | None:
    """What the checklist still asks for the phase after the suggested one (None at the top)."""
    met = frozenset(met) & frozenset(CRITERIA)
    current = suggested_phase(met)
    rule = next((r for r in reversed(RULES) if r.phase > current), None)
    if rule is None:
        return None
    missing = [criterion for criterion in CRITERIA if criterion in rule.required - met]
    more = max(rule.at_least - len(met) - len(missing), 0)
    return NextStep(rule.phase, missing, more)

"""Fixtures of the agenda tests: a current agenda with a theme, and agreements between the
persona organisations at each point of their lifecycle."""

import pytest

from agenda.models import Agenda
from tests.agenda.factories import (
    AgreementFactory,
    GoalFactory,
    ThemeFactory,
    adopted_agreement,
    proposed_agreement,
)


@pytest.fixture
def agenda(db):
    return Agenda.objects.create(
        title="Lokale Educatieve Agenda 2025–2028", start_year=2025, end_year=2028, is_current=True
    )


@pytest.fixture
def theme(agenda):
    return ThemeFactory(agenda=agenda, title="VVE en onderwijsachterstanden")


@pytest.fixture
def goal(theme):
    return GoalFactory(theme=theme)


@pytest.fixture
def draft(theme, organisation_a, organisation_b, policy_officer):
    return AgreementFactory(
        theme=theme,
        title="Warme overdracht peuter naar groep 1",
        owner=organisation_a,
        parties=[organisation_a, organisation_b],
        whole_gemeente=True,
        created_by=policy_officer,
    )


@pytest.fixture
def proposed(theme, organisation_a, organisation_b, policy_officer, director_a, director_b):
    return proposed_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        theme=theme,
        title="Gezamenlijke VVE-scholing",
    )


@pytest.fixture
def adopted(theme, organisation_a, organisation_b, policy_officer, director_a, director_b):
    return adopted_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        directors=[director_a, director_b],
        theme=theme,
        title="Eén overdrachtsformulier",
    )


def agreement_data(agreement, **changes):
    """The POST data of the agreement form for `agreement`, with `changes`."""
    data = {
        "title": agreement.title,
        "description": agreement.description,
        "theme": agreement.theme_id,
        "goal": agreement.goal_id or "",
        "owner": agreement.owner_id,
        "parties": [party.pk for party in agreement.parties.all()],
        "whole_gemeente": "on" if agreement.whole_gemeente else "",
        "kindcentra": [k.pk for k in agreement.kindcentra.all()],
        "wijken": [w.pk for w in agreement.wijken.all()],
        "statutory_topics": [t.pk for t in agreement.statutory_topics.all()],
        "start_date": agreement.start_date.isoformat(),
        "due_date": agreement.due_date.isoformat(),
        "version": agreement.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}

"""Fixtures of the public pages' tests: an adopted LEA period with what may and may not be public
in it, side by side, so that every test can ask whether only the public part shows."""

import datetime
from decimal import Decimal

import pytest

from agenda.models import Agenda, MeetingDecision
from tests.agenda.factories import (
    AgreementFactory,
    GoalFactory,
    MeasurementFactory,
    MeetingFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    adopted_agreement,
    proposed_agreement,
)
from tests.kindcentra.factories import KindcentrumFactory

# Texts that must never reach a public page or data file.
SECRET_NOTE = "Interne notitie: wethouder nog niet akkoord"
CONCEPT_TITLE = "Concept: sluiting peuterspeelzaal De Vlinder"
PROPOSED_TITLE = "Voorstel: nieuwe verdeling VVE-plaatsen"
UNPUBLISHED_TITLE = "Vastgesteld maar niet gepubliceerd"
CLOSED_MINUTES = "Vertrouwelijk verslag: personeelsdossier besproken"
PUBLIC_MINUTES = "Openbaar verslag: de partners bespraken de doorgaande lijn."
PERSON_NAME = "Fatima El Amrani"


@pytest.fixture
def public_world(db, policy_officer, organisation_a, organisation_b, director_a, director_b):
    policy_officer.full_name = PERSON_NAME
    policy_officer.save()
    agenda = Agenda.objects.create(
        title="Lokale Educatieve Agenda 2025–2028",
        start_year=2025,
        end_year=2028,
        is_current=True,
        status="adopted",
        adopted_on=datetime.date(2025, 2, 1),
        adopted_by="council",
    )
    theme = ThemeFactory(agenda=agenda, title="VVE en onderwijsachterstanden")
    goal = GoalFactory(theme=theme, statement="Meer peuters bereikt met VVE")
    MeasurementFactory(goal=goal, value=Decimal("71"), measured_on=datetime.date(2025, 10, 1))
    parties = [organisation_a, organisation_b]
    directors = [director_a, director_b]
    published = adopted_agreement(
        by=policy_officer,
        parties=parties,
        directors=directors,
        theme=theme,
        goal=goal,
        title="Gezamenlijke VVE-scholing",
    )
    ProgressUpdateFactory(
        agreement=published, text=SECRET_NOTE, author=policy_officer, percent_complete=40
    )
    from agenda import services

    services.refresh_progress_summary(agreement_ids=[published.pk])
    published.refresh_from_db()
    published.is_public = True
    published.save()
    unpublished = adopted_agreement(
        by=policy_officer,
        parties=parties,
        directors=directors,
        theme=theme,
        title=UNPUBLISHED_TITLE,
    )
    concept = AgreementFactory(
        theme=theme,
        title=CONCEPT_TITLE,
        owner=organisation_a,
        parties=parties,
        created_by=policy_officer,
        is_public=True,
    )
    proposed = proposed_agreement(
        by=policy_officer, parties=parties, theme=theme, title=PROPOSED_TITLE
    )
    proposed.is_public = True
    proposed.save()
    open_meeting = MeetingFactory(
        agenda=agenda,
        title="OOGO voorjaar",
        minutes=PUBLIC_MINUTES,
        other_attendees=PERSON_NAME,
        created_by=policy_officer,
        is_public=True,
    )
    open_meeting.attendees.set([policy_officer])
    decision = MeetingDecision.objects.create(meeting=open_meeting, text="Scholing gaat door.")
    decision.agreements.set([published, concept])
    closed_meeting = MeetingFactory(
        agenda=agenda, title="Besloten overleg", minutes=CLOSED_MINUTES, created_by=policy_officer
    )
    kindcentrum = KindcentrumFactory(name="IKC De Regenboog", lead_organisation=organisation_a)
    return {
        "agenda": agenda,
        "theme": theme,
        "goal": goal,
        "published": published,
        "unpublished": unpublished,
        "concept": concept,
        "proposed": proposed,
        "open_meeting": open_meeting,
        "closed_meeting": closed_meeting,
        "kindcentrum": kindcentrum,
    }

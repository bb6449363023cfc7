"""An agenda worth a document: a theme with a goal and its measurements, an adopted agreement
with progress, and a proposed one still waiting for a party."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from agenda.models import Agenda
from kindportaal.models import Gemeente
from reports.models import LeaDocument
from tests.agenda.factories import (
    GoalFactory,
    MeasurementFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    adopted_agreement,
    proposed_agreement,
)

KNOWN_AGREEMENT = "Doorgaande leerlijn taal in elk kindcentrum"


@pytest.fixture
def lea_agenda(db, policy_officer, organisation_a, organisation_b, director_a, director_b):
    Gemeente.objects.update_or_create(pk=1, defaults={"name": "Teststad", "cbs_code": "GM0001"})
    agenda = Agenda.objects.create(
        title="LEA Teststad 2025–2028",
        start_year=2025,
        end_year=2028,
        is_current=True,
        foreword="Samen werken we aan gelijke kansen voor elk kind.",
    )
    theme = ThemeFactory(agenda=agenda, title="Taal en lezen")
    goal = GoalFactory(
        theme=theme,
        statement="Meer peuters bereikt met VVE",
        baseline_value=Decimal("60"),
        baseline_year=2024,
        target_value=Decimal("85"),
        target_year=2028,
        unit="%",
    )
    MeasurementFactory(goal=goal, value=Decimal("66"), measured_on=datetime.date(2025, 6, 1))
    agreement = adopted_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        directors=[director_a, director_b],
        theme=theme,
        title=KNOWN_AGREEMENT,
    )
    ProgressUpdateFactory(agreement=agreement, text="Taalcoördinatoren zijn aangesteld.")
    proposed_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        theme=theme,
        title="Gezamenlijke scholing pedagogisch medewerkers",
    )
    return agenda


def pdf_of(document: LeaDocument):
    with document.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)

"""Factories for agendas, themes, goals and agreements."""

import datetime
from decimal import Decimal

import factory

from agenda.models import Agenda, Agreement, Goal, Measurement, Meeting, ProgressUpdate, Theme
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import OrganisationFactory


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda

    title = factory.Sequence(lambda n: f"Lokale Educatieve Agenda {2025 + n}–{2028 + n}")
    start_year = 2025
    end_year = 2028


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agenda = factory.SubFactory(AgendaFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    order = factory.Sequence(lambda n: n)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    theme = factory.SubFactory(ThemeFactory)
    statement = factory.Sequence(lambda n: f"Meer peuters bereikt met VVE ({n})")
    indicator = "Bereik VVE onder doelgroeppeuters"
    unit = "%"
    baseline_value = Decimal("62")
    baseline_year = 2024
    target_value = Decimal("85")
    target_year = 2028


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Afspraak {n}")
    owner = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2025, 1, 1)
    due_date = datetime.date(2026, 12, 31)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted if extracted is not None else [self.owner])


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    goal = factory.SubFactory(GoalFactory)
    value = Decimal("70")
    measured_on = datetime.date(2025, 10, 1)
    source = "Monitor VVE"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    agenda = factory.SubFactory(AgendaFactory)
    title = factory.Sequence(lambda n: f"OOGO-overleg {n}")
    held_on = datetime.date(2025, 11, 3)
    created_by = factory.SubFactory(UserFactory)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    agreement = factory.SubFactory(AgreementFactory)
    reported_on = datetime.date(2025, 9, 1)
    text = "De eerste bijeenkomsten hebben plaatsgevonden."
    health = "on_track"
    percent_complete = 25
    author = factory.SubFactory(UserFactory)


def proposed_agreement(*, by, parties, owner=None, **fields):
    """An agreement proposed to `parties` through the services, with its first version."""
    from agenda import services

    owner = owner or parties[0]
    agreement = AgreementFactory(owner=owner, parties=parties, whole_gemeente=True, **fields)
    return services.agreement_transition(
        agreement=agreement, action="propose", by=by, expected_version=agreement.version
    )


def adopted_agreement(*, by, parties, directors, **fields):
    """An agreement every party confirmed (`directors`: one per party, in the same order)."""

    agreement = proposed_agreement(by=by, parties=parties, **fields)
    for organisation, director in zip(parties, directors, strict=True):
        confirm(agreement, organisation, director)
    agreement.refresh_from_db()
    return agreement


def confirm(agreement, organisation, director, version_number=None):
    """`director` confirms, for `organisation`, the given (or the current) version."""
    from agenda import services

    return services.agreement_answer(
        agreement=agreement,
        organisation=organisation,
        by=director,
        decision="confirmed",
        reason="",
        version_number=version_number or agreement.revision,
    )

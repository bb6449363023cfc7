"""Factories for agendas, themes, goals and agreements."""

import datetime
from decimal import Decimal

import factory

from agenda.models import Agenda, Agreement, Goal, Theme
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

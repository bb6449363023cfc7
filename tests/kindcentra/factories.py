"""Factories for kindcentra and their self-assessments."""

import factory

from kindcentra.models import Kindcentrum, KindcentrumLocation, Phase, SelfAssessment
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import SchoolBoardFactory


class KindcentrumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kindcentrum

    name = factory.Sequence(lambda n: f"Kindcentrum De Horizon {n}")
    wijk = factory.SubFactory(WijkFactory)
    lead_organisation = factory.SubFactory(SchoolBoardFactory)
    phase = Phase.COOPERATION
    shared_vision = True


class KindcentrumLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KindcentrumLocation


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    kindcentrum = factory.SubFactory(KindcentrumFactory)
    year = 2025
    vision_score = 2
    team_score = 2
    leadership_score = 1
    housing_score = 3
    care_score = 2
    parents_score = 2

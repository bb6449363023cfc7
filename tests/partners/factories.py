"""Factories for organisations, locations and memberships."""

import datetime

import factory

from partners.models import Location, LocationKind, Membership, Organisation, OrganisationKind
from tests.kindportaal.factories import WijkFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.CHILDCARE
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kvk_number = factory.Sequence(lambda n: f"{40000000 + n}")


class SchoolBoardFactory(OrganisationFactory):
    kind = OrganisationKind.SCHOOL_BOARD
    name = factory.Sequence(lambda n: f"Stichting Openbaar Onderwijs {n}")
    duo_board_number = factory.Sequence(lambda n: f"{40000 + n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    kind = LocationKind.DAY_CARE
    name = factory.Sequence(lambda n: f"Kinderdagverblijf De Regenboog {n}")
    lrk_number = factory.Sequence(lambda n: f"{100000000 + n}")
    street = "Dorpsstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "1234 AB"
    city = "Voorbeeldstad"
    wijk = factory.SubFactory(WijkFactory)
    capacity = 48
    count_reference_date = datetime.date(2025, 10, 1)
    vve_certified = True
    age_from = 0
    age_to = 4


class SchoolLocationFactory(LocationFactory):
    organisation = factory.SubFactory(SchoolBoardFactory)
    kind = LocationKind.PRIMARY_SCHOOL
    name = factory.Sequence(lambda n: f"Basisschool De Vlinder {n}")
    lrk_number = ""
    school_code = factory.Sequence(lambda n: f"{n % 100:02d}AB{(n // 100) % 100:02d}")
    capacity = None
    pupils = 240
    vve_certified = False
    age_from = 4
    age_to = 12


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

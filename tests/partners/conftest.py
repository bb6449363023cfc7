"""Fixtures and form helpers that only the partners tests need."""

import pytest

from tests.partners.factories import LocationFactory, SchoolLocationFactory


def organisation_data(organisation=None, **changes):
    """What the organisation form posts: the organisation as it is (or a new one), changed."""
    data = {
        "name": "Stichting Kinderopvang Het Anker",
        "kind": "childcare",
        "kvk_number": "52999999",
        "duo_board_number": "",
        "email": "info@hetanker.example.org",
        "phone": "010 123 45 67",
        "website": "https://hetanker.example.org",
        "is_active": "on",
    }
    if organisation is not None:
        data.update(
            name=organisation.name,
            kind=organisation.kind,
            kvk_number=organisation.kvk_number,
            duo_board_number=organisation.duo_board_number,
            email=organisation.email,
            phone=organisation.phone,
            website=organisation.website,
            version=organisation.version,
        )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def location_data(location=None, **changes):
    """What the location form posts: the location as it is (or a new day care), changed."""
    data = {
        "name": "Kinderdagverblijf Het Anker",
        "kind": "day_care",
        "school_code": "",
        "lrk_number": "123123123",
        "street": "Havenstraat",
        "house_number": "4",
        "postcode": "3011 AB",
        "city": "Voorbeeldstad",
        "wijk": "",
        "capacity": "48",
        "pupils": "",
        "count_reference_date": "2025-10-01",
        "vve_certified": "on",
        "age_from": "0",
        "age_to": "4",
        "is_active": "on",
    }
    if location is not None:
        data.update(
            organisation=location.organisation_id,
            name=location.name,
            kind=location.kind,
            school_code=location.school_code,
            lrk_number=location.lrk_number,
            street=location.street,
            house_number=location.house_number,
            postcode=location.postcode,
            city=location.city,
            wijk=location.wijk_id or "",
            capacity="" if location.capacity is None else location.capacity,
            pupils="" if location.pupils is None else location.pupils,
            count_reference_date=location.count_reference_date or "2025-10-01",
            age_from=location.age_from,
            age_to=location.age_to,
            version=location.version,
        )
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def location_b(organisation_b):
    """A day care of organisation B (director_b's)."""
    return LocationFactory(
        organisation=organisation_b, name="KDV De Boomhut", lrk_number="555000111"
    )


@pytest.fixture
def school_a(organisation_a):
    """A primary school of organisation A (director_a's)."""
    return SchoolLocationFactory(
        organisation=organisation_a, name="OBS De Wilg", school_code="31XY00"
    )

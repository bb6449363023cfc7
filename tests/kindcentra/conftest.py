"""Fixtures and form helpers that only the kindcentra tests need."""

import re

import pytest

from kindcentra.models import CRITERIA
from tests.kindcentra.factories import KindcentrumFactory


def text(response):
    """The page's text without tags and with single spaces, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def kindcentrum_data(kindcentrum=None, criteria=None, **changes):
    """What the kindcentrum form posts: the kindcentrum as it is (or a new one), changed."""
    data = {
        "name": "IKC De Horizon",
        "wijk": "",
        "lead_organisation": "",
        "phase": "2",
        "criteria": ["shared_vision"],
        "legal_form": "covenant",
        "housing": "several_buildings",
        "ihp_year": "",
        "age_from": "0",
        "age_to": "12",
        "vision": "Samen voor elk kind.",
        "is_active": "on",
    }
    if kindcentrum is not None:
        data.update(
            name=kindcentrum.name,
            wijk=kindcentrum.wijk_id,
            lead_organisation=kindcentrum.lead_organisation_id,
            phase=kindcentrum.phase,
            criteria=[c for c in CRITERIA if getattr(kindcentrum, c)],
            legal_form=kindcentrum.legal_form,
            housing=kindcentrum.housing,
            ihp_year=kindcentrum.ihp_year or "",
            age_from=kindcentrum.age_from,
            age_to=kindcentrum.age_to,
            vision=kindcentrum.vision,
            version=kindcentrum.version,
        )
    if criteria is not None:
        data["criteria"] = list(criteria)
    data.update(changes)
    return data


SCORES = ("vision", "team", "leadership", "housing", "care", "parents")


def self_assessment_data(self_assessment=None, year=2025, scores=(2, 2, 2, 2, 2, 2), **changes):
    data = {"year": year}
    for dimension, score in zip(SCORES, scores, strict=True):
        data[f"{dimension}_score"] = score
        data[f"{dimension}_note"] = ""
    if self_assessment is not None:
        data["year"] = self_assessment.year
        data["version"] = self_assessment.version
        for dimension in SCORES:
            data[f"{dimension}_score"] = getattr(self_assessment, f"{dimension}_score")
            data[f"{dimension}_note"] = getattr(self_assessment, f"{dimension}_note")
    data.update(changes)
    return data


@pytest.fixture
def kindcentrum_a(organisation_a):
    """A kindcentrum led by organisation A, so director_a keeps it current."""
    return KindcentrumFactory(name="Kindcentrum De Linde", lead_organisation=organisation_a)

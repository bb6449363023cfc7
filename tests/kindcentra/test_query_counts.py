"""The pages of kindcentra, self-assessments and wijken ask a fixed number of queries, however
many kindcentra, locations, self-assessments and changes there are (two data sizes, equal)."""

import itertools

import pytest
from django.urls import reverse

from tests.kindcentra.factories import (
    KindcentrumFactory,
    KindcentrumLocationFactory,
    SelfAssessmentFactory,
)
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, SchoolLocationFactory
from tests.partners.registers import add_provenance
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db

# A cycle, not an iterator that runs out: mutmut runs these tests many times in one process.
YEARS = itertools.cycle(range(2000, 2100))


def grow(kindcentrum, times=1):
    """More locations, self-assessments, kindcentra and changes, in the same wijk."""
    for _ in range(times):
        for location in (
            SchoolLocationFactory(wijk=kindcentrum.wijk),
            LocationFactory(wijk=kindcentrum.wijk),
        ):
            KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location)
        SelfAssessmentFactory(kindcentrum=kindcentrum, year=next(YEARS))
        other = KindcentrumFactory(wijk=kindcentrum.wijk)
        KindcentrumLocationFactory(kindcentrum=other, location=LocationFactory())
        SelfAssessmentFactory(kindcentrum=other)
        LocationFactory(wijk=kindcentrum.wijk)
        kindcentrum.vision = f"Visie {next(YEARS)}"
        kindcentrum.save()
        kindcentrum.wijk.children_0_4 += 1
        kindcentrum.wijk.save()


@pytest.fixture
def officer(client_for, policy_officer):
    return client_for(policy_officer)


@pytest.fixture
def kindcentrum(organisation_a):
    kindcentrum = KindcentrumFactory(lead_organisation=organisation_a)
    grow(kindcentrum)
    return kindcentrum


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("kindcentra:kindcentrum_list", 7),
        ("kindcentra:self_assessment_list", 7),
        ("kindcentra:wijk_list", 6),
    ],
)
def test_lists(officer, kindcentrum, url_name, expected):
    url = reverse(url_name)
    assert_query_count_constant(officer, url, lambda: grow(kindcentrum, 3), expected)


# The kindcentrum page includes the budgets app's panel (3 queries) and the housing app's
# buildings (1: the buildings of its locations); panels render in the page's own context.
KINDCENTRUM_PAGE = 14


def test_kindcentrum_detail(officer, kindcentrum):
    url = kindcentrum.get_absolute_url()
    assert_query_count_constant(officer, url, lambda: grow(kindcentrum, 3), KINDCENTRUM_PAGE)


def test_kindcentrum_detail_for_the_lead_director(client_for, director_a, kindcentrum):
    url = kindcentrum.get_absolute_url()
    assert_query_count_constant(
        client_for(director_a), url, lambda: grow(kindcentrum, 3), KINDCENTRUM_PAGE
    )


def test_self_assessment_detail(officer, kindcentrum):
    self_assessment = kindcentrum.self_assessments.first()

    def grow_and_edit():
        grow(kindcentrum, 3)
        for score in (1, 2, 3):
            self_assessment.team_score = score
            self_assessment.save()

    assert_query_count_constant(officer, self_assessment.get_absolute_url(), grow_and_edit, 7)


def test_wijk_detail(officer, kindcentrum):
    url = kindcentrum.wijk.get_absolute_url()

    # 9: the unread notifications in the header; the dashboard's panel (reports), the
    # provenance panel (partners) and the places panel (housing), rendered in the page's own
    # context (the gemeente is read once); the provenance panel's query.
    def grow_with_provenance():
        grow(kindcentrum, 3)
        add_provenance(kindcentrum.wijk, "name", "children_0_4", "children_4_12")

    assert_query_count_constant(officer, url, grow_with_provenance, 9)


@pytest.mark.parametrize(
    ("url_name", "of", "expected"),
    [
        ("kindcentra:kindcentrum_edit", lambda kindcentrum: kindcentrum, 7),
        ("kindcentra:kindcentrum_location_add", lambda kindcentrum: kindcentrum, 6),
        (
            "kindcentra:self_assessment_edit",
            lambda kindcentrum: kindcentrum.self_assessments.first(),
            5,
        ),
        ("kindcentra:wijk_edit", lambda kindcentrum: kindcentrum.wijk, 5),
    ],
)
def test_edit_pages(officer, kindcentrum, url_name, of, expected):
    WijkFactory()  # more than one of everything, so the page shows the one it was asked for
    url = reverse(url_name, args=[of(kindcentrum).pk])
    assert_query_count_constant(officer, url, lambda: grow(kindcentrum, 3), expected)

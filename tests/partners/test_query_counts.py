"""The pages of organisations and locations ask a fixed number of queries, however many
organisations, locations, members, kindcentra and changes there are (two data sizes, equal)."""

import pytest
from django.urls import reverse

from kindportaal.roles import Role
from tests.agenda.factories import AgreementFactory
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    SchoolLocationFactory,
)
from tests.partners.registers import add_provenance
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db


def grow_network(organisation, times=1):
    """More of everything an organisation's or location's page and the lists show."""
    for _ in range(times):
        other = OrganisationFactory()
        AgreementFactory(owner=organisation, parties=[organisation, other])
        AgreementFactory(owner=other, parties=[other, organisation])
        school = SchoolLocationFactory(organisation=organisation)
        LocationFactory(organisation=other)
        kindcentrum = KindcentrumFactory(lead_organisation=organisation)
        KindcentrumLocationFactory(kindcentrum=kindcentrum, location=school)
        KindcentrumLocationFactory(
            kindcentrum=KindcentrumFactory(), location=LocationFactory(organisation=organisation)
        )
        MembershipFactory(user=UserFactory(role=Role.PARTNER_DIRECTOR), organisation=organisation)
        organisation.phone = f"010 000 00 {times:02d}"
        organisation.save()
        add_provenance(organisation, "name", "kvk_number")
        add_provenance(school, "name", "pupils", "postcode", "organisation")


@pytest.fixture
def officer(client_for, policy_officer):
    return client_for(policy_officer)


def test_organisation_list(officer, organisation_a):
    grow_network(organisation_a)
    url = reverse("partners:organisation_list")
    assert_query_count_constant(officer, url, lambda: grow_network(organisation_a, 3), 7)


# The organisation page includes the agenda app's panel of its agreements (1 query of the
# agenda's tables), the kindcentra app's panel, the budgets app's panel (3) and the provenance
# panel (1: its query); panels render in the page's own context, which read the gemeente once.
# With agreements in the data (grow_network makes them now) the page asks one query more than
# the 12 these add up to; the count is constant either way, which is what this test pins.
ORGANISATION_PAGE = 13


def test_organisation_detail(officer, organisation_a):
    grow_network(organisation_a)
    url = organisation_a.get_absolute_url()
    assert_query_count_constant(
        officer, url, lambda: grow_network(organisation_a, 3), ORGANISATION_PAGE
    )


def test_organisation_detail_for_its_director(client_for, director_a, organisation_a):
    grow_network(organisation_a)
    url = organisation_a.get_absolute_url()
    assert_query_count_constant(
        client_for(director_a), url, lambda: grow_network(organisation_a, 3), ORGANISATION_PAGE
    )


def test_location_list(officer, organisation_a):
    grow_network(organisation_a)
    url = reverse("partners:location_list")
    assert_query_count_constant(officer, url, lambda: grow_network(organisation_a, 3), 7)


def test_location_detail(officer, organisation_a):
    location = SchoolLocationFactory(organisation=organisation_a)
    KindcentrumLocationFactory(kindcentrum=KindcentrumFactory(), location=location)

    def grow():
        grow_network(organisation_a, 3)
        for number in range(3):
            location.pupils = 100 + number
            location.save()
        add_provenance(location, "name", "pupils", "street", "city")

    # 10: with the provenance panel's query.
    assert_query_count_constant(officer, location.get_absolute_url(), grow, 10)


def test_location_edit(officer, organisation_a):
    location = SchoolLocationFactory(organisation=organisation_a)
    url = reverse("partners:location_edit", args=[location.pk])
    assert_query_count_constant(officer, url, lambda: grow_network(organisation_a, 3), 7)

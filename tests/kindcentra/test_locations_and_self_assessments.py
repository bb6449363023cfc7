"""The locations of a kindcentrum (each in at most one) and its yearly self-assessments."""

import pytest
from django.urls import reverse

from kindcentra.models import KindcentrumLocation, SelfAssessment
from tests.kindcentra.conftest import self_assessment_data, text
from tests.kindcentra.factories import (
    KindcentrumFactory,
    KindcentrumLocationFactory,
    SelfAssessmentFactory,
)
from tests.partners.factories import LocationFactory

pytestmark = pytest.mark.django_db


# Locations


def test_the_lead_director_adds_locations_of_other_organisations(
    client_for, director_a, kindcentrum_a, organisation_b
):
    opvang = LocationFactory(organisation=organisation_b, name="KDV De Boomhut")
    client = client_for(director_a)
    response = client.post(
        reverse("kindcentra:kindcentrum_location_add", args=[kindcentrum_a.pk]),
        {"location": opvang.pk},
    )
    assert response["Location"] == kindcentrum_a.get_absolute_url()
    assert KindcentrumLocation.objects.get().location == opvang
    page = text(client.get(kindcentrum_a.get_absolute_url()))
    assert "locatie toegevoegd door Jeroen de Vries (KDV De Boomhut)" in page


def test_the_add_page_offers_free_locations_in_the_wijk_and_finds_others(
    client_for, policy_officer, kindcentrum_a
):
    free_here = LocationFactory(name="KDV Hier Vrij", wijk=kindcentrum_a.wijk)
    taken_here = LocationFactory(name="KDV Hier Bezet", wijk=kindcentrum_a.wijk)
    KindcentrumLocationFactory(kindcentrum=KindcentrumFactory(), location=taken_here)
    elsewhere = LocationFactory(name="KDV Elders")
    url = reverse("kindcentra:kindcentrum_location_add", args=[kindcentrum_a.pk])
    client = client_for(policy_officer)
    html = client.get(url).content.decode()
    assert free_here.name in html
    assert taken_here.name not in html
    assert elsewhere.name not in html
    html = client.get(url, {"q": "elders"}).content.decode()
    assert elsewhere.name in html
    assert free_here.name not in html


def test_a_location_cannot_be_added_twice_or_to_two_kindcentra(
    client_for, policy_officer, kindcentrum_a
):
    mine, theirs = LocationFactory(name="KDV Mijn"), LocationFactory(name="KDV Hun")
    KindcentrumLocationFactory(kindcentrum=kindcentrum_a, location=mine)
    KindcentrumLocationFactory(
        kindcentrum=KindcentrumFactory(name="IKC De Overkant"), location=theirs
    )
    url = reverse("kindcentra:kindcentrum_location_add", args=[kindcentrum_a.pk])
    client = client_for(policy_officer)

    twice = client.post(url, {"location": mine.pk}).content.decode()
    assert 'id="id_location_error"' in twice
    assert "KDV Mijn hoort al bij dit kindcentrum." in twice

    elsewhere = client.post(url, {"location": theirs.pk}).content.decode()
    assert (
        "KDV Hun hoort al bij IKC De Overkant; een locatie hoort bij hooguit één kindcentrum."
        in (elsewhere)
    )
    assert KindcentrumLocation.objects.get(location=theirs).kindcentrum.name == "IKC De Overkant"
    assert KindcentrumLocation.objects.count() == 2


def test_a_location_that_does_not_exist_is_explained(client_for, policy_officer, kindcentrum_a):
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_location_add", args=[kindcentrum_a.pk]),
        {"location": "999999"},
    )
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_removing_a_location_frees_it_and_is_in_the_history(client_for, director_a, kindcentrum_a):
    location = LocationFactory(name="KDV De Boomhut")
    membership = KindcentrumLocationFactory(kindcentrum=kindcentrum_a, location=location)
    client = client_for(director_a)
    response = client.post(
        reverse("kindcentra:kindcentrum_location_remove", args=[kindcentrum_a.pk]),
        {"membership": membership.pk},
        follow=True,
    )
    html = text(response)
    assert "KDV De Boomhut hoort niet meer bij Kindcentrum De Linde." in html
    assert "locatie weggehaald door Jeroen de Vries (KDV De Boomhut)" in html
    assert not KindcentrumLocation.objects.exists()


def test_a_director_of_a_member_location_cannot_change_the_kindcentrums_locations(
    client_for, director_b, kindcentrum_a, organisation_b
):
    location = LocationFactory(organisation=organisation_b)
    membership = KindcentrumLocationFactory(kindcentrum=kindcentrum_a, location=location)
    response = client_for(director_b).post(
        reverse("kindcentra:kindcentrum_location_remove", args=[kindcentrum_a.pk]),
        {"membership": membership.pk},
    )
    assert response.status_code == 403
    assert KindcentrumLocation.objects.filter(pk=membership.pk).exists()


# Self-assessments


def test_the_lead_director_adds_a_self_assessment_that_the_chart_then_shows(
    client_for, director_a, kindcentrum_a
):
    client = client_for(director_a)
    response = client.post(
        reverse("kindcentra:self_assessment_create", args=[kindcentrum_a.pk]),
        self_assessment_data(year=2025, scores=(3, 2, 2, 4, 1, 2), vision_note="Gedeeld."),
    )
    assert response["Location"] == kindcentrum_a.get_absolute_url()
    self_assessment = SelfAssessment.objects.get()
    assert self_assessment.scores() == {
        "vision": 3,
        "team": 2,
        "leadership": 2,
        "housing": 4,
        "care": 1,
        "parents": 2,
    }
    html = client.get(kindcentrum_a.get_absolute_url()).content.decode()
    assert "Zelfevaluatie 2025" in html
    detail = client.get(self_assessment.get_absolute_url()).content.decode()
    assert "Gedeeld." in detail
    assert "aangemaakt door Jeroen de Vries" in detail


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"care_score": 5}, "care_score", "Een score is maximaal 4."),
        ({"team_score": 0}, "team_score", "Een score is minimaal 1."),
        ({"vision_score": ""}, "vision_score", "Dit veld is verplicht."),
        ({"year": 1999}, "year", "Zorg ervoor dat deze waarde minstens 2000 is."),
        ({"parents_note": "x" * 1001}, "parents_note", "niet meer dan 1000 tekens"),
    ],
)
def test_bad_scores_and_notes_get_a_dutch_message_at_the_field(
    client_for, policy_officer, kindcentrum_a, changes, field, message
):
    response = client_for(policy_officer).post(
        reverse("kindcentra:self_assessment_create", args=[kindcentrum_a.pk]),
        self_assessment_data(**changes),
    )
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not SelfAssessment.objects.exists()


def test_one_self_assessment_per_year(client_for, policy_officer, kindcentrum_a):
    SelfAssessmentFactory(kindcentrum=kindcentrum_a, year=2025)
    response = client_for(policy_officer).post(
        reverse("kindcentra:self_assessment_create", args=[kindcentrum_a.pk]),
        self_assessment_data(year=2025),
    )
    html = response.content.decode()
    assert 'id="id_year_error"' in html
    assert "Dit kindcentrum heeft al een zelfevaluatie over 2025." in html
    assert SelfAssessment.objects.count() == 1


def test_concurrent_edits_of_a_self_assessment_give_a_conflict(
    client_for, policy_officer, director_a, kindcentrum_a
):
    self_assessment = SelfAssessmentFactory(kindcentrum=kindcentrum_a, year=2024)
    url = reverse("kindcentra:self_assessment_edit", args=[self_assessment.pk])
    opened = self_assessment_data(self_assessment)
    assert client_for(director_a).post(url, {**opened, "team_score": 3}).status_code == 302
    response = client_for(policy_officer).post(url, {**opened, "care_score": 4})
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "team: “2” werd “3”" in html
    self_assessment.refresh_from_db()
    assert (self_assessment.team_score, self_assessment.care_score) == (3, 2)


def test_deleting_a_self_assessment(client_for, director_a, kindcentrum_a):
    self_assessment = SelfAssessmentFactory(kindcentrum=kindcentrum_a)
    response = client_for(director_a).post(
        reverse("kindcentra:self_assessment_delete", args=[self_assessment.pk]),
        {"version": self_assessment.version},
    )
    assert response["Location"] == kindcentrum_a.get_absolute_url()
    assert not SelfAssessment.objects.exists()


def test_others_cannot_write_a_self_assessment(
    client_for, director_b, council_member, kindcentrum_a
):
    self_assessment = SelfAssessmentFactory(kindcentrum=kindcentrum_a, year=2024)
    for person in (director_b, council_member):
        client = client_for(person)
        created = client.post(
            reverse("kindcentra:self_assessment_create", args=[kindcentrum_a.pk]),
            self_assessment_data(year=2025),
        )
        edited = client.post(
            reverse("kindcentra:self_assessment_edit", args=[self_assessment.pk]),
            self_assessment_data(self_assessment, team_score=4),
        )
        assert (created.status_code, edited.status_code) == (403, 403)
    assert list(SelfAssessment.objects.values_list("year", "team_score")) == [(2024, 2)]


def test_self_assessment_list_filters_and_exports_the_scores(client_for, council_member):
    linde = KindcentrumFactory(name="IKC De Linde")
    SelfAssessmentFactory(kindcentrum=linde, year=2024, vision_score=2)
    SelfAssessmentFactory(kindcentrum=linde, year=2025, vision_score=4)
    SelfAssessmentFactory(kindcentrum=KindcentrumFactory(name="IKC De Eik"), year=2025)
    client = client_for(council_member)
    url = reverse("kindcentra:self_assessment_list")
    html = client.get(url, {"year": 2025}).content.decode()
    assert "IKC De Eik" in html and "2 resultaten" in html
    exported = b"".join(
        client.get(url, {"q": "linde", "sort": "-year", "export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    lines = exported.strip().splitlines()
    assert lines[0].startswith("Kindcentrum;Jaar;Wijk;Visie;Team")
    assert [line.split(";")[1:4:2] for line in lines[1:]] == [["2025", "4"], ["2024", "2"]]

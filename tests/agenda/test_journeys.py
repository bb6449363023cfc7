"""Journeys that explain themselves: an agreement says what it waits for and from whom, offers only
what can be done now and says why the rest cannot, and a refusal names the real reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agenda import services
from agenda.models import AgreementStatus
from kindportaal.roles import Role
from tests.agenda.factories import confirm
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus


def _page(client_for, user, agreement):
    response = client_for(user).get(agreement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _report(agreement, director, organisation, reported_on=None):
    return services.progress_update_create(
        agreement=agreement,
        by=director,
        organisation=organisation,
        reported_on=reported_on or timezone.localdate(),
        text="Gestart met de eerste scholingsdag.",
        health="on_track",
        percent_complete=10,
    )


def test_a_proposed_agreement_says_whose_confirmation_it_waits_for(
    proposed, organisation_a, organisation_b, director_a, client_for
):
    page = _page(client_for, director_a, proposed)
    assert (
        "Wacht op bevestiging van Kinderopvang De Boomhut en Stichting Openbaar Onderwijs Noord."
        in page
    )
    confirm(proposed, organisation_a, director_a)
    page = _page(client_for, director_a, proposed)
    assert "Wacht op bevestiging van Kinderopvang De Boomhut." in page
    assert "Stichting Openbaar Onderwijs Noord." not in page.split("kp-waiting")[1][:300]


def test_a_proposed_agreement_names_the_parties_that_declined(
    proposed, organisation_a, organisation_b, director_a, director_b, council_member, client_for
):
    waiting = "afgewezen: wacht op de gemeente om de afspraak aan te passen of te laten vervallen."
    said = {}
    for organisation, director in ((organisation_b, director_b), (organisation_a, director_a)):
        services.agreement_answer(
            agreement=proposed,
            organisation=organisation,
            by=director,
            decision="declined",
            reason="Geen budget voor scholing.",
            version_number=proposed.revision,
        )
        said[organisation] = _page(client_for, council_member, proposed)
    assert f"Kinderopvang De Boomhut heeft deze versie {waiting}" in said[organisation_b]
    assert (
        "Kinderopvang De Boomhut en Stichting Openbaar Onderwijs Noord hebben deze versie "
        f"{waiting}"
    ) in said[organisation_a]
    assert "Wacht op bevestiging" not in said[organisation_a]


def test_a_party_director_reads_when_a_draft_can_be_confirmed(
    draft, director_b, policy_officer, council_member, client_for
):
    reason = "Bevestigen kan zodra de afspraak aan de partijen is voorgelegd."
    assert reason in _page(client_for, director_b, draft)
    assert reason not in _page(client_for, policy_officer, draft)
    assert reason not in _page(client_for, council_member, draft)
    services.agreement_transition(
        agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
    )
    page = _page(client_for, director_b, draft)
    assert reason not in page
    assert reverse("agenda:agreement_answer", args=[draft.pk]) in page


def test_the_page_offers_each_person_the_steps_they_may_take_now(
    proposed, director_a, policy_officer, council_member, client_for
):
    page = _page(client_for, policy_officer, proposed)
    for action in ("withdraw", "lapse"):
        assert reverse("agenda:agreement_transition", args=[proposed.pk, action]) in page
    assert "Terugtrekken naar concept" in page
    assert "Laten vervallen" in page
    assert reverse("agenda:agreement_transition", args=[proposed.pk, "propose"]) not in page
    lapse_url = reverse("agenda:agreement_transition", args=[proposed.pk, "lapse"])
    for user in (director_a, council_member):
        page = _page(client_for, user, proposed)
        assert lapse_url not in page
        assert "Laten vervallen" not in page


def test_a_director_of_another_organisation_has_nothing_to_answer(
    draft, policy_officer, client_for
):
    outsider = UserFactory(role=Role.PARTNER_DIRECTOR)
    MembershipFactory(user=outsider, organisation=OrganisationFactory())
    assert "Bevestigen kan zodra" not in _page(client_for, outsider, draft)
    services.agreement_transition(
        agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
    )
    response = client_for(outsider).get(reverse("agenda:agreement_answer", args=[draft.pk]))
    assert response.status_code == 403


def test_after_confirming_the_button_is_gone_and_the_answer_shown(
    proposed, organisation_a, director_a, client_for
):
    answer_url = reverse("agenda:agreement_answer", args=[proposed.pk])
    assert answer_url in _page(client_for, director_a, proposed)
    confirm(proposed, organisation_a, director_a)
    page = _page(client_for, director_a, proposed)
    assert answer_url not in page
    assert "Bevestigen of afwijzen" not in page
    assert "Je antwoord voor Stichting Openbaar Onderwijs Noord: bevestigd door" in page


def test_the_page_says_why_progress_cannot_be_reported_yet(
    proposed, organisation_a, director_a, client_for
):
    confirm(proposed, organisation_a, director_a)
    page = _page(client_for, director_a, proposed)
    assert reverse("agenda:progress_create", args=[proposed.pk]) not in page
    assert "Voortgang rapporteren kan zodra alle partijen de afspraak hebben bevestigd." in page


def test_the_progress_refusal_names_the_agreements_state_not_the_role(
    proposed, organisation_a, director_a, client_for
):
    confirm(proposed, organisation_a, director_a)
    response = client_for(director_a).get(reverse("agenda:progress_create", args=[proposed.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Voortgang rapporteren kan zodra alle partijen de afspraak hebben bevestigd." in page
    assert "Met je rol mag je dit niet" not in page


def test_a_closed_agreement_says_it_can_no_longer_be_changed(draft, policy_officer, client_for):
    draft.status = S.LAPSED
    draft.save(update_fields=["status"])
    response = client_for(policy_officer).get(reverse("agenda:agreement_edit", args=[draft.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Deze afspraak is vervallen en kan niet meer worden gewijzigd" in page
    assert "Met je rol mag je dit niet" not in page


def test_the_owners_director_hears_that_only_a_draft_is_theirs_to_change(
    proposed, director_a, director_b, client_for
):
    url = reverse("agenda:agreement_edit", args=[proposed.pk])
    response = client_for(director_a).get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Deze afspraak is voorgesteld: de eigenaar wijzigt haar alleen zolang" in page
    assert "Vraag een beleidsmedewerker van de gemeente" in page
    # A party that does not own it was never going to change it: the role is the reason.
    response = client_for(director_b).get(url)
    assert response.status_code == 403
    assert "de eigenaar wijzigt haar" not in response.content.decode()


def test_a_lapsed_agreement_says_no_more_progress_is_reported(
    adopted, director_b, policy_officer, client_for
):
    services.agreement_transition(
        agreement=adopted, action="lapse", by=policy_officer, expected_version=adopted.version
    )
    reason = "Deze afspraak is vervallen: er wordt geen voortgang meer op gerapporteerd."
    assert reason in _page(client_for, director_b, adopted)
    response = client_for(director_b).get(reverse("agenda:progress_create", args=[adopted.pk]))
    assert response.status_code == 403
    assert reason in response.content.decode()


def test_an_outsider_is_still_refused_for_their_role(proposed, council_member, client_for):
    response = client_for(council_member).get(reverse("agenda:progress_create", args=[proposed.pk]))
    assert response.status_code == 403
    assert "Voortgang rapporteren kan zodra" not in response.content.decode()


def test_an_adopted_agreement_waits_for_its_first_progress_update(adopted, director_b, client_for):
    page = _page(client_for, director_b, adopted)
    assert "Bevestigd door alle partijen: wacht op de eerste voortgangsrapportage." in page
    assert reverse("agenda:progress_create", args=[adopted.pk]) in page


def test_the_first_progress_update_puts_the_agreement_in_progress_with_history(
    adopted, director_b, organisation_b, client_for
):
    reported_on = timezone.localdate() - datetime.timedelta(days=3)
    _report(adopted, director_b, organisation_b, reported_on)
    adopted.refresh_from_db()
    assert adopted.status == S.IN_PROGRESS
    assert adopted.started_on == reported_on
    page = _page(client_for, director_b, adopted)
    assert "In uitvoering sinds de eerste voortgangsrapportage" in page
    # A second update changes nothing about the status.
    _report(adopted, director_b, organisation_b)
    adopted.refresh_from_db()
    assert (adopted.status, adopted.started_on) == (S.IN_PROGRESS, reported_on)


def test_progress_dated_before_the_start_is_refused_in_dutch(
    adopted, director_b, organisation_b, client_for
):
    response = client_for(director_b).post(
        reverse("agenda:progress_create", args=[adopted.pk]),
        {
            "organisation": organisation_b.pk,
            "reported_on": "2024-12-31",
            "health": "on_track",
            "percent_complete": 5,
            "text": "Al voor de start begonnen.",
        },
    )
    assert response.status_code == 200
    assert (
        "De datum kan niet voor de start van de afspraak liggen, op 1 januari 2025."
        in response.content.decode()
    )
    assert not adopted.progress_updates.exists()
    with pytest.raises(ValidationError):
        _report(adopted, director_b, organisation_b, datetime.date(2024, 12, 31))


def test_a_draft_says_it_waits_to_be_proposed(draft, director_b, client_for):
    page = _page(client_for, director_b, draft)
    assert "Concept: wacht op het voorstel aan de partijen door Stichting Openbaar" in page
    assert "Bevestigen kan zodra de afspraak aan de partijen is voorgelegd." in page


def test_the_organisation_page_lists_its_agreements_with_status_and_health(
    adopted, draft, director_b, organisation_b, client_for
):
    _report(adopted, director_b, organisation_b)
    response = client_for(director_b).get(organisation_b.get_absolute_url())
    page = response.content.decode()
    panel = page[page.index('id="organisation-agreements-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert adopted.get_absolute_url() in panel and draft.get_absolute_url() in panel
    assert "In uitvoering" in panel and "Op koers" in panel
    assert "Partij" in panel


def test_filters_have_one_empty_choice_and_no_optional_marks(policy_officer, client_for):
    page = client_for(policy_officer).get(reverse("agenda:agreement_list")).content.decode()
    filters = page[page.index('class="kp-filters"') :]
    filters = filters[: filters.index("</form>")]
    assert "---------" not in filters
    assert "niet verplicht" not in filters
    assert "Alle statussen" not in filters
    assert filters.count('<option value="" selected>Alle</option>') == 6

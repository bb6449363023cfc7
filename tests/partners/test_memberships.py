"""Who acts for which organisation: the policy officer manages it, also when inviting someone."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from kindportaal.models import User
from kindportaal.roles import Role
from kindportaal.services import invitation_create
from partners.models import Membership, Organisation
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def invite(client, capture, **data):
    payload = {"full_name": "Pieter Jansen", "email": "pieter@example.org"}
    payload.update(data)
    with capture(execute=True):
        return client.post(reverse("kindportaal:invitation_create"), payload)


def test_invitation_of_a_partner_director_makes_them_a_member_of_the_chosen_organisations(
    client_for, policy_officer, organisation_a, organisation_b, django_capture_on_commit_callbacks
):
    response = invite(
        client_for(policy_officer),
        django_capture_on_commit_callbacks,
        role=Role.PARTNER_DIRECTOR,
        organisations=[organisation_a.pk, organisation_b.pk],
    )
    assert response.status_code == 302
    invitee = User.objects.get(email="pieter@example.org")
    assert not invitee.is_active
    assert set(invitee.memberships.values_list("organisation", flat=True)) == {
        organisation_a.pk,
        organisation_b.pk,
    }
    assert len(mail.outbox) == 1
    page = client_for(policy_officer).get(organisation_a.get_absolute_url()).content.decode()
    assert "Pieter Jansen (pieter@example.org)" in page
    assert "(nog) niet actief" in page


def test_a_partner_director_needs_an_organisation_and_others_none(
    client_for, policy_officer, organisation_a, django_capture_on_commit_callbacks
):
    client = client_for(policy_officer)
    without = invite(client, django_capture_on_commit_callbacks, role=Role.PARTNER_DIRECTOR)
    html = without.content.decode()
    assert 'id="id_organisations_error"' in html
    assert "Kies de organisatie(s) namens wie deze partnerbestuurder optreedt." in html

    council = invite(
        client,
        django_capture_on_commit_callbacks,
        role=Role.COUNCIL_MEMBER,
        organisations=[organisation_a.pk],
    )
    assert "Alleen een partnerbestuurder hoort bij een organisatie" in council.content.decode()
    assert not User.objects.filter(email="pieter@example.org").exists()
    assert mail.outbox == []


def test_inviting_again_replaces_the_organisations_of_someone_who_has_not_accepted(
    client_for, policy_officer, organisation_a, organisation_b, django_capture_on_commit_callbacks
):
    client = client_for(policy_officer)
    invite(
        client,
        django_capture_on_commit_callbacks,
        role=Role.PARTNER_DIRECTOR,
        organisations=[organisation_a.pk],
    )
    invite(
        client,
        django_capture_on_commit_callbacks,
        role=Role.PARTNER_DIRECTOR,
        organisations=[organisation_b.pk],
    )
    invitee = User.objects.get(email="pieter@example.org")
    assert list(invitee.memberships.values_list("organisation", flat=True)) == [organisation_b.pk]


def test_an_invitation_whose_memberships_fail_is_not_sent_at_all(
    policy_officer, organisation_a, django_capture_on_commit_callbacks
):
    unsaved = Organisation(name="Nog niet opgeslagen", kind="childcare")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        invitation_create(
            invited_by=policy_officer,
            email="pieter@example.org",
            full_name="Pieter Jansen",
            role=Role.PARTNER_DIRECTOR,
            extra={"organisations": [organisation_a, unsaved]},
        )
    assert not User.objects.filter(email="pieter@example.org").exists()
    assert not Membership.objects.filter(organisation=organisation_a).exists()
    assert mail.outbox == []


def test_policy_officer_adds_and_removes_a_partner_director(
    client_for, policy_officer, organisation_b, director_a
):
    client = client_for(policy_officer)
    response = client.post(
        reverse("partners:membership_create", args=[organisation_b.pk]), {"user": director_a.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=director_a, organisation=organisation_b).exists()
    # director_a now keeps organisation B current as well
    edit = client_for(director_a).get(
        reverse("partners:organisation_edit", args=[organisation_b.pk])
    )
    assert edit.status_code == 200

    again = client.post(
        reverse("partners:membership_create", args=[organisation_b.pk]), {"user": director_a.pk}
    )
    assert "Jeroen de Vries hoort al bij deze organisatie." in again.content.decode()

    membership = Membership.objects.get(user=director_a, organisation=organisation_b)
    client.post(
        reverse("partners:membership_delete", args=[organisation_b.pk]),
        {"membership": membership.pk},
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_only_partner_directors_can_become_members(client_for, policy_officer, organisation_b):
    council_member = UserFactory(role=Role.COUNCIL_MEMBER)
    response = client_for(policy_officer).post(
        reverse("partners:membership_create", args=[organisation_b.pk]),
        {"user": council_member.pk},
    )
    assert 'id="id_user_error"' in response.content.decode()
    assert not Membership.objects.filter(user=council_member).exists()


def test_removing_a_membership_of_another_organisation_changes_nothing(
    client_for, policy_officer, organisation_a, director_b
):
    membership = director_b.memberships.get()
    response = client_for(policy_officer).post(
        reverse("partners:membership_delete", args=[organisation_a.pk]),
        {"membership": membership.pk},
        follow=True,
    )
    assert "Deze persoon hoort niet (meer) bij de organisatie." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_director_cannot_manage_memberships(client_for, director_a, organisation_a, director_b):
    response = client_for(director_a).post(
        reverse("partners:membership_create", args=[organisation_a.pk]), {"user": director_b.pk}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=director_b, organisation=organisation_a).exists()


def test_a_directors_home_lists_the_organisations_they_act_for(client_for, director_a):
    html = client_for(director_a).get(reverse("kindportaal:home")).content.decode()
    assert "Jouw organisatie" in html
    assert "Stichting Openbaar Onderwijs Noord" in html


def test_a_director_acts_for_the_organisation_of_their_membership_whatever_its_number(
    client_for, organisation_a, organisation_b
):
    director = UserFactory(role=Role.PARTNER_DIRECTOR)
    # The membership's own number is another organisation's: only organisation_a is theirs.
    MembershipFactory(id=organisation_b.pk, user=director, organisation=organisation_a)
    client = client_for(director)
    own, other = (
        reverse("partners:organisation_edit", args=[organisation.pk])
        for organisation in (organisation_a, organisation_b)
    )
    assert "Stichting Openbaar Onderwijs Noord" in client.get(own).content.decode()
    assert client.get(other).status_code == 403

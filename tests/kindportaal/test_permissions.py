"""The portal's own predicates, per persona: who counts as which role, that a deactivated
account counts as nobody, and who may deactivate whom."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from kindportaal import permissions as p
from kindportaal.roles import Role
from tests.kindportaal.factories import UserFactory

pytestmark = pytest.mark.django_db

PREDICATES = {
    "can_read_portal": {"council_member", "director_a", "policy_officer", "administrator"},
    "is_policy_officer": {"policy_officer"},
    "is_partner_director": {"director_a"},
    "is_council_member": {"council_member"},
    "is_administrator": {"administrator"},
    "can_manage_users": {"policy_officer"},
}


@pytest.mark.parametrize("predicate", PREDICATES)
def test_each_role_is_itself_and_a_deactivated_account_is_nobody(personas, predicate):
    check = getattr(p, predicate)
    allowed = {
        name
        for name in ["council_member", "director_a", "policy_officer", "administrator"]
        if check(personas[name])
    }
    assert allowed == PREDICATES[predicate]
    assert not check(AnonymousUser())
    for name in PREDICATES[predicate]:
        user = personas[name]
        user.is_active = False
        assert not check(user), f"{predicate} for a deactivated {name}"


def test_someone_without_a_portal_role_reads_nothing():
    # The database allows no such account (user_role_valid); the predicate does not rely on it.
    assert not p.can_read_portal(UserFactory.build(role="", is_active=True))


def test_a_policy_officer_deactivates_others_but_not_themselves_or_a_beheerder(personas):
    officer = personas["policy_officer"]
    assert p.can_deactivate_user(officer, personas["council_member"])
    assert p.can_deactivate_user(officer, personas["director_a"])
    assert p.can_deactivate_user(officer, UserFactory(role=Role.POLICY_OFFICER))
    assert not p.can_deactivate_user(officer, officer)
    assert not p.can_deactivate_user(officer, personas["administrator"])
    assert not p.can_deactivate_user(personas["administrator"], personas["council_member"])
    assert not p.can_deactivate_user(personas["council_member"], personas["director_a"])


def test_a_view_behind_a_predicate_answers_only_those_it_allows(personas):
    @p.permission_required(p.is_policy_officer)
    def view(request, number):
        return HttpResponse(f"nummer {number}")

    request = RequestFactory().get("/")
    request.user = personas["policy_officer"]
    assert view(request, number=7).content == b"nummer 7"
    assert view.__name__ == "view"
    request.user = personas["council_member"]
    with pytest.raises(PermissionDenied):
        view(request, number=7)

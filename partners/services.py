"""Writes of organisations, locations and memberships. Views call these; nothing else writes."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kindportaal.models import User
from kindportaal.records import delete_checked, save_checked
from kindportaal.roles import Role
from partners.models import Location, Membership, Organisation

# Organisations


@transaction.atomic
def organisation_create(*, fields: Mapping[str, Any]) -> Organisation:
    return save_checked(Organisation(**fields))


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, changes: Mapping[str, Any], expected_version: int
) -> Organisation:
    """Save the changes unless someone else saved the organisation since `expected_version`."""
    return save_checked(organisation, changes=changes, expected_version=expected_version)


@transaction.atomic
def organisation_delete(*, organisation: Organisation, expected_version: int) -> Organisation:
    """Delete an organisation with its locations and memberships.

    Refused (DeletionRefused) while other records need it: a kindcentrum it leads, a location of
    it that belongs to a kindcentrum, an agreement it owns.
    """
    delete_checked(organisation, expected_version=expected_version)
    return organisation


# Locations


@transaction.atomic
def location_create(*, organisation: Organisation, fields: Mapping[str, Any]) -> Location:
    return save_checked(Location(organisation=organisation, **fields))


@transaction.atomic
def location_update(
    *, location: Location, changes: Mapping[str, Any], expected_version: int
) -> Location:
    return save_checked(location, changes=changes, expected_version=expected_version)


@transaction.atomic
def location_delete(*, location: Location, expected_version: int) -> Location:
    """Delete a location; refused while it belongs to a kindcentrum."""
    delete_checked(location, expected_version=expected_version)
    return location


# Memberships


def _check_member(user: User):
    if user.role != Role.PARTNER_DIRECTOR:
        raise ValidationError(
            {"user": _("Only partner directors can belong to an organisation.")}, code="role"
        )


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation) -> Membership:
    _check_member(user)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            {"user": _("%(name)s already belongs to this organisation.") % {"name": user}},
            code="unique",
        )
    return save_checked(Membership(user=user, organisation=organisation))


@transaction.atomic
def membership_delete(*, membership: Membership) -> Membership:
    delete_checked(membership)
    return membership


@transaction.atomic
def memberships_set(*, user: User, organisations: Iterable[Organisation]) -> None:
    """Make `user` a member of exactly `organisations` (used when inviting a partner director)."""
    wanted = list(organisations)
    if wanted:
        _check_member(user)
    keep = [organisation.pk for organisation in wanted if organisation.pk is not None]
    for membership in user.memberships.exclude(organisation_id__in=keep):
        delete_checked(membership)
    present = set(user.memberships.values_list("organisation_id", flat=True))
    for organisation in wanted:
        if organisation.pk not in present:
            save_checked(Membership(user=user, organisation=organisation))

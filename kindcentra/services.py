"""Writes of kindcentra, their locations and self-assessments, and of the wijken. Views call
these; nothing else writes."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kindcentra.models import Kindcentrum, KindcentrumLocation, SelfAssessment
from kindportaal.models import Wijk
from kindportaal.records import delete_checked, save_checked
from partners.models import Location

# Wijken


@transaction.atomic
def wijk_create(**fields: Any) -> Wijk:
    return save_checked(Wijk(**fields))


@transaction.atomic
def wijk_update(*, wijk: Wijk, expected_version: int, **changes: Any) -> Wijk:
    return save_checked(wijk, changes=changes, expected_version=expected_version)


# Kindcentra


@transaction.atomic
def kindcentrum_create(**fields: Any) -> Kindcentrum:
    return save_checked(Kindcentrum(**fields))


@transaction.atomic
def kindcentrum_update(
    *, kindcentrum: Kindcentrum, expected_version: int, **changes: Any
) -> Kindcentrum:
    return save_checked(kindcentrum, changes=changes, expected_version=expected_version)


@transaction.atomic
def kindcentrum_delete(*, kindcentrum: Kindcentrum, expected_version: int) -> Kindcentrum:
    """Delete a kindcentrum with its self-assessments; its locations stay, free again."""
    delete_checked(kindcentrum, expected_version=expected_version)
    return kindcentrum


def location_taken_message(location: Location, membership: KindcentrumLocation | None, kindcentrum):
    """Why `location` cannot join `kindcentrum`, or None when it can."""
    if membership is None:
        return None
    if membership.kindcentrum_id == kindcentrum.pk:
        return _("%(location)s is already part of this kindcentrum.") % {"location": location}
    return _(
        "%(location)s already belongs to %(other)s; a location is part of at most one kindcentrum."
    ) % {"location": location, "other": membership.kindcentrum}


@transaction.atomic
def kindcentrum_location_add(
    *, kindcentrum: Kindcentrum, location: Location
) -> KindcentrumLocation:
    """Make `location` one of the kindcentrum's locations (a location is in at most one)."""
    location = Location.objects.select_for_update().filter(pk=location.pk).first()
    if location is None:
        raise ValidationError(
            {"location": _("This location has been deleted in the meantime.")}, code="deleted"
        )
    membership = (
        KindcentrumLocation.objects.filter(location=location).select_related("kindcentrum").first()
    )
    message = location_taken_message(location, membership, kindcentrum)
    if message:
        raise ValidationError({"location": message}, code="taken")
    return save_checked(KindcentrumLocation(kindcentrum=kindcentrum, location=location))


@transaction.atomic
def kindcentrum_location_remove(*, membership: KindcentrumLocation) -> KindcentrumLocation:
    delete_checked(membership)
    return membership


# Self-assessments


def year_taken_message(kindcentrum, year, *, exclude_pk=None):
    taken = SelfAssessment.objects.filter(kindcentrum=kindcentrum, year=year)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        return _("This kindcentrum already has a self-assessment for %(year)s.") % {"year": year}
    return None


@transaction.atomic
def self_assessment_create(*, kindcentrum: Kindcentrum, **fields: Any) -> SelfAssessment:
    message = year_taken_message(kindcentrum, fields.get("year"))
    if message:
        raise ValidationError({"year": message}, code="unique")
    return save_checked(SelfAssessment(kindcentrum=kindcentrum, **fields))


@transaction.atomic
def self_assessment_update(
    *, self_assessment: SelfAssessment, expected_version: int, **changes: Any
) -> SelfAssessment:
    if "year" in changes:
        message = year_taken_message(
            self_assessment.kindcentrum, changes["year"], exclude_pk=self_assessment.pk
        )
        if message:
            raise ValidationError({"year": message}, code="unique")
    return save_checked(self_assessment, changes=changes, expected_version=expected_version)


@transaction.atomic
def self_assessment_delete(
    *, self_assessment: SelfAssessment, expected_version: int
) -> SelfAssessment:
    delete_checked(self_assessment, expected_version=expected_version)
    return self_assessment

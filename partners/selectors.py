"""Reads of organisations and locations that need prefetching: each page asks a fixed number of
queries however large the network is."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from kindportaal.models import User
from kindportaal.roles import Role
from partners.models import Location, Membership, Organisation


def organisation_list():
    return Organisation.objects.annotate(location_count=Count("locations"))


def organisation_detail(pk):
    """An organisation with its locations (and their wijk) and its members."""
    return get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("wijk")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("user__full_name"),
            ),
        ),
        pk=pk,
    )


def location_list():
    return Location.objects.select_related("organisation", "wijk")


def location_detail(pk):
    return get_object_or_404(Location.objects.select_related("organisation", "wijk"), pk=pk)


def organisations_of(user):
    """The organisations a person acts for, for their home page."""
    return Organisation.objects.filter(memberships__user=user).annotate(
        location_count=Count("locations")
    )


def partner_directors():
    """Everyone who can become a member of an organisation."""
    return User.objects.filter(role=Role.PARTNER_DIRECTOR).order_by("full_name", "email")

"""Pages of organisations and locations."""

from django.shortcuts import get_object_or_404, render

from kindportaal.permissions import can_read_portal, permission_required
from partners.models import Location, Organisation


@permission_required(can_read_portal)
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(request, "partners/organisation_detail.html", {"organisation": organisation})


@permission_required(can_read_portal)
def location_detail(request, pk):
    location = get_object_or_404(Location.objects.select_related("organisation", "wijk"), pk=pk)
    return render(request, "partners/location_detail.html", {"location": location})

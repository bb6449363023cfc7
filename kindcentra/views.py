"""Pages of kindcentra and wijken."""

from django.shortcuts import get_object_or_404, render

from kindcentra.models import Kindcentrum
from kindportaal.models import Wijk
from kindportaal.permissions import can_read_portal, permission_required


@permission_required(can_read_portal)
def kindcentrum_detail(request, pk):
    kindcentrum = get_object_or_404(
        Kindcentrum.objects.select_related("wijk", "lead_organisation"), pk=pk
    )
    return render(request, "kindcentra/kindcentrum_detail.html", {"kindcentrum": kindcentrum})


@permission_required(can_read_portal)
def wijk_detail(request, pk):
    wijk = get_object_or_404(Wijk, pk=pk)
    return render(request, "kindcentra/wijk_detail.html", {"wijk": wijk})

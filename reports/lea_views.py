"""The LEA document's pages: make a new version (beleidsmedewerkers), follow its job, download it
(everyone who reads the agenda). The job's state updates itself with htmx and on reload."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agenda.models import Agenda
from agenda.permissions import can_manage_agenda, can_read_agenda
from kindportaal.navigation import in_section
from kindportaal.permissions import permission_required
from reports import services
from reports.models import LeaDocument


def _document(pk):
    return get_object_or_404(LeaDocument.objects.select_related("agenda", "requested_by"), pk=pk)


@require_POST
@permission_required(can_manage_agenda)
def lea_request(request, agenda_pk):
    agenda = get_object_or_404(Agenda, pk=agenda_pk)
    document, created = services.lea_document_request(agenda=agenda, user=request.user)
    if created:
        messages.success(
            request,
            _("Version %(version)s of the LEA document has been requested; see its state here.")
            % {"version": document.version},
        )
    else:
        messages.info(
            request,
            _("Version %(version)s is already being made; you can follow it here.")
            % {"version": document.version},
        )
    return redirect(document)


@require_POST
@permission_required(can_manage_agenda)
def lea_publish(request, pk):
    """Offer this version on the public pages (`publish=1`) or take it off them."""
    document = _document(pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.lea_document_publish(document=document, is_public=publish)
    except services.LeaDocumentNotPublishable:
        messages.error(
            request,
            _("Only a made version of an adopted LEA period can be published."),
        )
        return redirect(document)
    if publish:
        messages.success(request, _("This version is offered for download on the public pages."))
    else:
        messages.success(request, _("This version is no longer on the public pages."))
    return redirect(document)


@require_safe
@permission_required(can_read_agenda)
@in_section("agenda:home")
def lea_document(request, pk):
    document = _document(pk)
    versions = list(document.agenda.lea_documents.order_by("-version"))
    return render(
        request,
        "reports/lea/document_page.html",
        {
            "document": document,
            "agenda": document.agenda,
            "versions": versions,
            "can_make": can_manage_agenda(request.user),
        },
    )


@require_safe
@permission_required(can_read_agenda)
def lea_status(request, pk):
    """The job's state alone: what htmx swaps in every two seconds while it runs."""
    return render(request, "reports/lea/_status.html", {"document": _document(pk)})


@require_safe
@permission_required(can_read_agenda)
def lea_download(request, pk):
    document = _document(pk)
    if not document.is_done or not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = document.sha256
    return response

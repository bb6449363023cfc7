"""The reports app: read-only compositions across the apps — the council's dashboard and the LEA
document. Everyone with a role in the portal reads them; beleidsmedewerkers make LEA documents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.navigation import NavItem, ObjectPanel
from kindportaal.permissions import can_read_portal


def _no_context(request, wijk):
    return {}


def _lea_panel(request, agenda):
    # No model imports at module level: this runs once the apps are loaded.
    from agenda.permissions import can_manage_agenda

    versions = list(agenda.lea_documents.order_by("-version")[:10])
    return {
        "versions": versions,
        "latest": versions[0] if versions else None,
        "can_make": can_manage_agenda(request.user),
    }


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    # LEA documents: whoever reads the agenda (as their download page, reports/lea_views.py).
    media_access = {"lea": can_read_portal}
    navigation = [
        NavItem(
            label=_("Dashboard"), url_name="reports:dashboard", order=50, visible=can_read_portal
        ),
    ]
    # The wijk's page (kindcentra app) links to everything the dashboard shows about the wijk.
    object_panels = [
        ObjectPanel(
            model="kindportaal.Wijk",
            template_name="reports/dashboard/wijk_panel.html",
            context=_no_context,
            order=500,
            visible=lambda user, wijk: can_read_portal(user),
        ),
        # The agenda's page (agenda app) offers its LEA document: make it, follow it, download.
        ObjectPanel(
            model="agenda.Agenda",
            template_name="reports/lea/agenda_panel.html",
            context=_lea_panel,
            order=500,
            visible=lambda user, agenda: can_read_portal(user),
        ),
    ]

    def ready(self):
        from reports.services import lea_documents_anonymise, lea_documents_prune

        # Of each agenda the last LEA_DOCUMENT_KEEP_VERSIONS versions are kept.
        self.retention_jobs = [lea_documents_prune]
        # The name of who asked for a version, and the PDFs that print it (kindportaal.anonymise).
        self.anonymise_jobs = [lea_documents_anonymise]

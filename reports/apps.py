"""The reports app: read-only compositions across the apps — the council's dashboard (and the LEA
document). Everyone with a role in the portal reads the dashboard; nobody changes anything here."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.navigation import NavItem, ObjectPanel
from kindportaal.permissions import can_read_portal


def _no_context(request, wijk):
    return {}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
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
    ]

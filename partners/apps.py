"""The partners app: the network's organisations, their locations, and who acts for them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.choices import ChoiceSource
from kindportaal.navigation import HomePanel, NavItem, ObjectPanel
from kindportaal.permissions import is_partner_director, is_policy_officer


def _own_organisations(request):
    from partners.selectors import organisations_of

    return {"organisations": organisations_of(request.user)}


def _organisations():
    from partners.models import Organisation

    return Organisation.objects.order_by("name")


def provenance_context(request, obj):
    """The panel *Herkomst* of an imported record (also housing's buildings)."""
    from partners.permissions import can_see_provenance_runs
    from partners.selectors import provenance_of

    return {
        "provenance": provenance_of(obj),
        "show_runs": can_see_provenance_runs(request.user),
    }


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    navigation = [
        NavItem(label=_("Organisations"), url_name="partners:organisation_list", order=30),
        NavItem(label=_("Locations"), url_name="partners:location_list", order=35),
        NavItem(
            label=_("Imports"),
            url_name="partners:import_list",
            order=37,
            visible=is_policy_officer,
        ),
    ]
    # "Provenance": where the imported values of a record came from (partners/registers).
    object_panels = [
        ObjectPanel(
            model=model,
            template_name="partners/panels/provenance.html",
            context=provenance_context,
            order=90,
        )
        for model in ("partners.Location", "partners.Organisation", "kindportaal.Wijk")
    ]
    # Organisations are chosen by typing part of their name (kindportaal.choices).
    choice_sources = [ChoiceSource(model="partners.Organisation", queryset=_organisations)]
    home_panels = [
        HomePanel(
            template_name="partners/home_panel.html",
            order=20,
            visible=is_partner_director,
            context=_own_organisations,
        )
    ]

    def ready(self):
        from partners.invitations import EXTENSION
        from partners.permissions import can_import_registers
        from partners.services import import_files_expire
        from partners.tasks import resubmit_import_runs

        # Uploaded register files: for those who import them.
        self.media_access = {"imports": can_import_registers}

        # Runs whose check or import was lost with the broker's queue are queued again.
        self.janitor_jobs = [resubmit_import_runs]

        # Uploaded register files are removed after IMPORT_FILE_RETENTION_DAYS.
        self.retention_jobs = [import_files_expire]

        # The invitation form lets the policy officer choose a partner director's organisations.
        self.invitation_extensions = [EXTENSION]

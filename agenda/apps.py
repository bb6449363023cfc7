"""The agenda app: the regie-agenda (LEA) with its themes, goals, agreements and meetings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.choices import ChoiceSource
from kindportaal.navigation import HomePanel, NavItem, ObjectPanel


def _my_agreements(request):
    from agenda.selectors import my_agreements

    return my_agreements(request.user)


def _agreements():
    from agenda.models import Agreement

    return Agreement.objects.order_by("title")


def _organisation_agreements(request, organisation):
    from agenda.selectors import agreements_of_organisation

    agreements, more = agreements_of_organisation(organisation)
    return {"agreements": agreements, "more": more}


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Regie-agenda")
    navigation = [
        NavItem(label=_("Agenda"), url_name="agenda:home", order=30),
        NavItem(label=_("Agreements"), url_name="agenda:agreement_list", order=31),
    ]
    choice_sources = [
        ChoiceSource(model="agenda.Agreement", queryset=_agreements, search_fields=("title",))
    ]
    # The agreements an organisation leads or is party to, on its page in the partners app.
    object_panels = [
        ObjectPanel(
            model="partners.Organisation",
            template_name="agenda/panels/organisation_agreements.html",
            context=_organisation_agreements,
            order=5,
        )
    ]
    home_panels = [
        HomePanel(
            template_name="agenda/home_panel.html",
            order=10,
            context=_my_agreements,
        )
    ]

    def ready(self):
        from agenda.notifications import notifications_anonymise
        from agenda.tasks import resubmit_notifications

        self.janitor_jobs = [resubmit_notifications]
        # Addresses and names its e-mails and notices copied (kindportaal.anonymise).
        self.anonymise_jobs = [notifications_anonymise]

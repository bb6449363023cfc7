"""The kindcentra app: kindcentra, their development and self-assessments, and the wijken."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.choices import ChoiceSource
from kindportaal.navigation import NavItem, ObjectPanel


def _organisation_kindcentra(request, organisation):
    from kindcentra.selectors import kindcentra_of_organisation

    return {"kindcentra": kindcentra_of_organisation(organisation)}


def _kindcentra():
    from kindcentra.models import Kindcentrum

    return Kindcentrum.objects.order_by("name")


def _wijken():
    from kindportaal.models import Wijk

    return Wijk.objects.order_by("name")


def _location_kindcentrum(request, location):
    from kindcentra.selectors import kindcentrum_of_location

    return {"kindcentrum": kindcentrum_of_location(location)}


class KindcentraConfig(AppConfig):
    name = "kindcentra"
    verbose_name = _("Kindcentra")
    navigation = [
        NavItem(label=_("Kindcentra"), url_name="kindcentra:kindcentrum_list", order=20),
        NavItem(label=_("Wijken"), url_name="kindcentra:wijk_list", order=25),
    ]
    # Kindcentra and wijken are chosen by typing part of their name (kindportaal.choices).
    choice_sources = [
        ChoiceSource(model="kindcentra.Kindcentrum", queryset=_kindcentra),
        ChoiceSource(
            model="kindportaal.Wijk", queryset=_wijken, search_fields=("name", "cbs_code")
        ),
    ]
    # The kindcentra an organisation takes part in, and a location's kindcentrum, on their pages
    # in the partners app (which cannot know about kindcentra).
    object_panels = [
        ObjectPanel(
            model="partners.Organisation",
            template_name="kindcentra/panels/organisation_kindcentra.html",
            context=_organisation_kindcentra,
            order=10,
        ),
        ObjectPanel(
            model="partners.Location",
            template_name="kindcentra/panels/location_kindcentrum.html",
            context=_location_kindcentrum,
            order=10,
        ),
    ]

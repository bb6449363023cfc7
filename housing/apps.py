"""The housing app: buildings, the integraal huisvestingsplan (IHP) and its projects, and places
against children per wijk over the years; it adds a kindcentrum's buildings and a wijk's places
to their pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from housing.permissions import can_read_housing
from kindportaal.choices import ChoiceSource
from kindportaal.navigation import NavItem, ObjectPanel
from partners.apps import provenance_context


def _buildings():
    from housing.models import Building

    return Building.objects.order_by("name")


def _locations():
    from partners.models import Location

    return Location.objects.filter(is_active=True).order_by("name")


def _kindcentrum_context(request, kindcentrum):
    from housing.selectors import kindcentrum_buildings

    buildings, unhoused = kindcentrum_buildings(kindcentrum)
    return {
        "buildings": buildings,
        "unhoused": unhoused,
        "shared": len(buildings) == 1 and not unhoused,
        "kindcentrum": kindcentrum,
    }


def _wijk_context(request, wijk):
    return {"wijk": wijk}


class HousingConfig(AppConfig):
    name = "housing"
    verbose_name = _("Housing")
    navigation = [
        NavItem(
            label=_("Housing"), url_name="housing:overview", order=350, visible=can_read_housing
        )
    ]
    choice_sources = [
        ChoiceSource(
            model="housing.Building", queryset=_buildings, search_fields=("name", "bag_id")
        ),
        ChoiceSource(
            model="partners.Location",
            queryset=_locations,
            search_fields=("name", "school_code", "lrk_number"),
        ),
    ]
    object_panels = [
        # Where an imported building's values come from (the register imports' panel).
        ObjectPanel(
            model="housing.Building",
            template_name="partners/panels/provenance.html",
            context=provenance_context,
            order=90,
        ),
        # Do the kindcentrum's partners share one building? (its checklist's housing item)
        ObjectPanel(
            model="kindcentra.Kindcentrum",
            template_name="housing/panels/kindcentrum_buildings.html",
            context=_kindcentrum_context,
            order=300,
            visible=lambda user, obj: can_read_housing(user),
        ),
        ObjectPanel(
            model="kindportaal.Wijk",
            template_name="housing/panels/wijk_places.html",
            context=_wijk_context,
            order=300,
            visible=lambda user, obj: can_read_housing(user),
        ),
    ]

    def ready(self):
        # Buildings and prognoses come in through the register imports' preview and import.
        from housing import imports

        imports.register()

"""Places against children on the dashboard: the tile of the housing plan's outlook year and
the map's layer of school places, for the demo (De Akkers's shortage closed by its new build,
Oosterpark's not)."""

import pytest
from django.urls import reverse

from housing.models import HousingProject
from kindportaal.models import Wijk
from tests.reports.dashboard.helpers import tables, text_of
from tests.reports.dashboard.test_overview import map_links

pytestmark = pytest.mark.django_db


def test_the_dashboard_tells_how_many_wijken_are_short_and_what_the_plan_closes(reader):
    page = text_of(reader.get(reverse("reports:dashboard")))
    assert "Plaatsen in 2030" in page
    # Oosterpark stays short of school and childcare places; De Akkers's shortages of both are
    # closed by its new build; the other wijken have enough places by the norm.
    assert "1 wijk met te weinig plaatsen" in page
    assert "2 tekorten gesloten door het huisvestingsplan" in page


def test_the_map_shows_the_school_places_with_the_plan(reader):
    response = reader.get(reverse("reports:dashboard"), {"kaart": "plaatsen"})
    rows = tables(response)[
        "Kaart van de wijken: Schoolplaatsen tegenover de norm, met het huisvestingsplan"
    ]
    by_wijk = {row[0]: row for row in rows[1:]}
    assert by_wijk["Oosterpark"][2] == "meer dan 50 te weinig"
    assert by_wijk["De Akkers"][2] == "genoeg"
    links, _svg = map_links(response)
    assert any(label.startswith("Oosterpark: ") for label in links.values())
    # Without the new build De Akkers would be short too.
    project = HousingProject.objects.get(name="Nieuwbouw IKC De Akkers")
    project.status = "cancelled"
    project.save()
    response = reader.get(reverse("reports:dashboard"), {"kaart": "plaatsen"})
    rows = tables(response)[
        "Kaart van de wijken: Schoolplaatsen tegenover de norm, met het huisvestingsplan"
    ]
    assert {row[0]: row for row in rows[1:]}["De Akkers"][2] == "meer dan 50 te weinig"
    assert Wijk.objects.count() == 6

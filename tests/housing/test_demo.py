"""The demo's housing plan shows one wijk whose shortage a project closes and one it does not,
not every wijk short, and seeding it again changes nothing."""

import re

import pytest
from django.core.management import call_command

from agenda.models import Agenda
from housing import selectors
from housing.capacity import shortages
from housing.models import Building, BuildingLocation, ChildrenForecast, HousingProject
from reports.models import LeaDocument
from reports.services import lea_document_html

pytestmark = pytest.mark.django_db


def counts():
    return (
        Building.objects.count(),
        BuildingLocation.objects.count(),
        HousingProject.objects.count(),
        ChildrenForecast.objects.count(),
        Building.history.count() + HousingProject.history.count(),
    )


def test_voorbeeldstad_has_a_shortage_the_plan_closes_and_one_it_does_not(settings):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo")
    plan = selectors.current_plan()
    found = {
        (c.wijk, c.kind): c
        for c in shortages(selectors.capacity_facts(plan), [2030], selectors.norm_of(plan))
    }
    assert found["De Akkers", "school"].closed
    assert found["Oosterpark", "school"].remains
    # Childcare places too: the new build closes De Akkers's shortage, Oosterpark stays short,
    # and the other wijken have enough places by the gemeente's norm of 30 per 100.
    assert found["De Akkers", "childcare"].closed
    assert found["Oosterpark", "childcare"].remains
    assert {wijk for wijk, _kind in found} == {"De Akkers", "Oosterpark"}
    outlook = selectors.places_outlook()
    assert outlook.year == 2030
    assert [row.wijk for row in outlook.rows if row.wijk_id in outlook.short_wijken()] == [
        "Oosterpark"
    ]
    # The LEA document says it too, in its chapter on places against children.
    document = LeaDocument(agenda=Agenda.objects.get(is_current=True), version=1)
    chapter = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lea_document_html(document)))
    assert "De Akkers, schoolplaatsen: de projecten van het plan sluiten het tekort." in chapter
    assert "Oosterpark, schoolplaatsen: het plan sluit het tekort niet." in chapter
    first = counts()
    call_command("seed_demo")
    assert counts() == first

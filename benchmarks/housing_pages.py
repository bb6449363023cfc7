"""Time the housing pages on the city-sized data set: places per wijk, the page of one wijk,
the lists of buildings and projects, the plan and a building; print queries and the median and
slowest of a few requests.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database of your own>
    KINDPORTAAL_ENV=development .venv/bin/python manage.py migrate
    KINDPORTAAL_ENV=development .venv/bin/python manage.py seed_demo --scale city
    KINDPORTAAL_ENV=development REQUIRE_MFA=false .venv/bin/python benchmarks/housing_pages.py

Requests go through Django's test client in this process (no network, no web server), logged in
as the demo beleidsmedewerker, so the figures are the application's own time plus the database's.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.budgets_pages import print_table  # noqa: E402
from housing.models import Building, HousingPlan, HousingProject  # noqa: E402
from kindportaal.models import User, Wijk  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    if Building.objects.count() < 400:
        sys.exit("Run `manage.py seed_demo --scale city` first.")
    client = Client()
    client.force_login(User.objects.get(email="beleid@example.org"))
    plan = HousingPlan.objects.annotate(n=Count("projects")).order_by("-n").first()
    building = Building.objects.annotate(n=Count("housed")).order_by("-n", "pk").first()
    wijk = Wijk.objects.annotate(n=Count("buildings")).order_by("-n", "name").first()
    pages = [
        ("places per wijk", reverse("housing:overview")),
        ("places per wijk, 2035", reverse("housing:overview") + "?year=2035"),
        (
            f"places in {wijk.name} ({wijk.n} buildings)",
            reverse("housing:wijk_places", args=[wijk.pk]),
        ),
        ("buildings", reverse("housing:building_list")),
        (
            "buildings, sorted by childcare places",
            reverse("housing:building_list") + "?sort=-childcare_places",
        ),
        ("projects", reverse("housing:project_list")),
        (f"the plan ({plan.n} projects)", plan.get_absolute_url()),
        (f"building with the most locations ({building.n})", building.get_absolute_url()),
        ("all buildings as CSV", reverse("housing:building_list") + "?export=csv"),
        ("dashboard (with the places tile)", reverse("reports:dashboard")),
        ("dashboard, map of school places", reverse("reports:dashboard") + "?kaart=plaatsen"),
    ]
    print(
        f"{Wijk.objects.count()} wijken, {Building.objects.count()} buildings, "
        f"{HousingProject.objects.count()} projects; {arguments.repeat} requests each"
    )
    print_table(client, pages, arguments.repeat)


if __name__ == "__main__":
    main()

"""Time the council's dashboard on the city-sized data set: the gemeente for the current LEA period,
for one year and for one theme, the page of the wijk with the most kindcentra, and two downloads;
print queries and the median and slowest of a few requests.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database of your own>
    KINDPORTAAL_ENV=development .venv/bin/python manage.py migrate
    KINDPORTAAL_ENV=development .venv/bin/python manage.py seed_demo --scale city
    KINDPORTAAL_ENV=development REQUIRE_MFA=false .venv/bin/python benchmarks/dashboard_pages.py

Requests go through Django's test client in this process (no network, no web server), logged in
as the demo raadslid, so the figures are the application's own time plus the database's.
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
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from agenda.models import Agreement, Theme  # noqa: E402
from benchmarks.budgets_pages import print_table  # noqa: E402
from kindportaal.models import User, Wijk  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    if Wijk.objects.count() < 100:
        sys.exit("Run `manage.py seed_demo --scale city` first.")
    client = Client()
    client.force_login(User.objects.get(email="raad@example.org"))
    dashboard = reverse("reports:dashboard")
    wijk = Wijk.objects.annotate(n=Count("kindcentra")).order_by("-n", "name").first()
    theme = Theme.objects.filter(agenda__is_current=True).order_by("order").first()
    pages = [
        ("dashboard, current LEA period", dashboard),
        ("dashboard, one year (2026)", f"{dashboard}?period=2026"),
        ("dashboard, one theme", f"{dashboard}?theme={theme.pk}"),
        (f"wijk page ({wijk.name}, {wijk.n} kindcentra)", reverse("reports:wijk", args=[wijk.pk])),
        ("download: reach per wijk", reverse("reports:figure_csv", args=["bereik-per-wijk"])),
        ("download: money per domain", reverse("reports:figure_csv", args=["geld-per-domein"])),
    ]
    print(
        f"{Wijk.objects.count()} wijken, {Agreement.objects.count()} agreements; "
        f"{arguments.repeat} requests each, PostgreSQL: {connection.vendor == 'postgresql'}"
    )
    print_table(client, pages, arguments.repeat)


if __name__ == "__main__":
    main()

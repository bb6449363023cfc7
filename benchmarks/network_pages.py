"""How fast the pages of the network are at city scale, and how many queries they ask.

Run against a database seeded with `manage.py seed_demo --scale city`:

    KINDPORTAAL_ENV=development REQUIRE_MFA=false DEBUG=false DATABASE_URL=... \\
        .venv/bin/python benchmarks/network_pages.py [--runs 20]

Each page is requested in-process (Django's test client, no network or web server) as the demo
policy officer, `--runs` times after one warm-up; the table gives the median and the slowest
time, the number of queries and the size of the HTML.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from kindcentra.models import Kindcentrum, SelfAssessment  # noqa: E402
from kindportaal.models import User, Wijk  # noqa: E402
from partners.models import Location, Organisation  # noqa: E402


def pages():
    organisation = Organisation.objects.order_by("-pk").first()
    busiest = (
        Organisation.objects.order_by("pk").filter(kvk_number="41234567").first() or organisation
    )
    kindcentrum = Kindcentrum.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    return [
        ("organisations", reverse("partners:organisation_list")),
        (
            "organisations, filtered",
            reverse("partners:organisation_list") + "?kind=childcare&sort=-locations",
        ),
        ("organisations, last page", reverse("partners:organisation_list") + "?page=last"),
        ("organisation", busiest.get_absolute_url()),
        ("locations", reverse("partners:location_list")),
        ("locations, searched", reverse("partners:location_list") + "?q=kompas&sort=-wijk"),
        ("location", Location.objects.order_by("-pk").first().get_absolute_url()),
        ("kindcentra", reverse("kindcentra:kindcentrum_list")),
        (
            "kindcentra, by phase",
            reverse("kindcentra:kindcentrum_list") + "?phase=3&sort=-locations",
        ),
        ("kindcentrum", kindcentrum.get_absolute_url()),
        ("self-assessments", reverse("kindcentra:self_assessment_list")),
        ("self-assessment", SelfAssessment.objects.order_by("-pk").first().get_absolute_url()),
        ("wijken", reverse("kindcentra:wijk_list")),
        ("wijk", Wijk.objects.order_by("pk").first().get_absolute_url()),
        ("kindcentra, CSV export (all)", reverse("kindcentra:kindcentrum_list") + "?export=csv"),
        ("locations, XLSX export (all)", reverse("partners:location_list") + "?export=xlsx"),
    ]


def measure(client, url, runs):
    client.get(url)  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries), len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    client = Client()
    client.force_login(User.objects.get(email="beleid@example.org"))
    counts = (
        f"{Wijk.objects.count()} wijken, {Organisation.objects.count()} organisations, "
        f"{Location.objects.count()} locations, {Kindcentrum.objects.count()} kindcentra, "
        f"{SelfAssessment.objects.count()} self-assessments"
    )
    print(f"{counts}; {args.runs} runs per page\n")
    print("| page | median ms | slowest ms | queries | KiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, url in pages():
        median, slowest, queries, size = measure(client, url, args.runs)
        print(f"| {name} | {median:.0f} | {slowest:.0f} | {queries} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()

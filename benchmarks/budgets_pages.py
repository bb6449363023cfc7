"""Time the budgets pages on the city-sized data set: overview, matrix, the largest account, the
lists, and the account export; print queries and the median and slowest of a few requests.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database of your own>
    KINDPORTAAL_ENV=development .venv/bin/python manage.py migrate
    KINDPORTAAL_ENV=development .venv/bin/python manage.py seed_demo --scale city
    KINDPORTAAL_ENV=development REQUIRE_MFA=false .venv/bin/python benchmarks/budgets_pages.py

Requests go through Django's test client in this process (no network, no web server), logged in
as the demo policy officer, so the figures are the application's own time plus the database's.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from budgets.models import Allocation, FundingStream  # noqa: E402
from kindportaal.models import User  # noqa: E402


def measure(client, url, repeat):
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(timings), max(timings), len(body)


def print_table(client, pages, repeat):
    """Measure each (name, url) of `pages` and print a Markdown table of the figures."""
    print("| page | queries | median ms | slowest ms | size kB |")
    print("| --- | --- | --- | --- | --- |")
    for name, url in pages:
        queries, median, slowest, size = measure(client, url, repeat)
        print(f"| {name} | {queries} | {median:.0f} | {slowest:.0f} | {size / 1024:.0f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    streams = FundingStream.objects.count()
    allocations = Allocation.objects.count()
    if streams < 300:
        sys.exit("Run `manage.py seed_demo --scale city` first.")
    client = Client()
    client.force_login(User.objects.get(email="beleid@example.org"))
    year = 2026
    # The stream whose account has the most lines: its own allocations plus its pools'.
    stream = (
        FundingStream.objects.filter(year=year)
        .annotate(
            lines=Count("allocations", distinct=True)
            + Count("contributions__pooled_budget__allocations", distinct=True)
        )
        .order_by("-lines")
        .first()
    )
    account = reverse("budgets:stream_account", args=[stream.pk])
    pages = [
        ("overview per year", f"{reverse('budgets:overview')}?year={year}"),
        ("ontschotting matrix", f"{reverse('budgets:matrix')}?year={year}"),
        (f"account, largest ({stream.lines} lines)", account),
        ("account export, XLSX", f"{account}?export=xlsx"),
        ("funding streams list", reverse("budgets:stream_list")),
        ("allocations list", reverse("budgets:allocation_list")),
        ("allocations export, CSV (all)", f"{reverse('budgets:allocation_list')}?export=csv"),
    ]
    print(
        f"{streams} streams, {allocations} allocations "
        f"({Allocation.objects.filter(~Q(pooled_budget=None)).count()} from pools); "
        f"{arguments.repeat} requests each, PostgreSQL: {connection.vendor == 'postgresql'}"
    )
    print_table(client, pages, arguments.repeat)


if __name__ == "__main__":
    main()

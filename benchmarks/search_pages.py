"""How fast the search page is at city scale, and how many queries it asks.

Run against a database seeded with `manage.py seed_demo --scale city`:

    KINDPORTAAL_ENV=development REQUIRE_MFA=false DEBUG=false DATABASE_URL=... \\
        .venv/bin/python benchmarks/search_pages.py [--runs 30]

Each question is asked in-process (Django's test client, no web server) `--runs` times after one
warm-up, as the demo's policy officer (who may find every kind) and as its partner director (who
finds only their own organisations' allocations); the whole page, worked out afresh every time
(the search page is never cached). Typing is measured as the questions a person's keystrokes
make ("k", "ki", "kin", ...). The table gives the median, p95 and slowest time, the number of
queries and how many results the question has.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from agenda.models import Agreement  # noqa: E402
from budgets.models import Allocation  # noqa: E402
from kindportaal.models import User  # noqa: E402
from partners.models import Location, Organisation  # noqa: E402

URL = reverse("search:search")
TYPED = "kinderopvang"


def questions():
    lrk = Location.objects.exclude(lrk_number="").order_by("pk")
    lrk = lrk.values_list("lrk_number", flat=True)
    return [
        ("one common word", "peuter", {}),
        ("two words", "doorgaande leerlijn", {}),
        ("a word of many agreements", "stadsafspraak", {}),
        ("a Dutch plural", "afspraken", {}),
        ("an LRK number", lrk.first() or "123456789", {}),
        ("nothing found", "zzzqqq", {}),
        ("all agreements of a word, page 3", "stadsafspraak", {"kind": "agreement", "page": 3}),
    ]


def measure(client, params, runs):
    client.get(URL, params)  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(URL, params)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (params, response.status_code)
    found = re.search(r"(\d+) resulta", response.content.decode())
    return times, len(queries), int(found.group(1)) if found else 0


def p95(times):
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def row(name, times, queries, found):
    return (
        f"| {name} | {statistics.median(times):.0f} | {p95(times):.0f} | {max(times):.0f} "
        f"| {queries} | {found} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(
        f"{Agreement.objects.count()} agreements, {Organisation.objects.count()} organisations, "
        f"{Location.objects.count()} locations, {Allocation.objects.count()} allocations; "
        f"{args.runs} runs per question\n"
    )
    for email in ("beleid@example.org", "bestuurder@example.org"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        print(f"as {email}\n")
        print("| question | median ms | p95 ms | slowest ms | queries | results |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        everything = []
        for name, text, extra in questions():
            times, queries, found = measure(client, {"q": text, **extra}, args.runs)
            everything += times
            print(row(f"{name} (“{text}”)", times, queries, found))
        typing = []
        for length in range(1, len(TYPED) + 1):
            times, queries, _found = measure(client, {"q": TYPED[:length]}, args.runs)
            typing += times
            everything += times
        print(row(f"typing “{TYPED}”, each keystroke", typing, queries, "—"))
        print(f"\nall questions together: p95 {p95(everything):.0f} ms\n")


if __name__ == "__main__":
    main()

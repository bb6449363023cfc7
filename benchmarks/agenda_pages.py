"""Response times and query counts of the agenda's pages on the city-sized data set.

    KINDPORTAAL_ENV=development DATABASE_URL=... manage.py seed_demo --scale city
    KINDPORTAAL_ENV=development DATABASE_URL=... .venv/bin/python benchmarks/agenda_pages.py

Requests go through Django's test client in this process (no network), each page ten times
after one warm-up; the median and the slowest are printed with the number of queries.
"""

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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agenda.models import Agreement  # noqa: E402
from kindportaal.models import User  # noqa: E402

RUNS = 10


def measure(client, url):
    client.get(url)
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries)


def main():
    settings.ALLOWED_HOSTS = ["testserver"]
    agreements = Agreement.objects.count()
    busiest = (
        Agreement.objects.filter(title__startswith="Stadsafspraak")
        .order_by("-last_progress_on", "pk")
        .first()
    )
    director = User.objects.get(email="bestuurder@example.org")
    council = User.objects.get(email="raad@example.org")
    pages = [
        ("agenda page", council, "/agenda/"),
        ("agreement list", council, "/agenda/afspraken/"),
        ("agreement list, filtered", council, "/agenda/afspraken/?overdue=on&health=at_risk"),
        ("agreement page", council, busiest.get_absolute_url()),
        ("home with mijn afspraken", director, "/start/"),
        ("CSV export of every agreement", council, "/agenda/afspraken/?export=csv"),
        ("XLSX export of every agreement", council, "/agenda/afspraken/?export=xlsx"),
    ]
    print(f"{agreements} agreements; {RUNS} requests per page after a warm-up")
    print(f"{'page':34} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, user, url in pages:
        client = Client()
        client.force_login(user)
        median, slowest, queries = measure(client, url)
        print(f"{name:34} {median:10.0f} {slowest:8.0f} {queries:8d}")


if __name__ == "__main__":
    main()

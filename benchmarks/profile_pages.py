"""Time and profile the load benchmark's pages in one process, without the network.

Uses the same city-sized database as benchmarks/load.py and production settings, logs in each
role with `force_login`, asks each page a number of times and prints the mean and the slowest
time per page, with the queries each request asks, the part of its time spent waiting for
the database and the CPU time of this process (steadier than the wall clock when other work
shares the machine); with --profile it prints the functions that took the most time for one page.
The pages are the load benchmark's and a few more lists of the policy officer (EXTRA_PAGES).

    .venv/bin/python benchmarks/profile_pages.py                  # all pages, 20 requests each
    .venv/bin/python benchmarks/profile_pages.py --only dashboard --profile
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Pages measured here only (not under load): the long lists, a stream's account and the
# housing pages (the same as benchmarks/housing_pages.py's).
EXTRA_PAGES = [
    ("agreement list (officer)", "officer", "/agenda/afspraken/"),
    ("allocations list", "officer", "/budgets/toekenningen/"),
    ("stream account", "officer", "/budgets/geldstromen/{stream}/verantwoording/"),
    ("housing places per wijk", "officer", "/huisvesting/"),
    ("housing places per wijk, 2035", "officer", "/huisvesting/?year=2035"),
    ("housing places of a wijk", "officer", "{housing_wijk}"),
    ("housing buildings", "officer", "/huisvesting/gebouwen/"),
    (
        "housing buildings by childcare places",
        "officer",
        "/huisvesting/gebouwen/?sort=-childcare_places",
    ),
    ("housing projects", "officer", "/huisvesting/projecten/"),
    ("housing plan", "officer", "{housing_plan}"),
    ("housing building", "officer", "{housing_building}"),
    ("agreements XLSX (first byte)", "officer", "/agenda/afspraken/?export=xlsx"),
]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kp_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", help="only pages whose name contains this")
    parser.add_argument("--profile", action="store_true", help="print a profile per page")
    parser.add_argument("--cold", action="store_true", help="without the page cache (afresh)")
    args = parser.parse_args()

    import load

    args.skip_seed = True  # benchmarks/load.py seeds; this only prepares the accounts
    env = load.environment(args, ROOT / "var" / "bench-static")
    data = load.prepare(args, env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0" if args.cold else "600"
    # One person's limit on exports a minute (kindportaal/limits.py) would refuse the repeats.
    os.environ["EXPENSIVE_PER_MINUTE"] = "100000"
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from budgets.models import FundingStream
    from housing.models import Building, HousingPlan
    from kindportaal.models import User, Wijk

    # The stream with the most pooled allocations to account for.
    data["stream"] = (
        FundingStream.objects.annotate(n=Count("contributions__pooled_budget__allocations"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    # The housing pages benchmarks/housing_pages.py measures: the largest of each.
    data["housing_plan"] = (
        HousingPlan.objects.annotate(n=Count("projects")).order_by("-n", "pk").first()
    ).get_absolute_url()
    data["housing_building"] = (
        Building.objects.annotate(n=Count("housed")).order_by("-n", "pk").first()
    ).get_absolute_url()
    wijk = Wijk.objects.annotate(n=Count("buildings")).order_by("-n", "name").first()
    data["housing_wijk"] = reverse("housing:wijk_places", args=[wijk.pk])
    database = {"queries": 0, "seconds": 0.0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database["queries"] += 1
            database["seconds"] += time.perf_counter() - started

    users = {name: User.objects.get(email=email) for name, email in load.PERSONAS.items()}
    for name, persona, path in [*load.PAGES, *EXTRA_PAGES]:
        if args.only and args.only not in name:
            continue
        path = path.format(**data)
        if persona == "api_key":
            client = Client(HTTP_HOST="127.0.0.1", HTTP_X_API_KEY=data["api_key"])
        else:
            client = Client(HTTP_HOST="127.0.0.1")
        if persona in users:
            client.force_login(users[persona])
        if persona == "officer":
            session = client.session
            session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
            session.save()
        response = client.get(path)
        if response.status_code != 200:
            print(f"{name}: {path} answered {response.status_code}")
            continue
        if response.streaming:
            b"".join(response.streaming_content)
        timings = []
        cpu_started = time.process_time()
        profiler = cProfile.Profile() if args.profile else None
        database.update(queries=0, seconds=0.0)
        with connection.execute_wrapper(timed):
            for _ in range(args.requests):
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                response = client.get(path)
                if response.streaming:
                    # Until the first part of the body: what a browser waits for.
                    next(iter(response.streaming_content))
                    response.close()
                if profiler:
                    profiler.disable()
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        print(
            f"{name:28} {path:46} mean {sum(timings) / len(timings):6.1f} ms  "
            f"median {timings[len(timings) // 2]:6.1f} ms  max {timings[-1]:6.1f} ms  "
            f"database {database['seconds'] * 1000 / args.requests:5.1f} ms  "
            f"{database['queries'] / args.requests:4.0f} queries  "
            # This process's own time: steadier than the wall clock on a shared machine.
            f"cpu {(time.process_time() - cpu_started) * 1000 / args.requests:6.1f} ms"
        )
        if profiler:
            order = os.environ.get("PROFILE_SORT", "cumulative")
            pstats.Stats(profiler).sort_stats(order).print_stats(35)


if __name__ == "__main__":
    main()

"""Fill the portal with the fictional gemeente Voorbeeldstad. Safe to run again: it updates."""

import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kindportaal.demo import describe


class Command(BaseCommand):
    help = "Create or update the demo gemeente Voorbeeldstad; --scale city makes a city-sized set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "city"],
            default="demo",
            help="demo: a believable small gemeente; city: a large city, for the benchmarks.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random generator.")

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(scale=scale, stdout=self.stdout, rng=rng)
        if scale == "city" and connection.vendor == "postgresql":
            # Thousands of rows at once: the planner's statistics are brought up to date now,
            # not when autovacuum comes by (until then the search would read whole tables).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Voorbeeldstad is ready ({scale}, {time.monotonic() - started:.1f} s)."
            )
        )
        describe(self.stdout)
        self.stdout.write(
            "\nOpen http://127.0.0.1:8000/ and log in with one of these e-mail addresses."
        )

"""How long the preview and the import of a city-sized LRK file take, and the re-import.

    DATABASE_URL=... .venv/bin/python benchmarks/registers_import.py [--rows 1500] [--write FILE]

Generates an LRK export of `--rows` childcare locations of the gemeente (GM9999, Voorbeeldstad)
held by about a tenth as many organisations, plus a third as many rows of other gemeenten and
some childminders, in Windows-1252 with semicolons, as the LRK publishes it (`--write` keeps a
copy). Then, in one transaction that is rolled back at the end (the database is left as it
was): upload and check (the preview), import, upload the same file again and import it again.
Prints the time and the number of queries of each step.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kindportaal.models import Gemeente  # noqa: E402
from partners import services  # noqa: E402

HEADER = (
    "lrk_id;type_oko;actuele_naam_oko;aantal_kindplaatsen;status;opvanglocatie_adres;"
    "opvanglocatie_postcode;opvanglocatie_woonplaats;cbs_code;verantwoordelijke_gemeente;"
    "naam_houder;kvk_nummer_houder"
)
STREETS = ["Kerkstraat", "Molenweg", "Stationsplein", "Café-laan", "Prinses Beatrixlaan"]


def lrk_file(rows, seed=8):
    rng = random.Random(seed)
    lines = [HEADER]
    holders = max(rows // 10, 1)
    for n in range(rows):
        holder = n % holders
        kind = rng.choice(["KDV", "BSO", "KDV", "BSO", "VGO"])
        lines.append(
            f"{700000000 + n};{kind};{kind} Crèche {n};{rng.randint(12, 120)};Ingeschreven;"
            f"{rng.choice(STREETS)} {rng.randint(1, 200)}{rng.choice(['', 'a', 'b'])};"
            f"{rng.randint(1000, 9999)}{rng.choice(['AB', 'CD', 'EF'])};Voorbeeldstad;9999;"
            f"Voorbeeldstad;Kinderopvang Houder {holder};{80000000 + holder}"
        )
    for n in range(rows // 3):
        lines.append(
            f"{800000000 + n};KDV;Elders {n};40;Ingeschreven;Dorpsstraat 1;1191AA;Ouderkerk;437;"
            f"Ouder-Amstel;Houder Elders {n};{90000000 + n}"
        )
    for n in range(rows // 20):
        lines.append(
            f"{900000000 + n};GO;Gastouder {n};4;Ingeschreven;Berkenlaan 7;1051AB;Voorbeeldstad;"
            "9999;Voorbeeldstad;Gastouder;"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


class RollBack(Exception):
    pass


def timed(label, results, step):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        value = step()
        seconds = time.perf_counter() - start
    results.append((label, seconds, len(queries)))
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1500)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    data = lrk_file(args.rows)
    if args.write:
        args.write.write_bytes(data)
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="kp-import-bench-")
    results = []

    def upload():
        return services.import_run_create(
            source="lrk",
            uploaded_file=SimpleUploadedFile("lrk_city.csv", data),
            reference_date="2025-01-01",
            inline=True,
        )

    try:
        with transaction.atomic():
            Gemeente.objects.update_or_create(
                pk=1, defaults={"name": "Voorbeeldstad", "cbs_code": "GM9999"}
            )
            run = timed("upload and preview", results, upload)
            first = run.summary
            run = timed(
                "import", results, lambda: services.import_run_confirm(run=run, inline=True)
            )
            assert run.status == "done", run.error
            again = timed("upload and preview again", results, upload)
            second = again.summary
            timed(
                "import again", results, lambda: services.import_run_confirm(run=again, inline=True)
            )
            raise RollBack
    except RollBack:
        pass
    print(f"LRK file: {len(data) / 1024:.0f} KB, {first['rows']} rows")
    print(
        f"first:  {first['new']} new, {first['changed']} changed, {first['skipped']} not taken, "
        f"{first['organisations_new']} new organisations"
    )
    print(f"second: {second['new']} new, {second['changed']} changed, {second['unchanged']} same")
    print(f"{'step':<26} {'seconds':>8} {'queries':>8}")
    for label, seconds, queries in results:
        print(f"{label:<26} {seconds:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main()

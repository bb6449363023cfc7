"""Time the LEA document: Django + WeasyPrint end to end (read the data, render the template, lay
out and write the PDF) against WeasyPrint alone on the same HTML, in the same run; pages per
second and the peak memory (RSS) of each, every measurement in a fresh child process.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database of your own>
    KINDPORTAAL_ENV=development .venv/bin/python manage.py migrate
    KINDPORTAAL_ENV=development .venv/bin/python manage.py seed_demo [--scale city]
    KINDPORTAAL_ENV=development .venv/bin/python benchmarks/lea_pdf.py --scale demo|city

`--scale` only names the run in the output (and `--seed` seeds the database at that scale first).
Nothing is saved in the database: the document is rendered for an unsaved LeaDocument of the
current agenda. The HTML of the first child is written to benchmarks/results/ and rendered again by
WeasyPrint alone.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")
RESULTS = ROOT / "benchmarks" / "results"


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind, html_path):
    import django

    django.setup()
    from reports.pdf import render_pdf

    if kind == "weasyprint":
        html = Path(html_path).read_text()
        start = time.perf_counter()
        pdf, pages = render_pdf(html)
        elapsed = time.perf_counter() - start
        return {"seconds": elapsed, "pages": pages, "bytes": len(pdf), "peak_mb": _peak_mb()}

    from django.db import connection
    from django.utils import timezone

    from agenda.selectors import current_agenda
    from kindportaal.models import User
    from reports.models import LeaDocument
    from reports.services import lea_document_html

    agenda = current_agenda()
    user = User.objects.filter(role="policy_officer").first()
    document = LeaDocument(
        agenda=agenda, version=1, requested_by_name=user.full_name if user else "", pk=None
    )
    document.requested_at = timezone.now()
    start = time.perf_counter()
    html = lea_document_html(document)
    html_seconds = time.perf_counter() - start
    pdf, pages = render_pdf(html)
    elapsed = time.perf_counter() - start
    Path(html_path).write_text(html)
    return {
        "seconds": elapsed,
        "html_seconds": html_seconds,
        "pages": pages,
        "bytes": len(pdf),
        "html_bytes": len(html),
        "peak_mb": _peak_mb(),
        "queries": len(connection.queries) if connection.queries_log else None,
    }


def run_child(kind, html_path):
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--html", str(html_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["demo", "city"], default="demo")
    parser.add_argument("--seed", action="store_true", help="seed the database at this scale")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", choices=["full", "weasyprint"])
    parser.add_argument("--html")
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.html)))
        return
    if arguments.seed:
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--scale", arguments.scale],
            check=True,
            cwd=ROOT,
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    html_path = RESULTS / f"lea-{arguments.scale}.html"
    full, alone = [], []
    # Alternate the two so that a busy machine slows both alike.
    for _ in range(arguments.repeat):
        full.append(run_child("full", html_path))
        alone.append(run_child("weasyprint", html_path))
    best_full = min(full, key=lambda r: r["seconds"])
    best_alone = min(alone, key=lambda r: r["seconds"])
    pages = best_full["pages"]
    overhead = best_full["seconds"] / best_alone["seconds"] - 1
    print(f"LEA document at {arguments.scale} scale: {pages} pages, best of {arguments.repeat}")
    print(f"{'':28} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    print(
        f"{'Django + WeasyPrint':28} {best_full['seconds']:8.2f} "
        f"{pages / best_full['seconds']:8.1f} {max(r['peak_mb'] for r in full):8.0f}"
    )
    print(f"{'  of which data + template':28} {best_full['html_seconds']:8.2f}")
    print(
        f"{'WeasyPrint alone, same HTML':28} {best_alone['seconds']:8.2f} "
        f"{pages / best_alone['seconds']:8.1f} {max(r['peak_mb'] for r in alone):8.0f}"
    )
    print(f"overhead of Django over WeasyPrint alone: {overhead * 100:.1f} %")
    print(f"PDF {best_full['bytes'] / 1e6:.2f} MB, HTML {best_full['html_bytes'] / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

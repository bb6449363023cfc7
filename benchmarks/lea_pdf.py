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

The yardstick: a plain document of about as many pages, made of nothing but headings, paragraphs
and small tables with the browser's own table layout (no contents, running headers, charts or
print stylesheet), rendered by WeasyPrint the same way (PDF/UA-1) in a fresh child of the same
run. The LEA document should lay out at least as many pages per second as this one.
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


# One section of the yardstick: a heading, three paragraphs and a table of six rows; about 1.5
# of them fill a page.
PLAIN_SECTIONS_PER_PAGE = 1.5
PLAIN_TEXT = (
    "De gemeente en haar partners werken samen aan gelijke kansen voor elk kind. In elke wijk "
    "spreken scholen, kinderopvang en jeugdhulp af wie wat doet, en wanneer het klaar is. "
)


def plain_html(sections):
    """The yardstick document: `sections` times a heading, paragraphs and a table of figures."""
    parts = [
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Maatstaf</title>'
        "<style>@page { size: A4; margin: 22mm 18mm 20mm 20mm; } html { font-family: "
        '"DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; } table { width: 100%; '
        "border-collapse: collapse; } th, td { border-bottom: 0.5pt solid #bbb; padding: 1mm; "
        "text-align: left; }</style></head><body>"
    ]
    for number in range(1, sections + 1):
        parts.append(f"<h2>Onderdeel {number}</h2>")
        parts += [f"<p>{PLAIN_TEXT * (2 + paragraph)}</p>" for paragraph in range(3)]
        parts.append(
            "<table><thead><tr><th>Wijk</th><th>Begroot</th><th>Gerealiseerd</th>"
            "<th>Aandeel</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>Wijk {number}.{row}</td><td>€ {number * 1000 + row:,}</td>"
            f"<td>€ {number * 900 + row:,}</td><td>{row * 10} %</td></tr>"
            for row in range(1, 7)
        ]
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def child(kind, html_path):
    import django

    django.setup()
    from reports.pdf import render_pdf

    if kind in ("weasyprint", "plain"):
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
    parser.add_argument("--child", choices=["full", "weasyprint", "plain"])
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
    plain_path = RESULTS / f"plain-{arguments.scale}.html"
    full, alone, plain = [], [], []
    load_before = os.getloadavg()
    # Alternate the three so that a busy machine slows them alike.
    for _ in range(arguments.repeat):
        full.append(run_child("full", html_path))
        if not plain:  # as many pages as the LEA document, about
            plain_path.write_text(plain_html(round(full[0]["pages"] * PLAIN_SECTIONS_PER_PAGE)))
        alone.append(run_child("weasyprint", html_path))
        plain.append(run_child("plain", plain_path))
    load_after = os.getloadavg()
    best_full = min(full, key=lambda r: r["seconds"])
    best_alone = min(alone, key=lambda r: r["seconds"])
    best_plain = min(plain, key=lambda r: r["seconds"])
    pages = best_full["pages"]
    overhead = best_full["seconds"] / best_alone["seconds"] - 1
    print(
        f"load average (1, 5, 15 min) before {', '.join(f'{v:.1f}' for v in load_before)}, "
        f"after {', '.join(f'{v:.1f}' for v in load_after)}; {os.cpu_count()} cores"
    )
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
    plain_rate = best_plain["pages"] / best_plain["seconds"]
    print(
        f"{'plain yardstick (' + str(best_plain['pages']) + ' pages)':28} "
        f"{best_plain['seconds']:8.2f} {plain_rate:8.1f} {max(r['peak_mb'] for r in plain):8.0f}"
    )
    print(f"overhead of Django over WeasyPrint alone: {overhead * 100:.1f} %")
    rate = pages / best_full["seconds"]
    peak = max(r["peak_mb"] for r in full)
    print(
        f"LEA {rate:.1f} pages/s against the plain document's {plain_rate:.1f}: "
        f"{'met' if rate >= plain_rate else 'NOT met'}; peak {peak:.0f} MB "
        f"({'met' if peak <= 600 else 'NOT met'}: at most 600 MB)"
    )
    print(f"PDF {best_full['bytes'] / 1e6:.2f} MB, HTML {best_full['html_bytes'] / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

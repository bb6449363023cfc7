"""Lighthouse on the main page of each role, the portal as in production on this machine.

Starts gunicorn (production settings: whitenoise's compressed, hashed, year-cached static files)
over PostgreSQL and Redis on loopback, logs in as each role (with a second factor where the role
needs one) and runs Lighthouse from npm (package.json's devDependencies) with Debian's Chromium
(CHROME_PATH) on the role's main page, in Lighthouse's default mobile profile (a mid-range phone,
simulated slow 4G and CPU throttling). Prints performance, accessibility and best-practices.

    .venv/bin/python benchmarks/lighthouse.py                 # demo data; --scale city for city
    .venv/bin/python benchmarks/lighthouse.py --skip-seed --runs 3

Targets (issue 14): performance >= 90, accessibility 100, best practices 100 on every page.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from load import PERSONAS, ROOT, environment, log, log_in, manage, prepare, wait_for

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices"]
# The main page of each role: where `/` sends them.
PAGES = [
    ("anonymous: login", None, "/accounts/login/"),
    ("policy officer: start", "officer", "/start/"),
    ("partner director: my agreements", "director", "/start/"),
    ("council member: dashboard", "council", "/dashboard/"),
]
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100}


def lighthouse(url, cookie, workdir):
    report = workdir / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    # On a busy machine Chromium's trace now and then misses the navigation (NO_NAVSTART): retry.
    for _attempt in range(3):
        report.unlink(missing_ok=True)
        finished = subprocess.run(command, check=False, env=env, cwd=workdir)
        result = json.loads(report.read_text()) if report.exists() else {}
        if finished.returncode == 0 and "categories" in result:
            break
        log(f"{url}: Lighthouse failed ({result.get('runtimeError', finished.returncode)}), again")
    else:
        raise RuntimeError(f"{url}: Lighthouse failed three times")
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = result["audits"]
    scores["FCP s"] = audits["first-contentful-paint"]["numericValue"] / 1000
    scores["LCP s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["TBT ms"] = audits["total-blocking-time"]["numericValue"]
    scores["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    scores["transfer KB"] = audits["total-byte-weight"]["numericValue"] / 1024
    # What cost points: a metric below 0.9 of its score, any other weighted audit not passed.
    failing = []
    for name in CATEGORIES:
        bar = 0.9 if name == "performance" else 1
        for ref in result["categories"][name]["auditRefs"]:
            score = audits[ref["id"]]["score"]
            if ref["weight"] and score is not None and score < bar:
                failing.append(ref["id"])
                # Which elements, so the cause can be found without the report.
                for item in (audits[ref["id"]].get("details") or {}).get("items", [])[:5]:
                    node = item.get("node") or {}
                    if node.get("snippet"):
                        why = " ".join(node.get("explanation", "").split())
                        log(f"  {ref['id']}: {node['snippet'][:160]} {why}")
    return scores, failing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/kp_lighthouse"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--scale", choices=["demo", "city"], default="demo")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is kept)")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: npm ci")

    workdir = Path(tempfile.mkdtemp(prefix="kindportaal-lighthouse-"))
    static_root = workdir / "static"
    env = environment(args, static_root)
    if not args.skip_seed and args.scale == "demo":
        database = args.database_url.rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=False)
        development = {**env, "KINDPORTAAL_ENV": "development"}
        manage(development, "migrate", "--noinput", "-v", "0")
        manage(development, "seed_demo", capture=True)
    args.skip_seed = args.skip_seed or args.scale == "demo"
    prepare(args, env)  # migrate, seed the city if asked, collectstatic, passwords and TOTP
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "kindportaal.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        wait_for(base + "/health/live/")
        sessions = {name: log_in(base, email) for name, email in PERSONAS.items()}
        for name, persona, path in PAGES:
            if args.only and args.only not in name:
                continue
            cookie = sessions[persona].cookie_header() if persona else ""
            runs = [lighthouse(base + path, cookie, workdir) for _ in range(args.runs)]
            median = {key: statistics.median(run[0][key] for run in runs) for key in runs[0][0]}
            failing = sorted({audit for run in runs for audit in run[1]})
            rows.append((name, path, median, failing))
            log(f"{name}: {median} {failing}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
    report(rows, args)


def report(rows, args):
    version = json.loads((ROOT / "package.json").read_text())["devDependencies"]["lighthouse"]
    print(
        f"\nLighthouse {version}, mobile profile, Chromium {chromium_version()}, gunicorn + "
        f"whitenoise (production), {args.scale} data, median of {args.runs} run(s), "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M}"
    )
    print(
        f"Command: .venv/bin/python benchmarks/lighthouse.py --scale {args.scale} "
        f"--runs {args.runs}\n"
    )
    print(
        "| page | path | performance | accessibility | best practices | FCP | LCP | TBT | CLS "
        "| transferred | meets target |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, path, scores, failing in rows:
        meets = all(scores[key] >= target for key, target in TARGETS.items())
        verdict = "yes" if meets else "no: " + ", ".join(failing)
        print(
            f"| {name} | `{path}` | {scores['performance']:.0f} | {scores['accessibility']:.0f} "
            f"| {scores['best-practices']:.0f} | {scores['FCP s']:.1f} s | {scores['LCP s']:.1f} s "
            f"| {scores['TBT ms']:.0f} ms | {scores['CLS']:.2f} "
            f"| {scores['transfer KB']:.0f} KB | {verdict} |"
        )


def chromium_version():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    output = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    return output.split()[1] if output else "?"


if __name__ == "__main__":
    main()

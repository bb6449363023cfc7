"""City-scale load benchmark: the portal as in production on this machine, driven by wrk.

Starts gunicorn (production settings, whitenoise), a Celery worker, PostgreSQL and Redis over the
`seed_demo --scale city` data, logs in as each role (the policy officer with a second factor),
and measures each role's main pages with wrk: p50, p95, throughput, errors, and throughput as a
share of a trivial view (/health/live/) measured the same way on the same server.

    .venv/bin/python benchmarks/load.py                    # seed if needed, measure, report
    .venv/bin/python benchmarks/load.py --duration 30 --connections 8 --workers 3
    .venv/bin/python benchmarks/load.py --mode mixed     # with writes while the pages are read
    .venv/bin/python benchmarks/load.py --mode cold      # the page cache off: every page afresh

Modes: `read` hammers each page with nothing changing (the page cache's best case); `mixed` does
the same while, about once a second, a partner director posts a progress update and the policy
officer edits a pooled allocation, and checks after each write that the next read of the page
that shows it shows it; `cold` reads with PAGE_CACHE_SECONDS=0, what every page costs afresh.
Each run reports p50, p95 and throughput per page as a share of the floor (/health/live/)
measured in the same run, the errors, and the cache's hit rate (Redis keyspace hits over
lookups while the pages were read).

Targets (issue 19), at 8 concurrent clients on 2 cores: cold, every page >= 10 % of the floor
(the dashboard >= 5 %) and p95 <= 150 ms; mixed, every page >= 20 % of the floor, p95 <= 100 ms,
no errors and every write visible on the next read. The public overview page (issue 16, a visitor
without login): p95 <= 100 ms and >= 50 % of the floor; the API's agreement list (issue 16, with
an organisation's API key): p95 <= 100 ms and >= 25 %.

    .venv/bin/python benchmarks/load.py --only public      # the floor and the public page
    .venv/bin/python benchmarks/load.py --only API         # the floor and the API list
"""

import argparse
import base64
import hmac
import html.parser
import http.cookiejar
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LUA = str(ROOT / "benchmarks" / "wrk_report.lua")
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "Benchmark-wachtwoord-2026"

# (name, persona, path or a key resolved from the data); the dashboard pages join when they exist.
PAGES = [
    ("dashboard", "council", "/dashboard/"),
    ("wijk page", "council", "{wijk_page}"),
    ("agreement list", "director", "/agenda/afspraken/"),
    ("agreement detail", "director", "/agenda/afspraken/{agreement}/"),
    ("mijn afspraken (home)", "director", "/start/"),
    ("budgets overview", "council", "/budgets/"),
    ("budgets matrix", "council", "/budgets/ontschotting/"),
    ("kindcentra list", "officer", "/kindcentra/"),
    ("kindcentrum detail", "officer", "/kindcentra/{kindcentrum}/"),
    # A visitor without login (issue 16): one shared copy for everyone.
    ("public overview", None, "/openbaar/"),
    # The REST API's main list, as a partner system calls it with its organisation's key.
    ("API agreement list (key)", "api_key", "/api/v1/afspraken"),
]
PERSONAS = {
    "officer": "beleid@example.org",
    "director": "bestuurder@example.org",
    "council": "raad@example.org",
}

SETUP_SCRIPT = """
import json
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import NoReverseMatch, reverse
from kindportaal.models import User, Wijk
from agenda.models import Agreement
from kindcentra.models import Kindcentrum
for user in User.objects.filter(email__in=%(emails)r):
    user.set_password(%(password)r)
    user.is_active = True
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
officer = User.objects.get(email=%(officer)r)
Authenticator.objects.filter(user=officer).delete()
TOTP.activate(officer, %(secret)r)
director = User.objects.get(email=%(director)r)
organisations = list(director.memberships.values_list("organisation_id", flat=True))
agreement = (Agreement.objects.filter(parties__in=organisations).order_by("pk").first()
             or Agreement.objects.order_by("pk").first())
wijk = Wijk.objects.order_by("pk").first()
try:
    wijk_page = reverse("reports:wijk", args=[wijk.pk])
except NoReverseMatch:
    wijk_page = wijk.get_absolute_url()
from api import services as api_services
from partners.models import Organisation
_key, api_key = api_services.api_key_create(
    organisation=Organisation.objects.get(pk=organisations[0]), by=director,
    name="Benchmark", can_read=True, can_report=False,
)
try:
    reverse("reports:dashboard")
    dashboard = True
except NoReverseMatch:
    dashboard = False
from budgets.models import Allocation
allocation = Allocation.objects.filter(pooled_budget__isnull=False).order_by("pk").first()
print("RESULT" + json.dumps({
    "agreement": agreement.pk,
    "allocation": allocation.pk,
    "kindcentrum": Kindcentrum.objects.order_by("pk").first().pk,
    "wijk_page": wijk_page,
    "dashboard": dashboard,
    "api_key": api_key,
}))
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def environment(args, static_root):
    return {
        **os.environ,
        "KINDPORTAAL_ENV": "production",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CELERY_BROKER_URL": args.redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": "benchmark",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "PUBLIC_PAGES_ENABLED": "true",
    }


def manage(env, *command, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


def prepare(args, env):
    database = urllib.parse.urlsplit(args.database_url).path.lstrip("/")
    listed = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "1" not in listed:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    log("migrating…")
    manage(env, "migrate", "--noinput", "-v", "0")
    if not args.skip_seed:
        log("seeding the city-sized data set (idempotent)…")
        manage(env, "seed_demo", "--scale", "city")
    log("collecting static files…")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    script = SETUP_SCRIPT % {
        "emails": list(PERSONAS.values()),
        "password": PASSWORD,
        "officer": PERSONAS["officer"],
        "director": PERSONAS["director"],
        "secret": TOTP_SECRET,
    }
    output = manage(env, "shell", "--no-imports", "-c", script, capture=True).stdout
    return json.loads(output.split("RESULT", 1)[1])


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Session:
    """A logged-in browser, as far as cookies and forms go."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, path, fields, keep=False):
        """Submit the form at `path` with `fields`; with `keep`, every other field as it is."""
        _url, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        values = FormValues.of(page) if keep else {}
        values.update({"csrfmiddlewaretoken": token, **fields})
        data = urllib.parse.urlencode(values).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


class FormValues(html.parser.HTMLParser):
    """The values a browser would send for the last <form method="post"> of a page, untouched."""

    @classmethod
    def of(cls, page):
        parser = cls()
        parser.feed(page)
        return parser.values

    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.values = {}
        elif tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            if "selected" in attrs or self.select not in self.values:
                self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


class Writers(threading.Thread):
    """About once a second a write, taking turns: a partner director's progress update on an
    agreement, the policy officer's change of a pooled allocation's realised amount. After each
    write the page that shows it is read once: `invisible` counts the writes it did not show."""

    def __init__(self, sessions, data, interval=1.0):
        super().__init__(daemon=True)
        self.sessions, self.data, self.interval = sessions, data, interval
        self.stopping = threading.Event()
        self.writes = self.invisible = self.failed = 0
        self.number = 0

    def run(self):
        while not self.stopping.wait(self.interval):
            self.number += 1
            try:
                shown = self.progress() if self.number % 2 else self.allocation()
            except OSError as error:
                log(f"write failed: {error}")
                self.failed += 1
                continue
            self.writes += 1
            self.invisible += not shown

    def progress(self):
        director, agreement = self.sessions["director"], self.data["agreement"]
        text = f"Voortgang onder belasting {time.time_ns()}"
        director.post_form(
            f"/agenda/afspraken/{agreement}/voortgang/nieuw/",
            {"text": text, "percent_complete": str(self.number % 100), "health": "on_track"},
            keep=True,
        )
        return text in director.get(f"/agenda/afspraken/{agreement}/")[1]

    def allocation(self):
        officer, allocation = self.sessions["officer"], self.data["allocation"]
        # A whole number of euros well under what any pooled allocation budgets.
        realised = f"{self.number % 500},00"
        path = f"/budgets/toekenningen/{allocation}/"
        officer.post_form(path + "wijzigen/", {"realised": realised}, keep=True)
        return f"€ {self.number % 500},00" in officer.get(path)[1].replace("\xa0", " ")


def redis_hits(redis_url):
    """(keyspace hits, lookups) of the cache's Redis so far."""
    import redis

    info = redis.Redis.from_url(redis_url).info("stats")
    return info["keyspace_hits"], info["keyspace_hits"] + info["keyspace_misses"]


def totp_now():
    """The authenticator app's code now (RFC 6238: HMAC-SHA1, 30 s, 6 digits)."""
    if time.time() % 30 > 27:
        time.sleep(4)
    digest = hmac.new(
        base64.b32decode(TOTP_SECRET), struct.pack(">Q", int(time.time()) // 30), "sha1"
    ).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def log_in(base, email):
    session = Session(base)
    url, _page = session.post_form("/accounts/login/", {"login": email, "password": PASSWORD})
    if "/2fa/authenticate/" in url:
        url, _page = session.post_form("/accounts/2fa/authenticate/", {"code": totp_now()})
    final, _page = session.get("/start/")
    if "/accounts/" in urllib.parse.urlsplit(final).path:
        raise RuntimeError(f"logging in as {email} failed (ended at {final})")
    return session


def wrk(url, cookie, args, headers=()):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        LUA,
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    for header in headers:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "throughput": figures["requests"] / seconds,
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "errors": figures["socket_errors"] + figures["not_200"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kp_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=20, help="seconds per page")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--mode", choices=["read", "mixed", "cold"], default="read")
    parser.add_argument("--write-interval", type=float, default=1.0, help="seconds between writes")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kindportaal-bench-"))
    static_root = workdir / "static"
    env = environment(args, static_root)
    if args.mode == "cold":
        env["PAGE_CACHE_SECONDS"] = "0"
    data = prepare(args, env)
    base = f"http://127.0.0.1:{args.port}"
    processes = []
    try:
        processes.append(
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "kindportaal",
                    "worker",
                    "-Q",
                    "benchmark",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                    "-n",
                    "benchmark@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "kindportaal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    str(args.workers),
                    "--worker-class",
                    "sync",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
        )
        wait_for(base + "/health/")
        log("logging in…")
        sessions = {name: log_in(base, email) for name, email in PERSONAS.items()}
        pages = [
            (name, persona, path.format(**data))
            for name, persona, path in PAGES
            if (data["dashboard"] or name != "dashboard") and (not args.only or args.only in name)
        ]
        results = []
        floor = measure("floor: /health/live/", None, "/health/live/", base, args)
        results.append(floor)
        writers = None
        if args.mode == "mixed":
            # The readers' own sessions: a second login would need a second TOTP code.
            writers = Writers(sessions, data, args.write_interval)
            writers.start()
        hits_before = redis_hits(args.redis_url)
        for name, persona, path in pages:
            if persona == "api_key":
                header = f"X-Api-Key: {data['api_key']}"
                results.append(measure(name, None, path, base, args, headers=[header]))
                continue
            session = sessions[persona] if persona else None
            (session or Session(base)).get(path)  # warm up
            results.append(measure(name, session, path, base, args))
        hits_after = redis_hits(args.redis_url)
        if writers:
            writers.stopping.set()
            writers.join(timeout=30)
        lookups = hits_after[1] - hits_before[1]
        cache = {
            "hit_rate": (hits_after[0] - hits_before[0]) / lookups if lookups else None,
            "lookups": lookups,
        }
        if writers:
            cache.update(writes=writers.writes, invisible=writers.invisible, failed=writers.failed)
        report(results, floor, args, cache)
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


def measure(name, session, path, base, args, headers=()):
    log(f"measuring {name} ({path})…")
    figures = wrk(base + path, session.cookie_header() if session else "", args, headers)
    return {"page": name, "path": path, **figures}


def meets_target(row, share, mode):
    """Issue 19: cold, p95 at most 150 ms and at least 10 % of the floor (5 % the dashboard);
    otherwise p95 at most 100 ms and at least 20 % of the floor; never an error. Issue 16: the
    public pages at most 100 ms and at least 50 % of the floor; the API's list at most 100 ms
    and at least 25 %."""
    if row["page"].startswith("public"):
        return row["p95_ms"] <= 100 and row["errors"] == 0 and share >= 50
    if row["page"].startswith("API"):
        return row["p95_ms"] <= 100 and row["errors"] == 0 and share >= 25
    if mode == "cold":
        needed, p95 = (5 if row["page"] == "dashboard" else 10), 150
    else:
        needed, p95 = 20, 100
    return row["p95_ms"] <= p95 and row["errors"] == 0 and share >= needed


def report(results, floor, args, cache):
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\nMode {args.mode}: load at {args.connections} concurrent clients, "
        f"{args.duration} s per page, "
        f"gunicorn {args.workers} sync workers, {datetime.now().astimezone():%Y-%m-%d %H:%M}; "
        f"the machine's load average afterwards: {load}\n"
    )
    print("| page | p50 ms | p95 ms | req/s | share of floor | errors | target met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in results:
        share = row["throughput"] / floor["throughput"] * 100
        row["share_of_floor"] = share
        met = meets_target(row, share, args.mode)
        print(
            f"| {row['page']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['throughput']:.1f} | {share:.1f} % | {row['errors']} | "
            f"{'—' if row is floor else ('yes' if met else '**no**')} |"
        )
    if cache["hit_rate"] is not None:
        print(f"\nCache hit rate {cache['hit_rate'] * 100:.1f} % of {cache['lookups']} lookups.")
    if "writes" in cache:
        print(
            f"Writes: {cache['writes']} made, {cache['failed']} failed, "
            f"{cache['invisible']} not shown on the next read."
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"load-{datetime.now().astimezone():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({"args": vars(args), "results": results, "cache": cache}, indent=2))
    print(f"\n(raw figures in {path.relative_to(ROOT)})")


if __name__ == "__main__":
    main()

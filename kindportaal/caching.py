"""Pages kept in Redis, and correct after every change.

Every app's data has a version number in the cache. Every statement that writes to a watched
app's table raises that app's number (at once, and again when the transaction commits, so no
reader can store old data under the new number): the database connection itself watches the SQL
it sends (`watch_writes`), so a save, `QuerySet.update()`, `bulk_create`, `loaddata` and raw SQL
all count, and no write has to remember it. A kept page depends on the apps whose tables its
view read (the same watch sees every SELECT while the view runs, and every `versions()` it asks
for a memo of its own), and holds their numbers as they were before the view ran: it is served
while they are the same, so a change to data the page did not read leaves it kept, and the next
request after any change to data it did read works it out afresh.

`@cached_page` on a view that reads (a pure function of the person,
the URL, the language, today's date and the data) keeps its HTML per person and serves it while
no data changed. Its permission checks are part of that function: a change of role, membership
or any other data makes the next request run the view again. The CSRF tokens of the page's forms
are put back fresh for every request; a page that shows a message is never kept.

A kept page's view names the query parameters it reads (`@cached_page(params=("year",))`; a list
names its filters, sort, page and export, kindportaal.listing.list_params). The view sees only
those, in one order, and only they count in the page's key: `?anything=else` is served the same
page and makes no entry of its own. A view that names none reads none.
"""

import contextlib
import contextvars
import functools
import hashlib
import re
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

WATCHED_APPS = (
    "kindportaal",
    "partners",
    "kindcentra",
    "agenda",
    "budgets",
    "housing",
    "reports",
    "api",
)
VERSION_KEY = "dataversion:{}"


def _version_keys(labels):
    return [VERSION_KEY.format(label) for label in labels]


def _first_version():
    # Not 0: should Redis lose the numbers, new ones never repeat old ones (whose pages a
    # process may still hold in memory).
    return time.time_ns()


# The numbers read while answering the current request, by label: Redis is asked once per
# request (the person's look-up, the page's key and the header's count share one read). Outside a
# request it is None and every call asks Redis; a bump empties it.
_read_in_request = contextvars.ContextVar("kindportaal_versions_read", default=None)


def _request_started(**kwargs):
    _read_in_request.set({})


def _request_finished(**kwargs):
    _read_in_request.set(None)


request_started.connect(_request_started, dispatch_uid="kindportaal.caching.request_started")
request_finished.connect(_request_finished, dispatch_uid="kindportaal.caching.request_finished")


def versions(labels):
    """The current version numbers of the given apps' data, as one string; None when the cache
    cannot tell them (Redis does not answer): then nothing may be served from it."""
    numbers = _numbers(labels)
    if numbers is None:
        return None
    return "-".join(numbers[label] for label in labels)


def _numbers(labels):
    """The current version numbers by label, or None (see versions)."""
    reading = _reading.get()
    if reading is not None:
        reading.update(label for label in labels if label in WATCHED_APPS)
    read = _read_in_request.get()
    if read is not None and all(label in read for label in labels):
        return {label: read[label] for label in labels}
    keys = _version_keys(labels)
    values = cache.get_many(keys)
    missing = [key for key in keys if key not in values]
    if missing:
        for key in missing:
            cache.add(key, _first_version(), timeout=None)
        values.update(cache.get_many(missing))
        if any(key not in values for key in keys):
            return None
    numbers = {label: str(values[key]) for label, key in zip(labels, keys, strict=True)}
    if read is not None:
        read.update(numbers)
    return numbers


def _increment(labels):
    for key in _version_keys(labels):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, _first_version(), timeout=None)
            cache.incr(key)
    if _read_in_request.get():
        _read_in_request.set({})  # this request reads the numbers again


class _IncrementOnCommit:
    def __init__(self, labels):
        self.labels = labels

    def __call__(self):
        _increment(self.labels)


def _pending(connection):
    """The labels whose numbers this transaction raised already and raises again on commit."""
    return {
        label
        for _savepoints, func, _robust in connection.run_on_commit
        if isinstance(func, _IncrementOnCommit)
        for label in func.labels
    }


def bump(*labels):
    """Mark the data of these apps as changed: kept pages that depend on them are stale. The
    numbers are raised at once and again when the transaction commits (once however many
    writes it makes)."""
    _increment(labels)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        pending = _pending(connection)
        labels = tuple(label for label in labels if label not in pending)
    if labels:
        transaction.on_commit(_IncrementOnCommit(labels))


# The header's count of unread notices belongs to the person and changes without any page's data
# changing: like the CSRF tokens it is taken out of a kept page and put in fresh for every request
# (one query), and the notices themselves are not watched (UNWATCHED_MODELS).
NOTICES_PART = re.compile(r"<!--notices-->.*?<!--/notices-->", re.S)
NOTICES_PLACEHOLDER_BYTES = b"\x00notices\x00"
UNWATCHED_MODELS = {
    "kindportaal.Notice",
    "kindportaal.NoticePreference",
    "kindportaal.NoticeDigest",
    # The audit log is written by logins and downloads and shown on no kept page.
    "kindportaal.AuditEvent",
}

CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = "\x00csrf\x00"
CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


@functools.cache
def code_fingerprint(folders):
    """What the code, templates and translations in `folders` look like: a new deployment never
    meets what the previous one kept."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".html", ".txt", ".py", ".mo"):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def release():
    """The fingerprint of everything a kept page is made of."""
    return code_fingerprint(("templates", *WATCHED_APPS, "locale"))


def page_key(request, name):
    raw = "|".join(
        [
            release(),
            name,
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            get_language() or "",
            f"user-{request.user.pk}",
            timezone.localdate().isoformat(),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _keepable(request, response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.streaming
        and not _has_messages(request)
    )


def _view_headers(response):
    """The headers the view gave its answer (the content type among them), to answer with again;
    the middleware adds its own to every answer, kept or not."""
    return {name: value for name, value in response.items() if name != "Content-Length"}


def _tokens_out(response):
    html = CSRF_FIELD.sub(
        lambda match: match.group(1) + CSRF_PLACEHOLDER + match.group(2),
        response.content.decode(response.charset),
    )
    return NOTICES_PART.sub(NOTICES_PLACEHOLDER_BYTES.decode(), html)


def _notices_in(request, body):
    if NOTICES_PLACEHOLDER_BYTES not in body:
        return body
    from kindportaal.context_processors import notices_link

    return body.replace(NOTICES_PLACEHOLDER_BYTES, notices_link(request).encode())


INDENTATION = re.compile(r"\n\s+")


def _compact(html):
    """The page without the templates' indentation (a fifth of a big page), where that is safe."""
    if "<pre" in html or "<textarea" in html:
        return html
    return INDENTATION.sub("\n", html)


class RecentPages:
    """The pages this process served last, so that a popular page need not come from Redis every
    time; a value's second item is its body, which counts towards `max_bytes`. An entry is kept
    no longer than PAGE_CACHE_SECONDS, and the least recently used go first beyond that size;
    whoever reads one tells whether it is still current (its key or its value holds the data's
    versions)."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires < time.monotonic():
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return value

    def put(self, key, value):
        entry = self.entries.get(key)
        if entry is not None:
            if entry[1] is value:
                return
            self._drop(key)  # the page made again after a change
        self.entries[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, value)
        self.size += len(value[1])
        while self.size > self.max_bytes and self.entries:
            self._drop(next(iter(self.entries)))

    def _drop(self, key):
        _expires, value = self.entries.pop(key)
        self.size -= len(value[1])

    def clear(self):
        self.entries.clear()
        self.size = 0


recent_pages = RecentPages(max_bytes=32 * 1024 * 1024)


def _has_messages(request):
    return len(get_messages(request)) > 0


def only_known_params(request, known):
    """Leave out of the request every query parameter not in `known`, and put the others in one
    order (by name; the values of a name as they came): the view, its links and the page's key
    see the same query."""
    if not request.GET:
        return
    kept = QueryDict(mutable=True)
    for name in sorted(request.GET):
        if name in known:
            kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def cached_page(view=None, *, params=()):
    """Keep the HTML a reading view answers with, per person, until the data it read changes.

    `params`: the query parameters the view reads (or a function that names them, asked once);
    any other is left out of the request before the view sees it."""

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"
        known = functools.cache(lambda: frozenset(params() if callable(params) else params))

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            only_known_params(request, known())
            if (
                request.method not in ("GET", "HEAD")
                or not settings.PAGE_CACHE_SECONDS
                or not request.user.is_authenticated
                or _has_messages(request)
            ):
                return view(request, *args, **kwargs)
            # Before the view runs: a change while it works leaves what it made stale.
            before = _numbers(WATCHED_APPS)
            if before is None:
                return view(request, *args, **kwargs)
            key = page_key(request, name)
            kept = recent_pages.get(key) or cache.get(key)
            if kept is None or any(before[label] != number for label, number in kept.numbers):
                with reading() as read:
                    response = view(request, *args, **kwargs)
                    keepable = _keepable(request, response)
                if not keepable:
                    return response
                kept = KeptPage(
                    numbers=tuple((label, before[label]) for label in sorted(read | ALWAYS_READ)),
                    headers=_view_headers(response),
                    body=_compact(_tokens_out(response)).encode(response.charset),
                )
                cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
            recent_pages.put(key, kept)
            return HttpResponse(
                _notices_in(
                    request, kept.body.replace(CSRF_PLACEHOLDER_BYTES, get_token(request).encode())
                ),
                headers=kept.headers,
            )

        return wrapper

    return decorator(view) if view is not None else decorator


class KeptPage(NamedTuple):
    headers: dict
    body: bytes  # second, as RecentPages counts it
    numbers: tuple  # (label, version number) of every app the view read, before it ran


# Who the person is and what they may do: read before any view runs (the person may come from
# memory, kindportaal/backends.py), so every kept page depends on it.
ALWAYS_READ = frozenset({"kindportaal"})
_reading = contextvars.ContextVar("kindportaal_apps_read", default=None)


@contextlib.contextmanager
def reading():
    """The watched apps whose tables the code in the block reads, or whose numbers it asks for
    (a memo of its own keyed on them); a block within another counts for both."""
    read = set()
    token = _reading.set(read)
    try:
        yield read
    finally:
        _reading.reset(token)
        outer = _reading.get()
        if outer is not None:
            outer.update(read)


# Which tables' writes raise which apps' numbers, and which apps a read of a table depends on (the
# same, with the history tables): filled by watch_writes() from the models.
TABLE_APPS: dict[str, frozenset[str]] = {}
READ_APPS: dict[str, frozenset[str]] = {}
TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.I)
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.I)
# What a login (last_login) and an API key's use (last_used_at) save alone: no kept page shows it.
BOOKKEEPING = re.compile(r'^UPDATE "\w+" SET "(?:last_login|last_used_at)" = %s WHERE [^,]*$')


def written_apps(sql):
    """The watched apps whose data this SQL statement changes."""
    match = WRITE.match(sql)
    if match is not None:
        if BOOKKEEPING.match(sql):
            return frozenset()
        return TABLE_APPS.get(match.group(1), frozenset())
    if TRUNCATE.match(sql):
        return frozenset().union(*(apps for table, apps in TABLE_APPS.items() if table in sql))
    return frozenset()


def read_apps(sql):
    """The watched apps whose data this SQL statement reads."""
    return frozenset().union(*(READ_APPS.get(table, ()) for table in TABLES.findall(sql)))


def _watch(execute, sql, params, many, context):
    read = _reading.get()
    if read is not None:
        read.update(read_apps(sql))
    labels = written_apps(sql)
    result = execute(sql, params, many, context)
    if labels:
        bump(*sorted(labels))
    return result


def _watch_connection(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def watch_writes(models):
    """Watch every write to these models' tables, whatever makes it (a save, `update()`,
    `bulk_create`, `loaddata`, raw SQL): called once from KindportaalConfig.ready() with every
    model, auto-created many-to-many tables included."""
    from simple_history.models import HistoricalChanges

    tables, histories = {}, {}
    for model in models:
        label = model._meta.app_label
        if label not in WATCHED_APPS or model._meta.label in UNWATCHED_MODELS:
            continue
        if issubclass(model, HistoricalChanges):
            # Written with a save of the model it follows, which is watched itself.
            histories[model._meta.db_table] = frozenset({label})
            continue
        tables.setdefault(model._meta.db_table, set()).add(label)
        for field in model._meta.local_many_to_many:
            related = field.remote_field.model._meta.app_label
            through = field.remote_field.through._meta.db_table
            tables.setdefault(through, set()).update(
                {label} | ({related} if related in WATCHED_APPS else set())
            )
    TABLE_APPS.clear()
    TABLE_APPS.update({table: frozenset(labels) for table, labels in tables.items()})
    READ_APPS.clear()
    READ_APPS.update(TABLE_APPS, **histories)
    connection_created.connect(_watch_connection, dispatch_uid="kindportaal.caching.watch")
    for connection in connections.all(initialized_only=True):
        _watch_connection(None, connection)

"""The portal as the drills find it: every page of the URL patterns, opened by a persona that may
open it, with the forms on it; and a fingerprint of every table to tell whether anything changed.

The objects in the URLs and the personas come from the permission matrix (its `world` and its
expected outcomes), so a new URL is walked by the drills as soon as the matrix knows it."""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from tests.drills.forms import Form, post_forms
from tests.permission_matrix.framework import OK, UNNAMED
from tests.test_permission_matrix import PATTERNS, expectation, url_for

# Who opens a page for the drills: the first persona in this order that may.
PREFERENCE = [
    "policy_officer",
    "director_a",
    "director_b",
    "council_member",
    "administrator",
    "anonymous",
]
# The admin is Django's own (and for beheerders only); the drills walk the portal's pages.
SKIPPED_NAMESPACES = ("admin:",)
# Sessions change with every request that shows a message; they are not the portal's data. The
# audit log records refused attempts too (a wrong password or code): that is what it is for.
UNWATCHED_TABLES = {"django_session", "kindportaal_auditevent"}


@dataclass
class FoundForm:
    url_name: str  # of the page the form is on
    page_url: str
    action: str  # the path the form posts to
    action_name: str  # its URL name
    persona: str  # who saw it
    form: Form


def page_urls(world):
    """(URL name, URL, rule) of every named page the portal serves, admin left out."""
    for name in sorted(PATTERNS):
        if UNNAMED in name or name.startswith(SKIPPED_NAMESPACES):
            continue
        yield name, url_for(name, world), expectation(name)


def client_as(world, persona):
    client = Client(raise_request_exception=False)
    user = getattr(world, persona)
    if user is not None:
        client.force_login(user)
    return client


def url_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return match.view_name


def find_forms(world):
    """Every form that posts, on every page, as seen by the first persona that may open it;
    one per action (the same form on several pages is tried once)."""
    clients = {}
    found = {}
    for name, url, rule in page_urls(world):
        persona = next((p for p in PREFERENCE if rule.outcomes.get(p) == OK), None)
        if persona is None:
            continue
        client = clients.setdefault(persona, client_as(world, persona))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content):
            action = urlsplit(urljoin(url, form.action or url)).path
            key = (action, tuple(sorted(field.name for field in form.fields)))
            found.setdefault(key, FoundForm(name, url, action, url_name(action), persona, form))
    return list(found.values())


def model_tables():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables - UNWATCHED_TABLES)


def fingerprint(tables=None):
    """{table: digest of all its rows}: equal fingerprints, equal data."""
    tables = tables or model_tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        f"FROM {quote(table)} t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def changed_tables(before, after):
    return sorted(table for table in before if before[table] != after.get(table))

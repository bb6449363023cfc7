"""Drill: every write URL of the portal, POSTed by every persona that may not use it, with the
data the allowed persona's form would send: refused, and nothing changed.

The write URLs are found, not listed: the URLs the forms on the walked pages post to
(tests/drills/portal.py), and those the permission matrix POSTs to. Who may use a URL comes from
the permission matrix: for a URL it POSTs to, the personas whose POST is let through; otherwise
those who may open its page. Everyone else — anonymous included — must be refused (403, 404,
405 or a redirect, to the login page or elsewhere) with every table as it was. Allauth's own
account pages (each person's own password, e-mail and second factor) and the admin are left out:
there is no persona there that may not use them."""

import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from tests.drills.portal import (
    changed_tables,
    client_as,
    find_forms,
    fingerprint,
    model_tables,
    page_urls,
)
from tests.permission_matrix.framework import OK, PERSONAS, REDIRECT

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.django_db]

PORTAL_NAMESPACES = ("kindportaal:", "partners:", "kindcentra:", "agenda:", "budgets:", "reports:")
REFUSED_STATUSES = {302, 403, 404, 405}


def _allowed(rule):
    if rule.post is not None:
        return {p for p, outcome in rule.post.items() if outcome in (OK, REDIRECT)}
    return {p for p, outcome in rule.outcomes.items() if outcome == OK}


def write_urls(world):
    """(URL name, URL, rule, data an allowed persona's form sends) of every write URL."""
    forms = {}
    for found in find_forms(world):
        forms.setdefault(found.action, found.form.data())
    for name, url, rule in page_urls(world):
        if not name.startswith(PORTAL_NAMESPACES):
            continue
        if url in forms or rule.post is not None:
            yield name, url, rule, forms.get(url, {})


def test_every_write_url_refuses_every_persona_that_may_not_use_it(world):
    started = time.monotonic()
    tables = model_tables()
    clients = {persona: client_as(world, persona) for persona in PERSONAS}
    login = reverse(settings.LOGIN_URL)
    failures, answers, urls = [], Counter(), 0
    for name, url, rule, data in write_urls(world):
        urls += 1
        for persona in sorted(set(PERSONAS) - _allowed(rule)):
            with transaction.atomic():
                before = fingerprint(tables)
                response = clients[persona].post(url, data)
                status = response.status_code
                changed = changed_tables(before, fingerprint(tables))
                transaction.set_rollback(True)
            where = urlsplit(response.get("Location", "")).path
            answers["login" if where == login else status] += 1
            if status not in REFUSED_STATUSES:
                failures.append(f"{persona} POST {name}: {status}")
            if persona == "anonymous" and where != login:
                failures.append(f"anonymous POST {name}: {status} {where}, not the login page")
            if changed:
                failures.append(f"{persona} POST {name} changed {changed}")
    assert failures == []
    assert urls >= 40
    print(
        f"DRILL write permissions: {urls} write URLs, {answers.total()} refused POSTs, answers "
        f"{dict(answers)}, nothing changed, {time.monotonic() - started:.1f} s"
    )

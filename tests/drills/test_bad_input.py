"""Drill: a corpus of bad input through every form of the portal, found by walking the URL
patterns (tests/drills/portal.py) and reading the forms from each page's HTML.

Each field in turn gets values from tests/drills/corpus.py (HTML and script, formulas, NUL and
control characters, invalid UTF-8, 10,000 characters, wrong types, negative and huge numbers,
impossible dates, malformed CSV for files), the other fields what the page filled in; each form
also gets every universal value in all its fields at once. Every request runs in a savepoint
that is rolled back afterwards, so each starts from the same data.

Asserted: never a 500; where the input was refused (the form shown again, or any answer but a
redirect), no table changed. Then every text field is saved with an HTML-and-formula payload, and
every page and every CSV export must show it escaped (HTML) or neutralised (CSV). The LEA PDF is
the LEA document's own drill (issue 6)."""

import time
from collections import Counter

import pytest
from django.db import transaction

from tests.drills.corpus import (
    BY_KIND,
    MARK,
    SCRIPT,
    STORED_PAYLOAD,
    UNIVERSAL,
    malformed_csv,
    values_for,
)
from tests.drills.portal import (
    changed_tables,
    client_as,
    find_forms,
    fingerprint,
    model_tables,
    page_urls,
)
from tests.permission_matrix.framework import OK

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.django_db]

PER_FIELD = 2
# Sent in all fields of each form at once.
ALL_AT_ONCE = [UNIVERSAL[0], UNIVERSAL[2], UNIVERSAL[4], UNIVERSAL[5]]
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def _data_with(found, name, value):
    data = found.form.data()
    if name is None:  # every field at once
        return {field: [value] for field in data} | {
            field.name: [value] for field in found.form.fields if field.name not in SKIPPED_FIELDS
        }
    data[name] = value if isinstance(value, list) else [value]
    return data


def _post(client, found, data):
    files = {field.name: malformed_csv() for field in found.form.fields if field.kind == "file"}
    data = {name: values for name, values in data.items() if name not in files} | files
    return client.post(found.action, data)


def _try(client, found, data, tables, failures, outcomes, label):
    with transaction.atomic():
        before = fingerprint(tables)
        response = _post(client, found, data)
        status = response.status_code
        if status >= 500:
            failures.append(f"{status} from {found.action} ({label})")
        elif status not in (301, 302):
            changed = changed_tables(before, fingerprint(tables))
            if changed:
                failures.append(f"{found.action} refused ({label}) yet changed {changed}")
        outcomes[status] += 1
        transaction.set_rollback(True)


def test_bad_input_through_every_form_gives_no_500_and_changes_nothing_it_refuses(world):
    started = time.monotonic()
    forms = find_forms(world)
    tables = model_tables()
    clients = {}
    failures, outcomes = [], Counter()
    sent = 0
    for found in forms:
        client = clients.setdefault(found.persona, client_as(world, found.persona))
        names = {}
        for field in found.form.fields:
            if field.name not in SKIPPED_FIELDS:
                names.setdefault(field.name, field.kind)
        for index, (name, kind) in enumerate(names.items()):
            for value in values_for(kind, index, PER_FIELD):
                label = f"{name}={value!r:.40}"
                _try(
                    client, found, _data_with(found, name, value), tables, failures, outcomes, label
                )
                sent += 1
        for value in ALL_AT_ONCE:
            label = f"all fields={value!r:.40}"
            _try(client, found, _data_with(found, None, value), tables, failures, outcomes, label)
            sent += 1
    seconds = time.monotonic() - started
    assert failures == []
    print(
        f"DRILL bad input: {len(forms)} forms, {sent} requests, answers {dict(outcomes)}, "
        f"{seconds:.1f} s"
    )


TEXT_KINDS = {"text"}


def test_stored_payloads_are_escaped_in_every_page_and_neutralised_in_every_csv_export(world):
    started = time.monotonic()
    forms = find_forms(world)
    clients = {}
    stored = []
    for found in forms:
        client = clients.setdefault(found.persona, client_as(world, found.persona))
        names = sorted(
            {field.name for field in found.form.fields if field.kind in TEXT_KINDS} - SKIPPED_FIELDS
        )
        for name in names:
            # Each field on its own, on the page as it is now (versions move on with each save).
            for fresh in find_forms_on(client, found):
                data = fresh.form.data()
                data[name] = [STORED_PAYLOAD]
                response = client.post(fresh.action, data)
                assert response.status_code < 500
                if response.status_code in (301, 302):
                    stored.append(f"{found.action_name}.{name}")
    assert stored, "no text field took the payload"

    shown, exports, neutralised, problems = 0, 0, 0, []
    for _name, url, rule in page_urls(world):
        persona = next(
            (p for p in ("policy_officer", "council_member") if rule.outcomes.get(p) == OK), None
        )
        if persona is None:
            continue
        client = clients.setdefault(persona, client_as(world, persona))
        for address in (url, f"{url}?export=csv"):
            response = client.get(address)
            if response.status_code != 200:
                continue
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode("utf-8", errors="replace")
            kind = response.get("Content-Type", "")
            if "text/html" in kind:
                if SCRIPT in body or "<img src=x onerror" in body:
                    problems.append(f"unescaped payload in {address}")
                shown += body.count(f"&lt;script&gt;{MARK}()")
            elif "csv" in kind:
                exports += 1
                for line in body.splitlines():
                    for cell in line.split(";"):
                        cell = cell.strip('"')
                        if MARK in cell and cell.startswith(("=", "+", "-", "@")):
                            problems.append(f"formula in {address}: {cell[:60]}")
                        elif MARK in cell and cell.startswith("'="):
                            neutralised += 1
    assert problems == []
    assert shown, "the stored payload was shown nowhere"
    assert neutralised, "no CSV export showed the stored payload"
    print(
        f"DRILL stored payloads: {len(stored)} text fields saved with the payload, shown escaped "
        f"{shown} times, {exports} CSV exports checked ({neutralised} cells with the formula, each "
        f"neutralised), {time.monotonic() - started:.1f} s"
    )


def find_forms_on(client, found):
    """The form as the page shows it now (with the current version)."""
    from tests.drills.forms import post_forms

    response = client.get(found.page_url)
    if response.status_code != 200:
        return []
    keys = {field.name for field in found.form.fields}
    return [
        type(found)(
            found.url_name, found.page_url, found.action, found.action_name, found.persona, form
        )
        for form in post_forms(response.content)
        if {field.name for field in form.fields} == keys
        and (form.action or found.page_url).endswith(found.action)
    ][:1]


def test_bad_input_through_the_audit_log_filters_gives_a_dutch_message_never_a_500(world):
    """The audit log's filter form (a GET form, which the walk above leaves out): each field gets
    the corpus; never a 500, a bad date is told in Dutch, and a refused filter shows no records."""
    from django.urls import reverse

    from tests.drills.forms import forms_in

    url = reverse("kindportaal:audit_log")
    client = client_as(world, "administrator")
    [form] = [
        form
        for form in forms_in(client.get(url).content)
        if form.method == "get" and "date_from" in form.named()
    ]
    names = {field.name: field.kind for field in form.fields if field.name != "sort"}
    assert {"date_from", "date_to", "person", "kind"} <= set(names)
    failures, sent = [], 0
    for index, (name, kind) in enumerate(names.items()):
        values = values_for(kind, index, 4) + (BY_KIND["date"] if kind == "date" else [])
        for value in values:
            data = form.data() | {name: value if isinstance(value, list) else [value]}
            for extra in ({}, {"export": "csv"}):
                response = client.get(url, data | extra)
                sent += 1
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} for {name}={value!r:.40} {extra}")
    for bad in BY_KIND["date"]:
        page = client.get(url, {"date_from": bad}).content.decode()
        if "Voer een geldige datum in." not in page:
            failures.append(f"no Dutch message for date_from={bad!r}")
    assert failures == []
    print(f"DRILL audit log filters: {sent} requests, no 500")

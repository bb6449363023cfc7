"""Every URL of the project × every persona against the expected-outcome table (see
tests/permission_matrix/framework.py). A new URL without an entry makes this test fail."""

from importlib import import_module
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.permission_matrix.framework import (
    ADMIN_OK,
    ADMIN_REFUSED,
    LOGIN,
    PERSONAS,
    REDIRECT,
    UNNAMED,
    rule_for,
    unnamed_url,
    url_patterns,
)

APPS = ["kindportaal", "partners", "kindcentra", "agenda", "budgets", "reports"]


def _modules():
    modules = []
    for app in APPS:
        try:
            modules.append(import_module(f"tests.permission_matrix.{app}"))
        except ModuleNotFoundError as error:
            if error.name != f"tests.permission_matrix.{app}":
                raise
    return modules


MODULES = _modules()
EXPECTATIONS = {}
for _module in MODULES:
    EXPECTATIONS.update(_module.EXPECTATIONS)

ALL_URLS = sorted({name for name, _, _ in url_patterns()})


def test_every_url_pattern_has_an_expectation():
    missing = [name for name in ALL_URLS if rule_for(name, EXPECTATIONS) is None]
    assert missing == [], f"URL patterns without a permission expectation: {missing}"


def test_no_expectation_for_a_url_that_does_not_exist():
    namespaces = {name.split(":", 1)[0] for name in ALL_URLS if ":" in name}
    stale = [
        key
        for key in EXPECTATIONS
        if key not in ALL_URLS and not (key.endswith(":*") and key[:-2] in namespaces)
    ]
    assert stale == []


def test_every_rule_covers_every_persona():
    incomplete = {
        name: sorted(set(PERSONAS) - set(rule.outcomes))
        for name, rule in EXPECTATIONS.items()
        if set(rule.outcomes) != set(PERSONAS)
    }
    assert incomplete == {}


@pytest.fixture
def world(personas, organisation_a, organisation_b):
    world = SimpleNamespace(
        **personas, organisation_a=organisation_a, organisation_b=organisation_b
    )
    for module in MODULES:
        module.build(world)
    return world


def _login_path():
    return reverse(settings.LOGIN_URL)


def _outcome(response, expected):
    """Reduce a response to the vocabulary of the table, as precisely as `expected` needs."""
    status = response.status_code
    location = urlsplit(response.get("Location", "")).path if status in (301, 302) else ""
    if expected == LOGIN:
        return LOGIN if status == 302 and location == _login_path() else (status, location)
    if expected == REDIRECT:
        return REDIRECT if status == 302 else status
    if expected == ADMIN_REFUSED:
        refused = status == 403 or (
            status == 302 and location in {_login_path(), reverse("admin:login")}
        )
        return ADMIN_REFUSED if refused else (status, location)
    if expected == ADMIN_OK:
        return ADMIN_OK if status in (200, 302, 404) else status
    return status


def _arguments(name, rule, world, pattern):
    """(args, kwargs) to reverse the URL with."""
    if rule.kwargs is not None:
        return [], rule.kwargs(world) if callable(rule.kwargs) else rule.kwargs
    if name.startswith("admin:"):
        return _admin_arguments(pattern)
    return [], {}


def _admin_arguments(pattern):
    """Arguments for an admin URL: object 1 (which may not exist: then the admin says so)."""
    regex = pattern.pattern.regex
    names = list(pattern.pattern.converters) or list(regex.groupindex)
    if regex.groups > len(regex.groupindex):  # unnamed groups, e.g. simple-history's pages
        return ["1"] * regex.groups, {}
    kwargs = {}
    for key in names:
        if key == "object_id":
            kwargs[key] = "1"
        elif key == "app_label":
            kwargs[key] = "kindportaal"
        elif key == "content_type_id":
            kwargs[key] = str(
                ContentType.objects.get_for_model(apps.get_model("kindportaal.Wijk")).pk
            )
        elif key == "url":
            kwargs[key] = "does-not-exist/"
        else:
            kwargs[key] = "1"
    return [], kwargs


PATTERNS = {name: (pattern, prefix) for name, pattern, prefix in url_patterns()}


@pytest.mark.parametrize("name", ALL_URLS)
def test_url_answers_each_persona_as_expected(name, world):
    rule = rule_for(name, EXPECTATIONS)
    assert rule is not None, f"{name} has no permission expectation"
    pattern, prefix = PATTERNS[name]
    if UNNAMED in name:
        url = unnamed_url(prefix, pattern)
    else:
        args, kwargs = _arguments(name, rule, world, pattern)
        url = reverse(name, args=args, kwargs=kwargs)
    mismatches = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        user = getattr(world, persona)
        if user is not None:
            client.force_login(user)
        expected = rule.outcomes[persona]
        actual = _outcome(client.get(url), expected)
        if actual != expected:
            mismatches[persona] = {"expected": expected, "got": actual}
        if rule.post is not None:
            expected_post = rule.post[persona]
            actual_post = _outcome(client.post(url), expected_post)
            if actual_post != expected_post:
                mismatches[f"{persona} (POST)"] = {"expected": expected_post, "got": actual_post}
    assert mismatches == {}, f"GET {url}"

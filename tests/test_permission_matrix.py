"""Every URL of the project × every persona against the expected-outcome table (see
tests/permission_matrix/framework.py). A new URL without an entry makes this test fail."""

from importlib import import_module
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.urls import reverse

from tests.kindportaal.test_content_security_policy import STRICT, directives
from tests.permission_matrix.framework import (
    ADMIN_OK,
    ADMIN_REFUSED,
    LOGIN,
    PERSONAS,
    REDIRECT,
    UNNAMED,
    MissingExpectation,
    expectation_for,
    rule_for,
    unnamed_url,
    url_patterns,
)

APPS = [
    "kindportaal",
    "partners",
    "kindcentra",
    "agenda",
    "budgets",
    "housing",
    "reports",
    "search",
    "openbaar",
    "api",
]


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
        if key not in ALL_URLS
        and not (key.endswith(":*") and key[:-2] in namespaces)
        and not (key.endswith(f":{UNNAMED}*") and any(UNNAMED in name for name in ALL_URLS))
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
        return ADMIN_OK if status == 200 else (status, location)
    return status


def _kept_from_shared_caches(response):
    """What a logged-in person is answered (a page, an export, a redirect) is theirs: no proxy
    or browser cache may keep it (`Cache-Control: private, no-store`)."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def _shared_for_everyone(response):
    """A public page (or data file) is one copy for everyone: a proxy may keep it, it does not
    vary with the cookie, and it starts no session and sets no CSRF cookie."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    vary = {part.strip() for part in response.get("Vary", "").split(",")}
    return "public" in directives and "Cookie" not in vary and not response.cookies


def _carries_the_policy(name, response):
    """Every answer carries the portal's strict Content-Security-Policy, enforced; an uploaded
    file that is sent its own, stricter one (a sandbox, kindportaal/media.py)."""
    if "Content-Security-Policy-Report-Only" in response:
        return False
    if name == "media" and response.status_code == 200:
        return "sandbox" in directives(response)
    return directives(response) == STRICT


def _arguments(name, rule, world, pattern):
    """(args, kwargs) to reverse the URL with."""
    if rule.kwargs is not None:
        return [], rule.kwargs(world) if callable(rule.kwargs) else rule.kwargs
    if name.startswith("admin:"):
        return _admin_arguments(name, pattern)
    return [], {}


def _admin_arguments(name, pattern):
    """Arguments for an admin URL: an existing object of the page's model (and its first
    historical version), so that the page shows it; `build` makes sure one exists."""
    regex = pattern.pattern.regex
    model = _admin_model(name)
    if name.endswith("_simple_history"):  # simple-history's version page: unnamed groups
        record = model.history.order_by("history_id").first()
        return [str(getattr(record, model._meta.pk.attname)), str(record.history_id)], {}
    kwargs = {}
    for key in list(pattern.pattern.converters) or list(regex.groupindex):
        if key in {"object_id", "id"}:
            kwargs[key] = str(_first_pk(model or apps.get_model("kindportaal.Wijk")))
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


def _admin_model(name):
    """The model an admin URL name is about (admin:<app>_<model>_<page>), or None."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    if name == "admin:auth_user_password_change":  # Django names it so for any user model
        return get_user_model()
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _first_pk(model):
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, f"the permission matrix's world has no {model.__name__}"
    return pk


PATTERNS = {name: (pattern, prefix) for name, pattern, prefix in url_patterns()}


def expectation(name):
    """The rule for a URL name; a pattern without one fails naming the pattern."""
    pattern, prefix = PATTERNS[name]
    return expectation_for(name, EXPECTATIONS, route=f"{prefix}{pattern.pattern}")


def url_for(name, world):
    """A concrete URL for every URL pattern, with the objects of the `world` in it."""
    pattern, prefix = PATTERNS[name]
    if UNNAMED in name:
        return unnamed_url(prefix, pattern)
    args, kwargs = _arguments(name, expectation(name), world, pattern)
    return reverse(name, args=args, kwargs=kwargs)


def test_a_url_without_expectation_is_named_by_every_walker(monkeypatch, world):
    from tests.drills.portal import page_urls

    monkeypatch.delitem(EXPECTATIONS, "kindportaal:profile")
    named = r"'kindportaal:profile' \(/\S+\).*tests/permission_matrix/kindportaal.py"
    with pytest.raises(MissingExpectation, match=named):
        url_for("kindportaal:profile", world)
    with pytest.raises(MissingExpectation, match=named):
        list(page_urls(world))


@pytest.mark.parametrize("name", ALL_URLS)
def test_url_answers_each_persona_as_expected(name, world):
    rule = expectation(name)
    url = url_for(name, world)
    mismatches = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        user = getattr(world, persona)
        if user is not None:
            client.force_login(user)
        expected = rule.outcomes[persona]
        if persona == "anonymous":
            with override_settings(PUBLIC_PAGES_ENABLED=False):
                response = client.get(url)
        else:
            response = client.get(url)
        actual = _outcome(response, expected)
        if actual != expected:
            mismatches[persona] = {"expected": expected, "got": actual}
        if user is not None and not _kept_from_shared_caches(response):
            mismatches[f"{persona} (Cache-Control)"] = response.get("Cache-Control", "")
        if (
            persona == "public"
            and name.startswith("openbaar:")
            and response.status_code == 200
            and not _shared_for_everyone(response)
        ):
            mismatches["public (one copy for everyone)"] = dict(response.headers)
        if not _carries_the_policy(name, response):
            policy = response.get("Content-Security-Policy", "")
            mismatches[f"{persona} (Content-Security-Policy)"] = policy
        if rule.post is not None:
            expected_post = rule.post[persona]
            actual_post = _outcome(client.post(url), expected_post)
            if actual_post != expected_post:
                mismatches[f"{persona} (POST)"] = {"expected": expected_post, "got": actual_post}
    assert mismatches == {}, f"GET {url}"


# The API's operations, with their methods and valid bodies, for the portal's personas and for
# API keys of two organisations (tests/permission_matrix/api.py).


def _api_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
    )


def test_every_api_operation_has_an_expectation():
    from tests.permission_matrix.api import OPERATIONS

    assert sorted(OPERATIONS) == _api_operations()


@pytest.mark.parametrize(
    "operation_id",
    sorted(__import__("tests.permission_matrix.api", fromlist=["OPERATIONS"]).OPERATIONS),
)
def test_api_operation_answers_each_persona_and_key_as_expected(operation_id, world):
    import json

    from tests.permission_matrix.api import API_PERSONAS, KEYS, OPERATIONS

    operation = OPERATIONS[operation_id]
    mismatches = {}
    for persona in API_PERSONAS:
        client = Client(raise_request_exception=False)
        headers = {}
        if persona in KEYS:
            headers["HTTP_X_API_KEY"] = world.keys[persona][1]
        elif getattr(world, persona) is not None:
            client.force_login(getattr(world, persona))
        body = operation.body(world)
        with override_settings(PUBLIC_PAGES_ENABLED=persona != "anonymous"):
            response = client.generic(
                operation.method,
                operation.url(world),
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                **headers,
            )
        expected = operation.outcomes[persona]
        if response.status_code != expected:
            mismatches[persona] = {"expected": expected, "got": response.status_code}
        if response.status_code >= 400 and response["Content-Type"] != "application/problem+json":
            mismatches[f"{persona} (problem+json)"] = response["Content-Type"]
        if response.get("API-Version") != settings.API_VERSION:
            mismatches[f"{persona} (API-Version)"] = response.get("API-Version")
    assert mismatches == {}, f"{operation.method} {operation.url(world)}"

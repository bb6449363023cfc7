"""The role × URL permission matrix: every URL pattern of the project, found through the URL
resolver, is requested by every persona and compared with an expected-outcome table.

Each app keeps its part of the table in tests/permission_matrix/<app>.py as EXPECTATIONS, a
mapping from URL name (or "namespace:*" for a whole namespace) to a Rule, and a build(world)
that creates the objects its URLs need. A URL without an entry fails the test.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# "anonymous" is a visitor without login while the gemeente does not publish (PUBLIC_PAGES_ENABLED
# off, as in production until it is switched on); "public" is the same visitor when it does. The
# logged-in personas are asked with the setting as the tests have it (on).
PERSONAS = [
    "anonymous",
    "public",
    "council_member",
    "director_a",
    "director_b",
    "policy_officer",
    "administrator",
]

# Expected outcomes
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
GONE = 410
LOGIN = "login"  # redirected to the login page
REDIRECT = "redirect"  # redirected somewhere else
ADMIN_REFUSED = "admin-refused"  # not let into the admin
ADMIN_OK = "admin-ok"  # the admin page itself (200)

UNNAMED = "(unnamed) "  # patterns without a name: the admin's old object URLs and its catch-all


@dataclass
class Rule:
    outcomes: dict
    kwargs: Callable | None = None
    # Expected outcomes of a POST without data; None when POST is not part of the matrix.
    post: dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def _table(default, anonymous=LOGIN, **overrides):
    outcomes = dict.fromkeys(PERSONAS, default)
    # Published or not, a visitor gets the same everywhere but on the public pages.
    outcomes["anonymous"] = outcomes["public"] = anonymous
    outcomes.update(overrides)
    return outcomes


def public(outcome=OK, **overrides):
    """Everyone, anonymous included, gets `outcome` (unless overridden per persona)."""
    overrides.setdefault("anonymous", outcome)
    return _table(outcome, **overrides)


def published(outcome=OK, **overrides):
    """A public page (openbaar): everyone gets `outcome` while the gemeente publishes; the
    visitor of a gemeente that does not gets 404."""
    overrides.setdefault("public", outcome)
    overrides.setdefault("anonymous", NOT_FOUND)
    return _table(outcome, **overrides)


def readers(outcome=OK, **overrides):
    """Every logged-in persona gets `outcome`; anonymous is sent to the login page."""
    return _table(outcome, **overrides)


def only(*allowed, outcome=OK, refused=FORBIDDEN, **overrides):
    """The listed personas get `outcome`, other logged-in personas `refused`."""
    outcomes = _table(refused, **overrides)
    for persona in allowed:
        outcomes[persona] = overrides.get(persona, outcome)
    return outcomes


def url_patterns(patterns=None, namespace="", prefix=""):
    """(qualified name, pattern, route prefix) for every URL pattern the project serves."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from url_patterns(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = f"{namespace}{entry.name}"
            else:
                name = f"{namespace}{UNNAMED}{prefix}{entry.pattern}"
            yield name, entry, prefix


def unnamed_url(prefix, pattern):
    """A concrete URL for a pattern without a name: every parameter becomes "1"."""
    route = re.sub(r"<(?:\w+:)?\w+>", "1", prefix + str(pattern.pattern))
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route).lstrip("^").rstrip("$")
    return "/" + route.replace("\\", "")


def rule_for(name, expectations):
    """The rule for a URL name: its own, else its namespace's for unnamed patterns
    ("admin:(unnamed) *"), else its whole namespace's ("admin:*")."""
    if name in expectations:
        return expectations[name]
    namespace = name.split(":", 1)[0]
    if UNNAMED in name and f"{namespace}:{UNNAMED}*" in expectations:
        return expectations[f"{namespace}:{UNNAMED}*"]
    return expectations.get(f"{namespace}:*")


class MissingExpectation(LookupError):
    """A URL pattern that the table does not know: every walker of the URLs says which."""


def expectation_for(name, expectations, route=""):
    """The rule for a URL name, or an error that names the pattern and where to add it."""
    rule = rule_for(name, expectations)
    if rule is None:
        app = name.split(":", 1)[0] if ":" in name else "kindportaal (or the app that serves it)"
        raise MissingExpectation(
            f"The URL pattern {name!r} (/{route}) has no permission expectation: "
            f"add one to tests/permission_matrix/{app}.py"
        )
    return rule

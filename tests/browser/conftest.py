"""Playwright driving Debian's Chromium against the live test server, with axe-core checks."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.test_permission_matrix import world  # noqa: F401  (the matrix's objects, for the walk)

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None or not AXE.exists():
        reason = "Chromium (apt-get install chromium) and axe-core (npm ci) are needed"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium reports what the Content-Security-Policy refuses on the console
# ("Refused to apply inline style because it violates the following Content Security Policy
# directive: ...") as well as by a `securitypolicyviolation` event in the page.
CSP_CONSOLE = re.compile(r"Content[ -]Security[ -]Policy", re.IGNORECASE)


def watch_policy_violations(page):
    """Every message on the console about the Content-Security-Policy, for as long as the page
    lives (across navigations); a list the test (or the `page` fixture) asserts is empty."""
    refused = []

    def keep(message):
        if CSP_CONSOLE.search(message.text):
            refused.append(f"{page.url}: {message.text}")

    page.on("console", keep)
    return refused


@pytest.fixture
def page(browser, live_server, settings):
    """A page in a new context, under the portal's own Content-Security-Policy: a journey that
    makes the browser refuse anything (an inline style, a script) fails."""
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused = watch_policy_violations(page)
    yield page
    context.close()
    assert refused == [], "refused by the Content-Security-Policy:\n" + "\n".join(refused)


def assert_accessible(page):
    """axe-core finds no WCAG 2.0/2.1 A or AA violation on the page as it is now."""
    # Evaluated by the browser's DevTools protocol, not added as a <script> of the page: the
    # Content-Security-Policy refuses inline scripts (and rightly reports them).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"]
        })"""
    )
    violations = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=2)}"

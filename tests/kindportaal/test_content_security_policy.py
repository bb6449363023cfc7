"""The portal's Content-Security-Policy (django-csp, docs/security.md): one strict policy, enforced
(not report-only), on every kind of answer — pages, htmx fragments, redirects, exports, error
pages, the theme's stylesheet — and templates that need nothing it refuses. The browser's side is
tests/browser/test_content_security_policy.py."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kindportaal.models import Gemeente
from tests.budgets.factories import AllocationFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Nothing from elsewhere, nothing inline, no plug-ins, and no framing by another site.
STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},  # data: for the QR code of the two-factor set-up
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(response):
    """The response's enforced policy as {directive: {sources}}."""
    header = response.get("Content-Security-Policy", "")
    policy = {}
    for part in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = part.split()
        policy[name] = set(sources)
    return policy


def assert_strict(response):
    assert directives(response) == STRICT, response.get("Content-Security-Policy")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.fixture
def officer(client_for, policy_officer):
    return client_for(policy_officer)


def test_pages_fragments_and_redirects_carry_the_strict_policy(
    client, officer, client_for, council_member
):
    for response in [
        client.get(reverse("account_login")),
        client.get(reverse("kindportaal:accessibility")),
        client.get(reverse("kindportaal:root")),  # to the login page
        officer.get(reverse("kindportaal:home")),
        officer.get(reverse("agenda:agreement_list")),
        officer.get(reverse("agenda:agreement_create")),
        officer.get(reverse("budgets:overview")),
        client_for(council_member).get(reverse("reports:dashboard")),
        officer.get(reverse("agenda:agreement_list"), HTTP_HX_REQUEST="true"),
        officer.get(reverse("kindportaal:theme")),
        officer.get(reverse("kindportaal:choices", args=["partners.organisation"]), {"q": "a"}),
    ]:
        assert response.status_code in {200, 302}, response
        assert_strict(response)


def test_exports_carry_the_strict_policy(officer):
    AllocationFactory()
    url = reverse("budgets:allocation_list")
    csv = officer.get(url + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert_strict(csv)
    xlsx = officer.get(url + "?export=xlsx")
    assert load_workbook(io.BytesIO(xlsx.getvalue())).active.max_row >= 2
    assert_strict(xlsx)
    figure = officer.get(reverse("reports:figure_csv", args=["fasen"]))
    assert figure.status_code == 200
    assert_strict(figure)


def test_error_pages_carry_the_strict_policy(client, client_for, council_member, settings):
    wrong_host = client.get("/", HTTP_HOST="portal.example.com")
    assert wrong_host.status_code == 400
    assert_strict(wrong_host)
    missing = client_for(council_member).get("/bestaat-niet/")
    assert missing.status_code == 404
    assert_strict(missing)
    refused = client_for(council_member).get(reverse("kindportaal:user_list"))
    assert refused.status_code == 403
    assert_strict(refused)
    csrf = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x"})
    assert csrf.status_code == 403
    assert_strict(csrf)
    settings.REQUEST_MAX_BYTES = 2000
    too_large = client_for(council_member).post(
        reverse("kindportaal:profile"), {"full_name": "x" * 3000}
    )
    assert too_large.status_code == 413
    assert_strict(too_large)


def test_the_server_error_page_carries_the_strict_policy(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the accessibility statement fails")

    monkeypatch.setattr("kindportaal.views.render", broken)
    response = Client(raise_request_exception=False).get(reverse("kindportaal:accessibility"))
    assert response.status_code == 500
    assert_strict(response)


def test_an_uploaded_file_keeps_its_own_sandboxing_policy(officer):
    gemeente = Gemeente.current()
    gemeente.logo = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    gemeente.save()
    response = officer.get(gemeente.logo.url)
    assert response.status_code == 200
    assert directives(response)["default-src"] == {"'none'"}
    assert "sandbox" in directives(response)


def test_the_theme_is_a_stylesheet_of_the_portal_not_a_style_in_the_page(officer):
    gemeente = Gemeente.current()
    gemeente.theme_tokens = {"--utrecht-color-blue-500": "#00689e"}
    gemeente.save()
    first = re.search(r'href="(/theme\.css\?v=\w+)"', officer.get("/start/").content.decode())[1]
    assert "--utrecht-color-blue-500: #00689e;" in officer.get(first).content.decode()
    gemeente.theme_tokens = {"--utrecht-color-blue-500": "#01689b"}
    gemeente.save()
    second = re.search(r'href="(/theme\.css\?v=\w+)"', officer.get("/start/").content.decode())[1]
    assert second != first  # a changed theme is a new address, so no browser keeps the old one


# What the policy refuses in a page: a style attribute or element, a script in the page itself,
# an event handler attribute (onclick=, htmx's hx-on), a javascript: URL.
INLINE = re.compile(
    r"""(?<![\w-])style\s*=|<style[\s>]"""
    r"""|<script(?![^>]*\ssrc=)(?![^>]*type="application/json")[^>]*>"""
    r"""|(?<![\w-])on[a-z]+\s*=|(?<![\w-])hx-on[:-]|javascript:""",
    re.IGNORECASE,
)
# The LEA document is rendered to PDF by WeasyPrint and never served to a browser.
PDF_ONLY = {"reports/lea/document.html", "reports/lea/_opening.html"}


def test_no_template_a_browser_opens_needs_what_the_policy_refuses():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_ONLY:
            continue
        # Comments may say what the policy refuses; only the markup counts.
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", path.read_text(), flags=re.S)
        text = re.sub(r"{#.*?#}", "", text, flags=re.S)
        matches = INLINE.findall(text)
        if matches:
            found[name] = matches
    assert found == {}


def test_the_drawn_pages_hold_nothing_the_policy_refuses(
    client_for, policy_officer, council_member, settings
):
    """The charts and the map are SVG made in Python (kindportaal.charts, reports.overview): their
    colours are presentation attributes (fill=), which the policy allows, never style=."""
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo", stdout=io.StringIO())  # with the wijken's outlines, for the map
    for user in (policy_officer, council_member):
        user.refresh_from_db()  # the demo set their password
    officer, reader = client_for(policy_officer), client_for(council_member)
    for client, url in [
        (reader, reverse("reports:dashboard")),
        (reader, reverse("reports:dashboard") + "?kaart=fase"),
        (officer, reverse("budgets:overview")),
        (officer, reverse("budgets:matrix")),
    ]:
        html = client.get(url).content.decode()
        assert "<svg" in html, url
        assert INLINE.findall(html) == [], url

"""A visitor without login on a phone (390 px): the overview, the agreements, the kindcentra and
the open data, by tapping the public navigation; axe-clean and without sideways scrolling at
every step, and nothing that is not public on the way."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.openbaar.conftest import (  # noqa: F401  (the fixture, and what must not show)
    CONCEPT_TITLE,
    PERSON_NAME,
    SECRET_NOTE,
    public_world,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _check(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    assert_accessible(page)
    text = page.content()
    for secret in (CONCEPT_TITLE, PERSON_NAME, SECRET_NOTE):
        assert secret not in text, f"{secret!r} on {page.url}"


@pytest.mark.usefixtures("public_world")
def test_a_visitor_reads_the_agreements_the_kindcentra_and_the_open_data(phone):
    page = phone
    page.goto("/openbaar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lokale Educatieve Agenda")
    expect(page.get_by_text("1 vastgestelde afspraak")).to_be_visible()
    _check(page)

    nav = page.get_by_role("navigation", name="Openbare pagina's")
    nav.get_by_role("link", name="Afspraken").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraken")
    expect(page.get_by_role("link", name="Gezamenlijke VVE-scholing")).to_be_visible()
    _check(page)

    page.get_by_role("link", name="Gezamenlijke VVE-scholing").tap()
    expect(page.get_by_text("40%")).to_be_visible()
    _check(page)

    nav.get_by_role("link", name="Kindcentra").tap()
    expect(page.get_by_role("rowheader", name="IKC De Regenboog")).to_be_visible()
    _check(page)

    nav.get_by_role("link", name="Open data").tap()
    expect(page.get_by_role("heading", name="Afspraken", level=2)).to_be_visible()
    section = page.locator("#afspraken")
    section.get_by_text("De velden").tap()
    expect(section.get_by_role("rowheader", name="percentage_gereed")).to_be_visible()
    _check(page)

    # The JSON the page links to is what the list showed.
    href = section.get_by_role("link", name="JSON", exact=True).get_attribute("href")
    records = json.loads(page.request.get(href).text())
    assert [record["titel"] for record in records] == ["Gezamenlijke VVE-scholing"]

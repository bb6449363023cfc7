"""Searching on a phone: a partner director finds an agreement by the start of a word of its title,
from the header's box in the menu and then by typing on the search page (the results follow
the typing, under the Content-Security-Policy); axe-clean, and nothing scrolls sideways at 320 px.
A policy officer at a desk finds a location by its LRK number from the header."""

import re

import pytest
from playwright.sync_api import expect

from tests.agenda.factories import AgreementFactory
from tests.browser.conftest import assert_accessible, watch_policy_violations
from tests.browser.helpers import new_page
from tests.partners.factories import LocationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 740}, "has_touch": True, "is_mobile": True}


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_director_finds_an_agreement_by_typing_part_of_a_word(
    browser, live_server, settings, director_b, organisation_b
):
    settings.ALLOWED_HOSTS = ["*"]
    agreement = AgreementFactory(
        title="Voorleesproject met de bibliotheek",
        description="Elke week voorlezen in de peuteropvang.",
        owner=organisation_b,
    )
    AgreementFactory(title="Zwemles voor elk kind")
    page = new_page(browser, live_server, director_b, **PHONE)
    refused = watch_policy_violations(page)

    page.goto("/start/")
    page.get_by_text("Menu", exact=True).tap()
    page.get_by_role("searchbox", name="Zoek in het portaal").fill("bibliotheek")
    page.get_by_role("search").get_by_role("button", name="Zoeken").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")
    expect(page.get_by_role("status")).to_have_text("1 resultaat voor “bibliotheek”.")

    box = page.get_by_role("searchbox", name="Zoek naar")
    box.fill("")
    box.press_sequentially("voorl", delay=50)
    expect(page).to_have_url(re.compile(r"q=voorl"))  # without pressing the button
    expect(page.get_by_role("status")).to_have_text("1 resultaat voor “voorl”.")
    result = page.get_by_role("link", name="Voorleesproject met de bibliotheek")
    expect(result.locator("mark")).to_have_text("Voorleesproject")
    assert not scrolls_sideways(page)
    assert_accessible(page)

    box.fill("zzz")
    box.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Niets gevonden voor “zzz”")

    box.fill("voorlees")
    box.press("Enter")
    page.get_by_role("link", name="Voorleesproject met de bibliotheek").tap()
    expect(page).to_have_url(re.compile(agreement.get_absolute_url()))
    assert refused == []
    page.context.close()


def test_a_policy_officer_finds_a_location_by_its_lrk_number_from_the_header(
    browser, live_server, settings, policy_officer
):
    settings.ALLOWED_HOSTS = ["*"]
    LocationFactory(name="Kinderdagverblijf Het Zonnetje", lrk_number="123456789")
    page = new_page(browser, live_server, policy_officer, viewport={"width": 1280, "height": 800})

    page.goto("/start/")
    page.get_by_role("searchbox", name="Zoek in het portaal").fill("123456789")
    page.get_by_role("searchbox", name="Zoek in het portaal").press("Enter")
    results = page.get_by_role("region", name=re.compile("Locaties"))
    expect(results.get_by_role("link", name="Kinderdagverblijf Het Zonnetje")).to_be_visible()
    expect(results).to_contain_text("Dagopvang")  # what kind of location it is
    assert not scrolls_sideways(page)
    assert_accessible(page)
    page.context.close()

"""The header on a phone: the navigation folds into a menu button that opens by tap, by keyboard
and without JavaScript; on a wide screen the navigation is shown as a bar. Every target in the
header and menu is at least 44 × 44 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import new_page

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def small_targets(page, selector):
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((element) => element.getClientRects().length)
            .map((element) => [element.textContent.trim(), element.getBoundingClientRect()])
            .filter(([, box]) => box.width < 44 || box.height < 44)
            .map(([text, box]) => `${text}: ${Math.round(box.width)}×${Math.round(box.height)}`)""",
        selector,
    )


TARGETS = ".kp-header a, .kp-header button, .kp-header summary"


def test_a_council_member_opens_the_menu_by_tapping_on_a_phone(
    browser, live_server, settings, council_member
):
    settings.ALLOWED_HOSTS = ["*"]
    page = new_page(browser, live_server, council_member, **PHONE)
    page.goto("/start/")
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    expect(navigation).to_be_hidden()
    menu = page.get_by_text("Menu", exact=True)
    menu.tap()
    expect(navigation).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert small_targets(page, TARGETS) == []
    assert_accessible(page)
    navigation.get_by_role("link", name="Agenda").tap()
    expect(page).to_have_url(re.compile(r"/agenda/"))
    expect(navigation).to_be_hidden()
    page.context.close()


def test_the_menu_opens_with_the_keyboard(browser, live_server, settings, council_member):
    settings.ALLOWED_HOSTS = ["*"]
    page = new_page(browser, live_server, council_member, viewport={"width": 320, "height": 640})
    page.goto("/start/")
    page.locator("summary.kp-menu__button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.kp-menu")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Start"
    page.context.close()


def test_the_menu_works_without_javascript(browser, live_server, settings, council_member):
    settings.ALLOWED_HOSTS = ["*"]
    page = new_page(browser, live_server, council_member, java_script_enabled=False, **PHONE)
    page.goto("/start/")
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    page.get_by_text("Menu", exact=True).tap()
    expect(navigation).to_be_visible()
    navigation.get_by_role("link", name="Budgetten").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budgetten")
    page.context.close()


def test_on_a_wide_screen_the_navigation_is_a_bar_without_menu_button(
    browser, live_server, settings, council_member
):
    settings.ALLOWED_HOSTS = ["*"]
    page = new_page(browser, live_server, council_member, viewport={"width": 1280, "height": 800})
    page.goto("/start/")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    assert small_targets(page, TARGETS) == []
    page.context.close()

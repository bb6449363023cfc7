"""The council's overview as Chromium lays it out, at demo and at city scale: on the dashboard, a
wijk's page and a goal's page no two texts of a chart or the map overlap and none lies outside
its picture; at 1280 × 800 the headline tiles and the map are above the fold; at 390 px the
content does not scroll sideways."""

import io

import pytest
from django.core.management import call_command

from agenda.models import Goal
from kindportaal.models import User, Wijk
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Demo-wachtwoord-2026"

# Per picture (chart or map) its text boxes as the browser draws them, and its own box.
TEXT_BOXES = """() => [
  ...document.querySelectorAll('main svg.kp-chart, main svg.kp-map')
].map(svg => {
    const own = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    }).filter(b => b.right > b.left && b.bottom > b.top);
    return {
        title: (svg.querySelector('title') || {}).textContent,
        box: {left: own.left, top: own.top, right: own.right, bottom: own.bottom},
        texts,
    };
})"""

# Elements of the content that reach past the right edge, outside a box that scrolls by itself
# (a data table's, a chart's).
TOO_WIDE = """() => [...document.querySelectorAll('main *')].filter(e => {
    if (e.closest('.utrecht-table__container, .kp-figure__image')) return false;
    return e.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
}).map(e => e.tagName + '.' + (e.getAttribute('class') || '')).slice(0, 5)"""


def overlap(a, b, slack=0.5):
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def label_faults(page):
    faults = []
    pictures = page.evaluate(TEXT_BOXES)
    assert pictures, f"no chart on {page.url}"
    for picture in pictures:
        box, texts = picture["box"], picture["texts"]
        for text in texts:
            if (
                text["left"] < box["left"] - 1
                or text["right"] > box["right"] + 1
                or text["top"] < box["top"] - 1
                or text["bottom"] > box["bottom"] + 1
            ):
                faults.append(f"{picture['title']}: “{text['text']}” lies outside the picture")
        for index, first in enumerate(texts):
            for second in texts[index + 1 :]:
                if overlap(first, second):
                    faults.append(
                        f"{picture['title']}: “{first['text']}” overlaps “{second['text']}”"
                    )
    return faults


def pages():
    goal = Goal.objects.filter(theme__agenda__is_current=True).order_by("pk").first()
    akkers = Wijk.objects.order_by("cbs_code")[3]
    return ["/dashboard/", f"/dashboard/wijken/{akkers.pk}/", goal.get_absolute_url()]


def check_layout(page, browser, live_server):
    raadslid = User.objects.get(email="raad@example.org")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, raadslid, password=PASSWORD)
    faults = []
    for path in pages():
        page.goto(path)
        faults += label_faults(page)
        if path.startswith("/dashboard/"):
            for part in (".kp-tiles", ".kp-map-panel"):
                bottom = page.locator(part).evaluate("e => e.getBoundingClientRect().bottom")
                assert bottom <= 800, f"{path}: {part} ends at {bottom:.0f} px, below the fold"
    assert faults == []
    phone = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 800}
    )
    small = phone.new_page()
    log_in(small, raadslid, password=PASSWORD)
    for path in pages():
        small.goto(path)
        assert small.evaluate(TOO_WIDE) == [], f"{path} scrolls sideways at 390 px"
        assert label_faults(small) == []
    phone.close()


def test_the_overview_of_voorbeeldstad_is_laid_out_without_collisions(
    page, browser, live_server, settings
):
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", stdout=io.StringIO())
    check_layout(page, browser, live_server)


@pytest.mark.slow
def test_the_overview_of_a_city_is_laid_out_without_collisions(
    page, browser, live_server, settings
):
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", "--scale", "city", stdout=io.StringIO())
    check_layout(page, browser, live_server)

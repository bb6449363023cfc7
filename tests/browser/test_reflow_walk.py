"""Every page of the permission matrix, for every persona that may open it, at 320 px and at
1280 px wide: the page does not scroll sideways, nothing sticks out of the window (a wide table
scrolls inside its own region, which is allowed), and axe-core finds no violation (WCAG 1.4.10
Reflow and 2.1 AA).

The pages come from the matrix itself (tests/drills/portal.py's page_urls over its URL patterns
and `world`), so a new page is walked as soon as the matrix knows it."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import session_cookie
from tests.drills.portal import page_urls
from tests.permission_matrix.framework import OK, PERSONAS

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 1280)

# Elements outside the window that are not content sticking out: visually hidden texts (1 px,
# clipped), anything inside a table's or a chart's own scroll region, and the parts of a chart
# (an <svg> clips what is outside its own box, which is checked itself).
OUTSIDE_THE_WINDOW = """() => {
    const width = document.documentElement.clientWidth;
    const outside = [];
    for (const element of document.body.querySelectorAll("*")) {
        if (element.closest(".kp-table-scroll, .kp-figure__image")) continue;
        if (element.ownerSVGElement) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;
        if (box.right > width + 1 || box.left < -1) {
            const name = element.tagName.toLowerCase()
                + (element.id ? "#" + element.id : "")
                + (element.className && typeof element.className === "string"
                    ? "." + element.className.trim().split(/\\s+/).join(".") : "");
            outside.push(`${name} (${Math.round(box.left)}–${Math.round(box.right)} px)`);
        }
    }
    return outside.slice(0, 5);
}"""


def pages_for(world, persona):
    """(URL name, URL) of every page of the matrix that `persona` may open."""
    for name, url, rule in page_urls(world):
        if rule.outcomes[persona] == OK:
            yield name, url


def open_page(page, url):
    """Open `url`; False when it is no page to walk: a download (CSV, XLSX, PDF), JSON, or a
    fragment that htmx puts into a page (no document of its own)."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    if response is None or response.status != 200:
        return False
    if "text/html" not in response.headers.get("content-type", ""):
        return False
    return page.evaluate("document.doctype !== null")


def reflow_problems(page, width):
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"the page is {scroll_width} px wide and scrolls sideways")
    outside = page.evaluate(OUTSIDE_THE_WINDOW)
    if outside:
        problems.append(f"sticking out of the window: {', '.join(outside)}")
    return problems


# Far fewer pages for the visitor who is not logged in; the policy officer sees most.
AT_LEAST = {"anonymous": 5, "public": 12, "policy_officer": 60}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reflows_and_is_accessible(browser, live_server, world, settings, persona):
    """One persona per test, so that the two test processes share the walk."""
    settings.ALLOWED_HOSTS = ["*"]
    failures = {}  # problem → the widths at which it was met
    walked = []
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    user = getattr(world, persona)
    if user is not None:
        context.add_cookies([session_cookie(user, live_server.url)])
    page = context.new_page()
    for name, url in pages_for(world, persona):
        # Opened once at the narrow width, then widened: the layout follows the viewport.
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        if not open_page(page, url):
            continue
        walked.append(name)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            problems = reflow_problems(page, width)
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"axe: {error}")
            for problem in problems:
                failures.setdefault(f"{url} ({name}): {problem}", []).append(f"{width} px")
    context.close()

    print(f"\nReflow walk as {persona}: {len(walked)} pages × {len(WIDTHS)} widths")
    report = [f"{problem}\n    at {', '.join(widths)}" for problem, widths in failures.items()]
    assert report == [], "\n".join(report)
    assert len(walked) >= AT_LEAST.get(persona, 20), walked

"""The portal's pages in Chromium under its own Content-Security-Policy (docs/security.md): every
role's main pages (the dashboard with its charts and map, the budgets, the agreement form with its
searchable choices, the admin) make the browser refuse nothing, the searchable choices still load
matches as you type, and htmx still swaps the LEA document's state in as it changes."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from agenda.models import Agreement, Theme
from agenda.permissions import can_edit_agreement
from agenda.selectors import current_agenda
from budgets.permissions import can_read_budgets
from kindportaal.choices import SHORT_SELECT
from kindportaal.models import Wijk
from partners.models import Membership, Organisation
from reports.models import DocumentStatus, LeaDocument
from tests.agenda.factories import AgreementFactory
from tests.browser.conftest import watch_policy_violations
from tests.browser.helpers import session_cookie
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Each `securitypolicyviolation` event in a page, kept where the test can read it; added before
# any of the page's own scripts run, by the DevTools protocol (which the policy does not cover).
RECORD_VIOLATIONS = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused.push(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile || document.URL}:${event.lineNumber} ${event.sample || ""}`
  );
});
"""


@pytest.fixture
def demo(settings, personas):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    # Voorbeeldstad, with wijk boundaries (the map), budgets and agreements; its people are the
    # personas of the tests (the same e-mail addresses, made first).
    call_command("seed_demo", stdout=io.StringIO())
    # More organisations than a select lists: the agreement form's owner and parties are the
    # searchable controls (Tom Select, static/js/choices.js).
    for number in range(SHORT_SELECT + 5):
        OrganisationFactory(name=f"Stichting Voorbeeld {number:02d}")
    # A draft the partner director's organisation leads, which the director may edit.
    organisation = Membership.objects.filter(user=personas["director_a"]).first().organisation
    AgreementFactory(
        theme=Theme.objects.filter(agenda=current_agenda()).first(),
        title="Een concept van de partner",
        owner=organisation,
        whole_gemeente=True,
        created_by=personas["director_a"],
    )


def open_as(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    if user is not None:
        user.refresh_from_db()  # the demo gave the persona its password: a new session hash
        context.add_cookies([session_cookie(user, live_server.url)])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    return page, watch_policy_violations(page)


def visit(page, path):
    """Open `path`, let its scripts run, and give what the browser refused on it."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy, (path, policy)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__refused")


def main_pages(user):
    """Home, the dashboard with its charts and map, a wijk's page, the budgets this person may
    read, the agreements and the form of one they may edit (with the searchable choices)."""
    agreement = next(
        agreement
        for agreement in Agreement.objects.order_by("-pk")
        if can_edit_agreement(user, agreement)
    )
    wijk = Wijk.objects.filter(boundary__isnull=False).order_by("name").first()
    paths = [
        reverse("kindportaal:home"),
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + "?kaart=risico#map",
        reverse("reports:wijk", args=[wijk.pk]),
    ]
    if can_read_budgets(user):
        paths += [reverse("budgets:overview"), reverse("budgets:matrix")]
    return paths + [
        reverse("budgets:allocation_list"),
        reverse("agenda:agreement_list"),
        agreement.get_absolute_url(),
        reverse("agenda:agreement_create"),
        reverse("agenda:agreement_edit", args=[agreement.pk]),
    ]


@pytest.mark.parametrize("persona", ["policy_officer", "director_a"])
def test_the_main_pages_of_each_editing_role_break_no_rule_of_the_policy(
    browser, live_server, demo, persona, request
):
    user = request.getfixturevalue(persona)
    page, console = open_as(browser, live_server, user)
    refused = {path: visit(page, path) for path in main_pages(user)}
    assert {path: found for path, found in refused.items() if found} == {}
    assert console == []


def test_a_raadslid_reads_the_dashboard_map_and_budgets_under_the_policy(
    browser, live_server, demo, council_member
):
    page, console = open_as(browser, live_server, council_member)
    wijk = Wijk.objects.filter(boundary__isnull=False).order_by("name").first()
    paths = [
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + "?kaart=fase#map",
        reverse("reports:wijk", args=[wijk.pk]),
        reverse("budgets:overview"),
        reverse("agenda:agreement_list"),
    ]
    refused = {path: visit(page, path) for path in paths}
    assert {path: found for path, found in refused.items() if found} == {}
    # The legend's colours are drawn (a fill, not a refused style attribute).
    page.goto(reverse("reports:dashboard") + "?kaart=fase#map")
    swatches = page.locator(".kp-map-legend__swatch rect")
    expect(swatches.first).to_be_visible()
    fills = swatches.evaluate_all("nodes => nodes.map((n) => getComputedStyle(n).fill)")
    assert len(set(fills)) == swatches.count() > 1, fills
    assert console == []


def test_the_beheerder_and_a_visitor_see_their_pages_under_the_policy(
    browser, live_server, demo, administrator
):
    page, console = open_as(browser, live_server, administrator)
    paths = [
        reverse("admin:index"),
        reverse("admin:agenda_agreement_changelist"),
        reverse("admin:kindportaal_user_changelist"),
    ]
    refused = {path: visit(page, path) for path in paths}
    visitor, visitor_console = open_as(browser, live_server, None)
    for path in [reverse("account_login"), reverse("kindportaal:accessibility")]:
        refused[path] = visit(visitor, path)
    assert {path: found for path, found in refused.items() if found} == {}
    assert console == visitor_console == []


def test_the_searchable_choices_load_matches_as_you_type_under_the_policy(
    browser, live_server, demo, policy_officer
):
    page, console = open_as(browser, live_server, policy_officer)
    agreement = Agreement.objects.get(title="Een concept van de partner")
    assert visit(page, reverse("agenda:agreement_edit", args=[agreement.pk])) == []
    parties = page.get_by_role("group", name="Partijen")
    search = parties.get_by_role("combobox")  # Tom Select's, made by static/js/choices.js
    chosen = agreement.parties.count()
    newcomer = Organisation.objects.get(name="Stichting Voorbeeld 07")
    search.click()
    search.press_sequentially("voorbeeld 07")
    # The matches came from the portal (connect-src 'self') into Tom Select's own list box.
    parties.get_by_role("listbox").locator("[role=option]", has_text=newcomer.name).click()
    expect(parties).to_contain_text(newcomer.name)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(agreement.title)

    assert agreement.parties.count() == chosen + 1
    assert page.evaluate("window.__refused") == []
    assert console == []


def test_htmx_swaps_the_lea_documents_state_in_under_the_policy(
    browser, live_server, demo, policy_officer
):
    document = LeaDocument.objects.create(
        agenda=current_agenda(), version=1, requested_by=policy_officer
    )
    page, console = open_as(browser, live_server, policy_officer)
    assert visit(page, reverse("reports:lea_document", args=[document.pk])) == []
    status = page.locator("#lea-status")
    expect(status).to_contain_text("Stand: in de wachtrij")
    # The worker gives up; htmx asks again within two seconds and swaps the new state in.
    document.status = DocumentStatus.FAILED
    document.error = "De proef van de Content-Security-Policy."
    document.save()
    expect(status).to_contain_text("De proef van de Content-Security-Policy.", timeout=10_000)
    expect(page.locator("#lea-status[hx-trigger]")).to_have_count(0)
    assert page.evaluate("window.__refused") == []
    assert console == []

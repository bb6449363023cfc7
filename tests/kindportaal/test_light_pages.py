"""Light, reflowing pages: one stylesheet holding only the components used, no render-blocking
script, a favicon, tables in their own scroll regions, and the accessibility statement."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "static" / "vendor" / "kindportaal.css"


def test_a_page_loads_one_stylesheet_and_no_render_blocking_script(client_for, council_member):
    html = client_for(council_member).get(reverse("kindportaal:home")).content.decode()
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sheets == ["/static/vendor/kindportaal.css"]
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "htmx is loaded"
    assert all(" defer" in script or "async" in script for script in scripts), scripts


def test_the_stylesheet_holds_the_components_used_and_not_the_whole_library():
    css = STYLESHEET.read_text()
    for used in (".utrecht-button", ".utrecht-table", ".utrecht-select", ".kp-table-scroll"):
        assert used in css
    for unused in (".utrecht-calendar", ".utrecht-youtube-video", ".utrecht-drawer"):
        assert unused not in css
    # The whole component library alone was 407 KB.
    assert len(css.encode()) < 300_000


def test_selects_have_the_utrecht_arrow():
    css = STYLESHEET.read_text()
    assert '--utrecht-select-background-image: url("data:image/svg+xml,' in css
    assert "background-image:var(--utrecht-select-background-image)" in css  # minified


def test_the_favicon_is_linked_and_favicon_ico_leads_to_it(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert (ROOT / "static" / "img" / "favicon.svg").read_text().startswith("<svg")


def test_a_table_scrolls_in_its_own_region_named_after_its_caption(client_for, policy_officer):
    html = client_for(policy_officer).get(reverse("kindportaal:user_list")).content.decode()
    region = re.search(
        r'<div class="utrecht-table__container kp-table-scroll" role="region" '
        r'aria-labelledby="([^"]+)" tabindex="0">',
        html,
    )
    assert region, "the users table is not in a scroll region"
    caption = re.search(rf'<caption class="utrecht-table__caption" id="{region.group(1)}">', html)
    assert caption, "the region is not named after the table's caption"


def test_the_scroll_region_keeps_a_caption_id_and_refuses_a_table_without_caption():
    template = Template(
        '{% scrolltable %}<table><caption id="mine">Geld</caption></table>{% endscrolltable %}'
    )
    assert 'aria-labelledby="mine"' in template.render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template("{% scrolltable %}<table></table>{% endscrolltable %}").render(Context())


def test_the_narrow_screen_menu_is_a_disclosure_holding_navigation_and_logout(
    client_for, council_member
):
    html = client_for(council_member).get(reverse("kindportaal:home")).content.decode()
    menu = re.search(r'<details class="kp-menu">(.*?)</details>', html, re.S)
    assert menu, "no menu disclosure"
    assert re.search(r"<summary[^>]*>.*Menu\s*</summary>", menu.group(1), re.S)
    assert 'aria-label="Hoofdmenu"' in menu.group(1)
    assert "Uitloggen" in menu.group(1)


def test_the_accessibility_statement_is_public_and_linked_from_every_footer(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "toegankelijkheid@voorbeeldstad.nl"
    login = client.get(reverse("account_login")).content.decode()
    assert '<a class="utrecht-link utrecht-link--html-a" href="/toegankelijkheid">' in login
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Toegankelijkheidsverklaring</h1>' in html
    for section in ("Nalevingsstatus", "Wat is onderzocht, en hoe", "Bekende uitzonderingen"):
        assert section in html
    assert "axe-core" in html and "320 pixels" in html
    assert 'href="mailto:toegankelijkheid@voorbeeldstad.nl"' in html

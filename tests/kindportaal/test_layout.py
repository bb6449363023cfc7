"""The shell of the UI: navigation per role, landmarks, language switch and Dutch error pages."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_labels(html):
    nav = re.search(
        r'<nav class="utrecht-nav-bar[^"]*" aria-label="Hoofdmenu">(.*?)</nav>', html, re.S
    )
    assert nav, "no main navigation"
    return re.findall(r'class="utrecht-nav-list__link"[^>]*>([^<]+)</a>', nav.group(1))


def test_policy_officer_sees_user_management_in_the_navigation(client_for, policy_officer):
    html = client_for(policy_officer).get(reverse("kindportaal:home")).content.decode()
    assert "Gebruikers" in nav_labels(html)
    assert "Beheer" not in nav_labels(html)


@pytest.mark.parametrize("persona", ["council_member", "director_a"])
def test_readers_do_not_see_user_management(client_for, personas, persona):
    html = client_for(personas[persona]).get(reverse("kindportaal:home")).content.decode()
    labels = nav_labels(html)
    assert "Start" in labels
    assert "Gebruikers" not in labels


def test_administrator_is_sent_to_the_admin_and_sees_beheer(client_for, administrator):
    client = client_for(administrator)
    assert client.get(reverse("kindportaal:root"))["Location"] == reverse("admin:index")
    assert "Beheer" in nav_labels(client.get(reverse("kindportaal:home")).content.decode())


def test_pages_have_a_skip_link_landmarks_and_one_heading(client_for, council_member):
    html = client_for(council_member).get(reverse("kindportaal:home")).content.decode()
    assert '<html lang="nl"' in html
    assert 'href="#main">Direct naar de inhoud</a>' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1
    assert 'aria-current="page"' in html


def test_gemeente_name_appears_in_the_header(client_for, council_member):
    from kindportaal.models import Gemeente

    Gemeente.objects.create(pk=1, name="Voorbeeldstad", cbs_code="GM9999")
    html = client_for(council_member).get(reverse("kindportaal:home")).content.decode()
    assert '<span class="kp-brand__name">Voorbeeldstad</span>' in html
    assert "<title>" in html and "Kindportaal Voorbeeldstad</title>" in html


def test_language_switch_shows_the_portal_in_english(client_for, council_member):
    client = client_for(council_member)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("kindportaal:home")}
    )
    assert response.status_code == 302
    html = client.get(reverse("kindportaal:home")).content.decode()
    assert '<html lang="en"' in html
    assert "Welcome," in html
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Welkom," in client.get(reverse("kindportaal:home")).content.decode()


def test_login_page_offers_the_language_switch(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'name="language" value="en"' in html


def test_unknown_page_gets_a_dutch_404(client_for, council_member):
    response = client_for(council_member).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_forbidden_page_is_explained_in_dutch(client_for, council_member):
    response = client_for(council_member).get(reverse("kindportaal:user_list"))
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina" in response.content.decode()


@pytest.mark.urls("tests.kindportaal.failing_urls")
def test_an_error_gets_a_dutch_500_page(client_for, council_member):
    client = client_for(council_member)
    client.raise_request_exception = False
    response = client.get("/stuk/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_profile_change_is_saved_and_overlong_name_refused(client_for, council_member):
    client = client_for(council_member)
    response = client.post(reverse("kindportaal:profile"), {"full_name": "Ingrid de Bakker"})
    assert response.status_code == 302
    council_member.refresh_from_db()
    assert council_member.full_name == "Ingrid de Bakker"
    response = client.post(reverse("kindportaal:profile"), {"full_name": "y" * 200})
    assert "niet meer dan 150 tekens" in response.content.decode()
    council_member.refresh_from_db()
    assert council_member.full_name == "Ingrid de Bakker"


def test_theme_tokens_reach_the_page_and_bad_ones_are_refused(client_for, council_member):
    from django.core.exceptions import ValidationError

    from kindportaal.models import Gemeente

    gemeente = Gemeente(pk=1, name="Voorbeeldstad", cbs_code="GM9999")
    gemeente.theme_tokens = {"--utrecht-button-primary-action-background-color": "#00689e"}
    gemeente.full_clean()
    gemeente.save()
    client = client_for(council_member)
    html = client.get(reverse("kindportaal:home")).content.decode()
    # A stylesheet of its own, not a <style> in the page (the Content-Security-Policy).
    link = re.search(r'<link rel="stylesheet" href="(/theme\.css\?v=\w+)">', html)
    assert link is not None and "<style" not in html
    css = client.get(link[1])
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--utrecht-button-primary-action-background-color: #00689e;" in css.content.decode()
    gemeente.theme_tokens = {"--x": "red;}</style><script>alert(1)</script>"}
    with pytest.raises(ValidationError):
        gemeente.full_clean()


def test_the_language_follows_the_cookie_not_the_browser(client_for, council_member, settings):
    client = client_for(council_member)
    url = reverse("kindportaal:home")
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert dutch["Content-Language"] == "nl"
    assert "Welkom," in dutch.content.decode()
    assert "Cookie" in dutch["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    assert english["Content-Language"] == "en"
    assert "Welcome," in english.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(url)["Content-Language"] == "nl"


def test_a_page_that_reads_no_session_still_varies_by_the_language_cookie(client):
    # A shared cache must not hand the English health page to someone who chose Dutch.
    response = client.get(reverse("kindportaal:health"))
    assert [value.strip().lower() for value in response["Vary"].split(",")] == ["cookie"]

"""The public pages are one copy for everyone, made afresh after a change of what they show."""

from django.test import Client
from django.urls import reverse

from tests.kindcentra.factories import KindcentrumFactory


def test_a_visitor_gets_a_copy_any_proxy_may_keep_without_cookie_or_session(public_world):
    response = Client().get(reverse("openbaar:agreements"))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(d.startswith("max-age=") for d in directives)
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert response["ETag"]


def test_the_same_copy_serves_a_visitor_and_a_logged_in_person(
    public_world, client_for, council_member
):
    url = reverse("openbaar:kindcentra")
    visitor = Client().get(url).content
    logged_in = client_for(council_member).get(url)
    assert logged_in.content == visitor
    # For the logged-in person the answer is still private to the browser.
    assert "private" in logged_in["Cache-Control"]


def test_a_change_shows_at_the_next_request(public_world, django_assert_num_queries):
    url = reverse("openbaar:kindcentra")
    client = Client()
    assert "IKC De Regenboog" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        kept = client.get(url)
    assert "IKC De Regenboog" in kept.content.decode()
    KindcentrumFactory(name="Kindcentrum Het Anker")
    assert "Kindcentrum Het Anker" in client.get(url).content.decode()


def test_a_browser_that_has_the_page_gets_304(public_world):
    url = reverse("openbaar:home")
    client = Client()
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    public_world["kindcentrum"].name = "IKC De Regenboog-Oost"
    public_world["kindcentrum"].save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_publication_shows_at_the_next_request(public_world):
    url = reverse("openbaar:agreements")
    client = Client()
    assert "Vastgesteld maar niet gepubliceerd" not in client.get(url).content.decode()
    agreement = public_world["unpublished"]
    agreement.is_public = True
    agreement.save()
    assert "Vastgesteld maar niet gepubliceerd" in client.get(url).content.decode()


def test_unknown_query_parameters_share_the_copy(public_world):
    url = reverse("openbaar:home")
    client = Client()
    first = client.get(url)["ETag"]
    assert client.get(url + "?utm_source=nieuwsbrief")["ETag"] == first

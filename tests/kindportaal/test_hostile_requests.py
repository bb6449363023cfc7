"""Requests that are wrong before any view sees them: a Host the portal does not serve, a body
larger than any form takes. They get a Dutch page with a 4xx status, never a 500, and a body is
refused before it is read."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from kindportaal import views

pytestmark = pytest.mark.django_db

BAD_REQUEST = "Het verzoek kon niet worden verwerkt"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/accounts/login/"),
        ("get", "/agenda/afspraken/"),
        ("get", "/health/"),
        ("post", "/i18n/setlang/"),
    ],
)
def test_a_host_the_portal_does_not_serve_gets_the_dutch_400_page(client, method, path):
    response = getattr(client, method)(path, HTTP_HOST="portal.example.com")
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def test_a_host_header_with_a_logged_in_session_still_gets_400(client_for, council_member):
    response = client_for(council_member).get("/", HTTP_HOST="evil.example.com:80@x")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (lambda request: defaults.bad_request(request, Exception()), 400),
        (lambda request: defaults.permission_denied(request, Exception()), 403),
        (lambda request: defaults.page_not_found(request, Exception()), 404),
        (lambda request: views.csrf_failure(request).render(), 403),
        (views.server_error, 500),
    ],
)
def test_every_error_page_is_made_for_a_request_no_middleware_has_seen(handler, status):
    """The class behind the wrong Host header: an error raised by the first middleware is shown
    on a page whose layout must not expect the person to be known yet."""
    request = RequestFactory().get("/")
    response = handler(request)
    assert response.status_code == status
    assert "<h1" in response.content.decode()

"""Requests that are wrong before any view sees them: a Host the portal does not serve, a body
larger than any form takes. They get a Dutch page with a 4xx status, never a 500, and a body is
refused before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from kindportaal import views
from partners.models import ImportRun

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


class CountingInput:
    """A request body of any length that counts what is read of it."""

    def __init__(self):
        self.bytes_read = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.bytes_read += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size if size and size > 0 else 1024)


def _wsgi_post(path, length, cookies=""):
    body = CountingInput()
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE="multipart/form-data; boundary=kindportaal",
        HTTP_COOKIE=cookies,
        **{"wsgi.input": body},
    )
    statuses = []
    # As the test client does: the test's database connection stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        content = b"".join(answer)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0]), content.decode(), body.bytes_read


TOO_LARGE = "Wat je hebt verstuurd is te groot"


def test_an_anonymous_two_gigabyte_post_is_refused_before_a_byte_is_read():
    status, content, bytes_read = _wsgi_post("/i18n/setlang/", 2 * 1024**3)
    assert status == 413
    assert TOO_LARGE in content
    assert "hooguit 10 MB" in content
    assert bytes_read == 0


def test_a_form_post_over_the_limit_is_refused_and_changes_nothing(
    client_for, council_member, settings
):
    settings.REQUEST_MAX_BYTES = 2000
    response = client_for(council_member).post(
        reverse("kindportaal:profile"), {"full_name": "x" * 3000}
    )
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    council_member.refresh_from_db()
    assert council_member.full_name == "Ingrid Bakker"


def test_the_register_upload_takes_a_file_up_to_its_own_limit(client_for, policy_officer, settings):
    settings.REQUEST_MAX_BYTES = 2000
    settings.UPLOAD_REQUEST_MAX_BYTES = 3 * 1024 * 1024
    client = client_for(policy_officer)
    url = reverse("partners:import_upload")
    small = SimpleUploadedFile("lrk.csv", b"a;b\n" + b"1;2\n" * 1000, content_type="text/csv")
    response = client.post(url, {"source": "lrk", "file": small, "reference_date": "2026-06-01"})
    assert response.status_code != 413
    too_large = SimpleUploadedFile("lrk.csv", b"1;2\n" * (1024 * 1024), content_type="text/csv")
    response = client.post(
        url, {"source": "lrk", "file": too_large, "reference_date": "2026-06-01"}
    )
    assert response.status_code == 413
    assert "hooguit 3 MB" in response.content.decode()
    assert not ImportRun.objects.exists()

"""Steps that several browser journeys share."""

from django.conf import settings
from django.test import Client

from tests.browser.conftest import assert_accessible
from tests.conftest import totp_code
from tests.kindportaal.factories import PASSWORD


def log_in(page, user, password=PASSWORD, check_accessibility=False):
    page.goto("/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    if check_accessibility:
        assert_accessible(page)
    page.get_by_role("button", name="Inloggen").click()
    secret = getattr(user, "totp_secret", None)
    if secret:
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Aanmelden").click()


def session_cookie(user, base_url):
    """A logged-in session for a browser context (context.add_cookies), without the login
    form: for tests about something else than logging in."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def new_page(browser, live_server, user, **options):
    """A page in a new browser context, logged in as `user` (context options: viewport, touch)."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
    context.set_default_timeout(15_000)
    context.add_cookies([session_cookie(user, live_server.url)])
    return context.new_page()

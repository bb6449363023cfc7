"""Middleware of the portal: request bodies within limits, Dutch unless a person chooses otherwise,
required two-factor login, and pages for one person kept out of shared caches."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from kindportaal import limits
from kindportaal.adapters import has_provider_two_factor, has_two_factor
from kindportaal.exports import FORMATS as EXPORT_FORMATS


def large_upload(view):
    """Mark a view that takes a register file: its requests may be as large as
    UPLOAD_REQUEST_MAX_BYTES instead of REQUEST_MAX_BYTES."""
    view.large_upload = True
    return view


def body_limit(request):
    """The largest body a request to this URL may have."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    if getattr(match.func, "large_upload", False):
        return settings.UPLOAD_REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES


class RequestBodyLimitMiddleware:
    """Refuse a body larger than its URL takes before a byte of it is read, by its declared
    length. (Without a length Django reads nothing; the reverse proxy has the same limit.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            limit = body_limit(request)
            if length > limit:
                response = render(
                    request,
                    "413.html",
                    {"limit_mb": limit // (1024 * 1024)},
                    status=413,
                )
                response["Connection"] = "close"
                return response
        return self.get_response(request)


class LanguageMiddleware:
    """Dutch for everyone, whatever the browser asks; English only through the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a gemeente
    portal speaks Dutch unless its user chooses otherwise (the choice is kept in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class SharedResponsesMiddleware:
    """An answer that is the same for everyone (a public page, `response.shared`,
    openbaar.cache) does not depend on the visitor's cookie: the session and the language
    leave it out of Vary, so a proxy may keep one copy. For a logged-in person the answer is
    still private (PrivateResponsesMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "shared", False) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip() != "Cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


class PrivateResponsesMiddleware:
    """Whatever a logged-in person is answered (pages, exports, documents) is theirs: no proxy
    may keep it for someone else and no browser may keep it after logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ExpensiveRequestMiddleware:
    """An export (`?export=csv|xlsx`) by a person already over their limits is refused here,
    before the view and everything after this middleware (kindportaal.limits.precheck): a flood
    of exports is answered for next to nothing. The view still takes the person's place
    (kindportaal.limits.limited), which decides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.GET.get("export") in EXPORT_FORMATS:
            refusal = limits.precheck(request, "export")
            if refusal is not None:
                return limits.refused_response(request, refusal)
        return self.get_response(request)


# What someone who must still set up two-factor login may open.
ALLOWED_WITHOUT_TWO_FACTOR = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "kindportaal:logged_out",
    "set_language",
    "kindportaal:health",
    "kindportaal:theme",
}


class RequireTwoFactorMiddleware:
    """Policy officers and beheerders reach nothing but the set-up pages until they have set up
    two-factor login, unless their identity provider asserted two factors at this login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _("Set up two-factor login first. Policy officers and beheerders need it."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request):
        user = request.user
        if not settings.REQUIRE_MFA:
            return False
        if not user.is_authenticated:
            return False
        if not user.requires_two_factor:
            return False
        if request.path.startswith(settings.STATIC_URL):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        if not has_two_factor(user) and not has_provider_two_factor(request):
            # Read by the layout (with a false default) to leave out the navigation.
            request.two_factor_pending = True
            return match.view_name not in ALLOWED_WITHOUT_TWO_FACTOR
        return False

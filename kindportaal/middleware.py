"""Middleware of the portal: Dutch unless a person chooses otherwise; required two-factor login."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from kindportaal.adapters import has_two_factor


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
    "set_language",
    "kindportaal:health",
}


class RequireTwoFactorMiddleware:
    """Policy officers and beheerders reach nothing but the set-up pages until they have set up
    two-factor login."""

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
        if not has_two_factor(user):
            # Read by the layout (with a false default) to leave out the navigation.
            request.two_factor_pending = True
            return match.view_name not in ALLOWED_WITHOUT_TWO_FACTOR
        return False

"""How a partner system identifies itself: its organisation's API key in the X-Api-Key header
(no cookies, so no CSRF). A request without one is anonymous and reaches the public resources
only; a key that is unknown, revoked or expired, or whose maker may no longer manage the
organisation's keys, is refused with 401."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from api import permissions as key_permissions
from api import services
from api.models import OrganisationAPIKey

HEADER = "X-Api-Key"


def key_from_header(raw):
    """The key the header names, or None; one query, the hash compared in constant time."""
    prefix, dot, _secret = raw.partition(".")
    if not dot or not prefix or len(prefix) > 8:
        return None
    key = (
        OrganisationAPIKey.objects.select_related("organisation", "created_by")
        .filter(prefix=prefix)
        .first()
    )
    if key is None or not key.is_valid(raw):
        return None
    return key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        raw = request.headers.get(HEADER)
        if raw is None:
            return None
        key = key_from_header(raw.strip())
        if key is None or not key_permissions.key_still_acts(key):
            services.api_key_refused(prefix=raw.partition(".")[0], request=request._request)
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid: it is unknown, revoked or expired.")
            )
        services.api_key_used(api_key=key, request=request._request)
        return services.acting_user(key), key

    def authenticate_header(self, request):
        # A 401 (not a 403) for a request without a valid key.
        return HEADER


class HasScope(permissions.BasePermission):
    """The view's `required_scope` must be one of the key's (a 401 without a key)."""

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, OrganisationAPIKey):
            return False
        scope = getattr(view, "required_scope", None)
        if scope is None:
            return True
        if scope in key.scopes:
            return True
        raise exceptions.PermissionDenied(
            _("This API key does not have the permission “%(scope)s”.") % {"scope": scope}
        )


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": HEADER,
            "description": (
                "De API-sleutel van je organisatie, gemaakt door een bestuurder of "
                "beleidsmedewerker in het portaal (API-sleutels)."
            ),
        }

"""How a partner system identifies itself: its organisation's API key in the X-Api-Key header
(no cookies, so no CSRF). A request without one is anonymous and reaches the public resources
only; a key that is unknown, revoked or expired, or whose maker may no longer manage the
organisation's keys, is refused with 401."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from api import keeping, services
from api import permissions as key_permissions
from api.models import OrganisationAPIKey

HEADER = "X-Api-Key"


class KnownKeys:
    """The keys this process checked last, with whether they act, under the version numbers of
    the data that decides it (`keeping.DEPENDS`: the key itself, its organisation and its
    maker's memberships, its maker's account): a revocation, a membership ended or an account
    deactivated raises them, so the next request reads the key again. An unknown prefix is
    never kept."""

    def __init__(self, size):
        self.size = size
        self.entries = {}

    def get(self, prefix, current):
        entry = self.entries.get(prefix)
        if entry is None or current is None or entry[0] != current:
            return None
        return entry[1:]

    def put(self, prefix, current, key, acts):
        if current is None:
            return
        if len(self.entries) >= self.size:
            self.entries.clear()
        self.entries[prefix] = (current, key, acts)


known_keys = KnownKeys(size=1000)


def key_from_header(raw, request):
    """The key the header names and whether it still acts, or (None, False); the hash is
    compared in constant time on every request, the database asked once per change."""
    prefix, dot, _secret = raw.partition(".")
    if not dot or not prefix or len(prefix) > 8:
        return None, False
    current = keeping.current_versions(request)
    kept = known_keys.get(prefix, current)
    if kept is None:
        key = (
            OrganisationAPIKey.objects.select_related("organisation", "created_by")
            .filter(prefix=prefix)
            .first()
        )
        if key is None:
            return None, False
        acts = key_permissions.key_still_acts(key)
        known_keys.put(prefix, current, key, acts)
    else:
        key, acts = kept
    if not key.is_valid(raw):
        return None, False
    # Expiry is a matter of the clock, not of the data: checked every time.
    return key, acts and not key.has_expired


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        raw = request.headers.get(HEADER)
        if raw is None:
            return None
        key, acts = key_from_header(raw.strip(), request)
        if key is None or not acts:
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

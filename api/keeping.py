"""The API's read answers kept in the cache while the data they show is unchanged.

What a read of the API answers depends on the URL, the host, today's date and the data; for an
organisation's resources also on the key's organisation, never on the key itself or its maker
(the key's checks, its scopes and its audit record come before, on every request). So an answer
is kept once per organisation — or once for everyone, for the public resources — under a key of
those and of the version numbers of the data (`kindportaal.caching.versions`: every write raises
them, so the next read works the answer out afresh). A URL with a query parameter the resource
does not read is answered afresh and makes no entry; so does everything when the cache does not
answer. Writes never come from here: they answer the agreement as it is after the write.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from kindportaal import caching

# The apps whose data the API shows: organisations and people (partners, kindportaal), the
# kindcentra and wijken, the agenda's agreements, and the measured values the public records
# show (reports).
DEPENDS = ("kindportaal", "partners", "kindcentra", "agenda", "reports")
CODE = ("api", "agenda", "partners", "openbaar", "kindportaal", "locale")
PUBLIC = "public"


def organisation(request) -> str:
    """The audience of an answer for the request's key: its organisation."""
    return f"organisation-{request.auth.organisation_id}"


def kept(request, make, *, audience: str, params=()):
    """`make()`'s data for this audience and URL: from the cache while the data is unchanged,
    otherwise made and kept. `params` are the query parameters the resource reads."""
    if not settings.PAGE_CACHE_SECONDS or set(request.query_params) - set(params):
        return make()
    current = caching.versions(DEPENDS)
    if current is None:  # the cache does not answer: nothing can be known fresh
        return make()
    raw = "|".join(
        [
            caching.code_fingerprint(CODE),
            audience,
            f"{request.scheme}://{request.get_host()}",
            request.get_full_path(),
            timezone.localdate().isoformat(),
            current,
        ]
    )
    key = "api:" + hashlib.sha256(raw.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = make()
        cache.set(key, data, timeout=settings.PAGE_CACHE_SECONDS)
    return data

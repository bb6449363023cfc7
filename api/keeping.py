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
import pickle

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from kindportaal import caching

# The apps whose data the API shows: organisations and people (partners, kindportaal), the
# kindcentra and wijken, the agenda's agreements, and the measured values the public records
# show (reports).
# The API keys' own data (api) decides with partners and kindportaal whether a key acts
# (api.authentication). One question to the cache per request answers both.
DEPENDS = ("api", "kindportaal", "partners", "kindcentra", "agenda", "reports")
CODE = ("api", "agenda", "partners", "openbaar", "kindportaal", "locale")
PUBLIC = "public"
# The answers this process gave last, as (kind, pickled data): a partner system that asks
# again need not wait for Redis. Their keys hold the data's versions, so none is ever stale.
recent = caching.RecentPages(max_bytes=8 * 1024 * 1024)


def current_versions(request):
    """The data's version numbers for this request, asked once (None: the cache does not
    answer, so nothing may be served from it)."""
    request = getattr(request, "_request", request)  # DRF's request or Django's
    if not hasattr(request, "api_versions"):
        request.api_versions = caching.versions(DEPENDS)
    return request.api_versions


def organisation(request) -> str:
    """The audience of an answer for the request's key: its organisation."""
    return f"organisation-{request.auth.organisation_id}"


def kept(request, make, *, audience: str, params=()):
    """`make()`'s data for this audience and URL: from the cache while the data is unchanged,
    otherwise made and kept. `params` are the query parameters the resource reads."""
    if not settings.PAGE_CACHE_SECONDS or set(request.query_params) - set(params):
        return make()
    current = current_versions(request)
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
    entry = recent.get(key) or cache.get(key)
    if entry is None:
        data = make()
        entry = ("pickle", pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    else:
        data = pickle.loads(entry[1])  # our own cache's, never a visitor's
    recent.put(key, entry)
    return data

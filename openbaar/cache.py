"""The public pages' shared cache: one copy of each page for everyone.

A public page is the same for every visitor: it reads no person, no session and no cookie, and
it is always in Dutch. So it is kept once, under a key of the URL, today's date, the code, the
open data's settings and the version numbers of the data it shows
(`kindportaal.caching.versions`: any change of that data raises them, so the next request makes
the page afresh), and it is answered with `Cache-Control: public` and an ETag, without
`Vary: Cookie` (kindportaal.middleware.SharedResponsesMiddleware leaves the cookie out of Vary
for these answers), without a CSRF token and without a session. A visitor's browser or a proxy
may keep it PUBLIC_MAX_AGE_SECONDS and then ask again with If-None-Match, which is answered 304
from the key alone.

This is the only place the openbaar app touches kindportaal.caching: the data's version numbers.
"""

import functools
import hashlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from kindportaal import caching
from openbaar import selectors

# The apps whose data the public pages show (the wijken and the gemeente are kindportaal's,
# the register provenance partners').
DEPENDS = ("kindportaal", "partners", "kindcentra", "agenda", "reports")
LANGUAGE = "nl"
# The settings the pages and the catalogue show: a changed setting is a new page.
SETTINGS = ("OPEN_DATA_LICENSE", "OPEN_DATA_PUBLISHER_URI", "OPEN_DATA_CONTACT_EMAIL", "SITE_URL")


def _code():
    return caching.code_fingerprint(
        ("openbaar", "templates", "reports", "agenda", "kindportaal", "locale")
    )


def _key(request, name):
    current = caching.versions(DEPENDS)
    if current is None:  # Redis does not answer: nothing can be known fresh
        return None
    raw = "|".join(
        [
            _code(),
            *(str(getattr(settings, setting)) for setting in SETTINGS),
            name,
            request.get_full_path(),
            timezone.localdate().isoformat(),
            current,
        ]
    )
    return "openbaar:" + hashlib.sha256(raw.encode()).hexdigest()


class _Recent:
    """The pages this process served last: a popular public page need not come from Redis each
    time. Their keys hold the data's versions, so an entry is never stale."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()

    def get(self, key):
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key, value):
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


recent = _Recent(size=64)


def _only(request, params):
    """The request with only the query parameters the view reads (in one order)."""
    kept = QueryDict(mutable=True)
    for param in sorted(params):
        if param in request.GET:
            kept[param] = request.GET[param][:40]
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def shared(response, etag=None):
    """Mark an answer as the same for everyone: public, for a while, without the cookie."""
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE_SECONDS)
    response["Content-Language"] = LANGUAGE
    if etag:
        response["ETag"] = etag
    response.shared = True  # kindportaal.middleware.SharedResponsesMiddleware
    return response


def public_view(view=None, *, params=()):
    """A public page or data file: 404 unless the gemeente publishes, Dutch, one copy for all.

    A page (HTML) is kept whole; a data file (a stream) is made afresh for each download, but
    a visitor who has it already gets 304."""

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not selectors.enabled():
                raise Http404
            _only(request, params)
            with translation.override(LANGUAGE):
                key = _key(request, name) if settings.PAGE_CACHE_SECONDS else None
                etag = f'"{key[9:41]}"' if key else None
                if etag and etag in request.headers.get("If-None-Match", ""):
                    return shared(HttpResponseNotModified(), etag)
                kept = (recent.get(key) or cache.get(key)) if key else None
                if kept is None:
                    response = view(request, *args, **kwargs)
                    if response.status_code != 200:
                        return response
                    if response.streaming or not key:
                        return shared(response, etag)
                    kept = (response["Content-Type"], response.content, _kept_headers(response))
                    cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
                recent.put(key, kept)
                content_type, body, headers = kept
                response = HttpResponse(body, content_type=content_type)
                for header, value in headers:
                    response[header] = value
                return shared(response, etag)

        return wrapper

    return decorator(view) if view is not None else decorator


def _kept_headers(response):
    return [(h, response[h]) for h in ("Content-Disposition",) if h in response]

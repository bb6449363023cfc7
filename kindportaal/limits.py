"""Limits on expensive requests per person: at most EXPENSIVE_CONCURRENT at a time and
EXPENSIVE_PER_MINUTE started per minute, counted in the shared cache (Redis) so they hold across
every web process.

    return limited(request, "export", lambda: make_the_response())

A request over a limit gets the Dutch 429 page with `Retry-After`; a streamed answer keeps its
place until its last byte is sent (or the client goes away). A flood must not take the web
processes either: `ExpensiveRequestMiddleware` (kindportaal.middleware) refuses an export whose
person is already over a limit before the view, the person or the page's navigation are read
(`precheck`: the session and one look-up in Redis), with a page of its own that needs nothing.

The limits fail open: when the cache cannot count (Redis does not answer, kindportaal/cache.py),
the request is served, since a limit must never lock people out of their own data.

A place is a cache key with a timeout (EXPENSIVE_SLOT_SECONDS): should the process serving it
die, the place is free again after that time. gunicorn stops any request after 30 seconds, so a
place is never held that long by a request that still runs.
"""

import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# How long to tell a person to wait when their previous download still runs.
BUSY_RETRY_SECONDS = 10


@dataclass(frozen=True)
class Refusal:
    reason: str  # "busy" (another one still runs) or "rate" (too many this minute)
    retry_after: int


class Slot:
    """A place taken for one expensive request; release() gives it back (once)."""

    def __init__(self, key=None, token=None):
        self.key = key
        self.token = token

    def release(self):
        key, self.key = self.key, None
        if key is None:
            return
        try:
            if cache.get(key) == self.token:
                cache.delete(key)
        except Exception:  # the key expires by itself
            logger.warning("Could not give back the place of an expensive request", exc_info=True)


def _who(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return _person(user.pk)


def _person(user_id):
    """The name a person's counts are kept under."""
    return f"user-{user_id}"


def acquire(request, kind):
    """A Slot for this request, or a Refusal. Anyone not logged in, and any failure of the
    cache, gets a slot that holds nothing (fail open)."""
    who = _who(request)
    if who is None:
        return Slot()
    try:
        return _acquire(who, kind)
    except Exception:  # fail open: never a 500 because a limit cannot be counted
        logger.warning("Could not count an expensive request; it is served", exc_info=True)
        return Slot()


def _running_keys(who, kind):
    return [f"limit:{kind}:running:{who}:{n}" for n in range(settings.EXPENSIVE_CONCURRENT)]


def _minute(who, kind, now):
    window = int(now // 60)
    return f"limit:{kind}:minute:{who}:{window}", max(1, int((window + 1) * 60 - now) + 1)


def precheck(request, kind):
    """A Refusal when the person of this request's session is over a limit already, else None;
    reads only (acquire() decides), and only the session: the person is not loaded."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return None
    who = _person(user_id)
    try:
        running = _running_keys(who, kind)
        minute, retry_after = _minute(who, kind, time.time())
        found = cache.get_many([*running, minute])
    except Exception:  # fail open
        logger.warning("Could not read the limits of an expensive request", exc_info=True)
        return None
    if all(key in found for key in running):
        return Refusal("busy", BUSY_RETRY_SECONDS)
    if (found.get(minute) or 0) >= settings.EXPENSIVE_PER_MINUTE:
        return Refusal("rate", retry_after)
    return None


def _acquire(who, kind):
    token = uuid.uuid4().hex
    slot = None
    for key in _running_keys(who, kind):
        slot = _take(key, token)
        if slot is not None:
            break
    if slot is None:
        return Refusal("busy", BUSY_RETRY_SECONDS)

    key, retry_after = _minute(who, kind, time.time())
    cache.add(key, 0, timeout=90)
    try:
        started = cache.incr(key)
    except ValueError:  # expired between add and incr
        started = None
    if started is not None and started > settings.EXPENSIVE_PER_MINUTE:
        slot.release()
        return Refusal("rate", retry_after)
    return slot


def _take(key, token):
    """The place `key` if it is free, None if someone holds it; a Slot that holds nothing when
    the cache does not answer."""
    for _attempt in range(2):
        if cache.add(key, token, timeout=settings.EXPENSIVE_SLOT_SECONDS):
            return Slot(key, token)
        if cache.get(key) is not None:
            return None
        # Neither added nor there: given back just now (try once more), or the cache does not
        # answer (twice). Then serve the request rather than refuse it for the cache's sake.
    return Slot()


class _Releasing:
    """A streamed response's content that gives its slot back when the response is closed."""

    def __init__(self, content, slot):
        self.content = content
        self.slot = slot

    def __iter__(self):
        yield from self.content

    def close(self):
        self.slot.release()


def refused_response(request, refusal):
    """The 429 page: a page of its own (as the 500 page), so that refusing costs next to
    nothing — no person, navigation or database."""
    html = render_to_string(
        "kindportaal/limited.html",
        {
            "busy": refusal.reason == "busy",
            "per_minute": settings.EXPENSIVE_PER_MINUTE,
            "seconds": refusal.retry_after,
        },
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def limited(request, kind, respond):
    """`respond()` within the person's limits for `kind`, or the 429 page."""
    slot = acquire(request, kind)
    if isinstance(slot, Refusal):
        logger.info("Refused %s for %s: %s", kind, _who(request), slot.reason)
        return refused_response(request, slot)
    try:
        response = respond()
    except BaseException:
        slot.release()
        raise
    if response.streaming:
        # Django closes the content (so the slot) when the response is closed: after its last
        # byte, or when the client went away.
        response.streaming_content = _Releasing(response.streaming_content, slot)
    else:
        slot.release()
    return response

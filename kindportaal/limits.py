"""Limits on expensive requests per person: at most EXPENSIVE_CONCURRENT at a time and
EXPENSIVE_PER_MINUTE started per minute, counted in the shared cache (Redis) so they hold across
every web process.

    return limited(request, "export", lambda: make_the_response())

A request over a limit gets the Dutch 429 page with `Retry-After`; a streamed answer keeps its
place until its last byte is sent (or the client goes away). The limits fail open: when the
cache cannot count (Redis does not answer, kindportaal/cache.py), the request is served, since a
limit must never lock people out of their own data.

A place is a cache key with a timeout (EXPENSIVE_SLOT_SECONDS): should the process serving it
die, the place is free again after that time. gunicorn stops any request after 30 seconds, so a
place is never held that long by a request that still runs.
"""

import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

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
    return f"user-{user.pk}"


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


def _acquire(who, kind):
    token = uuid.uuid4().hex
    slot = None
    for number in range(settings.EXPENSIVE_CONCURRENT):
        key = f"limit:{kind}:running:{who}:{number}"
        if cache.add(key, token, timeout=settings.EXPENSIVE_SLOT_SECONDS):
            slot = Slot(key, token)
            break
        if cache.get(key) is None:
            # Not added and not there: the cache does not answer (or the place was freed just
            # now). Serve the request rather than refuse it for the cache's sake.
            return Slot()
    if slot is None:
        return Refusal("busy", BUSY_RETRY_SECONDS)

    now = time.time()
    window = int(now // 60)
    key = f"limit:{kind}:minute:{who}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        started = cache.incr(key)
    except ValueError:  # expired between add and incr
        started = None
    if started is not None and started > settings.EXPENSIVE_PER_MINUTE:
        slot.release()
        return Refusal("rate", max(1, int((window + 1) * 60 - now) + 1))
    return slot


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
    response = render(
        request,
        "kindportaal/limited.html",
        {
            "busy": refusal.reason == "busy",
            "per_minute": settings.EXPENSIVE_PER_MINUTE,
            "seconds": refusal.retry_after,
        },
        status=429,
    )
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

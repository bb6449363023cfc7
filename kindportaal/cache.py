"""The portal's cache backend: Redis, and when Redis does not answer, pages without a cache.

Every page works without the cache: the page cache renders afresh, sessions come from the
database (`cached_db`), the person is read from the database. So an error of Redis is not
passed on to the request. After a failure the backend does not ask Redis again for
`CACHE_RETRY_SECONDS`, so a page during an outage does not wait for a connection per call.

While Redis is away nothing written can reach it, and what it holds may come back (the
reference deployment's Redis keeps its data on disk): a session saved or deleted, a version
number raised, a page's data changed. So every write that did not reach Redis is remembered as
a key to delete, and those deletes are made before anything is read from Redis again. A deleted
version number starts anew from the clock (kindportaal.caching), so no page kept before the
outage is served after it.

Two kinds of keys must keep working during an outage, because they guard logins: allauth's
rate limits and the used TOTP codes. They go to the process's own memory while Redis is away
(a limit then holds per process, not across processes; docs/reliability.md).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# allauth's rate limits ("allauth:rl:...") and used TOTP codes ("allauth.mfa.totp.used?...").
KEPT_LOCALLY_DURING_AN_OUTAGE = ("allauth",)
# More forgotten writes than this, and the whole cache is emptied when Redis is back.
MAX_OWED_DELETES = 10_000


class OneClientPerPool(RedisCacheClient):
    """Django makes a new `redis.Redis` (with its table of reply handlers) for every call to the
    cache; one per connection pool serves them all, as it is safe across threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params}
        params["OPTIONS"] = {
            # A Redis that does not answer costs a request half a second once, not a hang.
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            "retry": Retry(NoBackoff(), 0),
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._in_outage = False
        self._owed_deletes = set()
        self._clear_owed = False
        self._local = LocMemCache(f"failsoft-{id(self)}", {"TIMEOUT": self.default_timeout})

    # Whether Redis is used at all, and what happens when it fails

    @property
    def available(self):
        """Whether Redis may be asked: not within CACHE_RETRY_SECONDS of a failure, and the
        writes it missed are deleted."""
        return self._down_until <= time.monotonic() and self._settle_owed()

    def _failed(self, error):
        with self._lock:
            first = not self._in_outage
            self._in_outage = True
            self._down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        if first:
            logger.warning(
                "Redis (cache and sessions) does not answer, pages are made without it: %s",
                error,
            )

    def _answered(self):
        if self._in_outage:
            self._in_outage = False
            self._down_until = 0.0
            logger.warning("Redis (cache and sessions) answers again")

    def _settle_owed(self):
        """Delete what Redis missed before it is read again; False while it does not answer."""
        if not self._owed_deletes and not self._clear_owed:
            return True
        with self._lock:
            owed, self._owed_deletes = self._owed_deletes, set()
            clear, self._clear_owed = self._clear_owed, False
        try:
            if clear:
                self._cache.clear()
            else:
                self._cache.delete_many(list(owed))
        except RedisError as error:
            with self._lock:
                self._owed_deletes |= owed
                self._clear_owed = self._clear_owed or clear
            self._failed(error)
            return False
        logger.warning("Deleted %d keys written while Redis did not answer", len(owed))
        self._answered()
        return True

    def _owe(self, keys):
        with self._lock:
            self._owed_deletes.update(self.make_and_validate_key(key) for key in keys)
            if len(self._owed_deletes) > MAX_OWED_DELETES:
                self._owed_deletes = set()
                self._clear_owed = True

    def _call(self, keys, operation, fallback, *, write, local=None):
        """Run `operation` against Redis; when it cannot, remember a write and answer
        `fallback()` (or, for keys that guard logins, `local()` on the process's memory)."""
        keys = list(keys)
        if local is not None and keys and all(_kept_locally(key) for key in keys):
            if not self.available:
                return local()
        elif not self.available:
            if write:
                self._owe(keys)
            return fallback()
        try:
            result = operation()
        except RedisError as error:
            self._failed(error)
            if write:
                self._owe(keys)
            if local is not None and keys and all(_kept_locally(key) for key in keys):
                return local()
            return fallback()
        self._answered()
        return result

    # The cache's operations

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version),
            lambda: False,
            write=True,
            local=lambda: self._local.add(key, value, timeout, version),
        )

    def get(self, key, default=None, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).get(key, default, version),
            lambda: default,
            write=False,
            local=lambda: self._local.get(key, default, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version),
            lambda: None,
            write=True,
            local=lambda: self._local.set(key, value, timeout, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).touch(key, timeout, version),
            lambda: False,
            write=True,
        )

    def delete(self, key, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).delete(key, version),
            lambda: False,
            write=True,
            local=lambda: self._local.delete(key, version),
        )

    def get_many(self, keys, version=None):
        return self._call(
            keys,
            lambda: super(FailSoftRedisCache, self).get_many(keys, version),
            dict,
            write=False,
        )

    def has_key(self, key, version=None):
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).has_key(key, version),
            lambda: False,
            write=False,
        )

    def incr(self, key, delta=1, version=None):
        # Without Redis the number is not raised, but deleted once Redis is back: the next
        # reader starts it anew, which tells every reader that the data changed.
        return self._call(
            [key],
            lambda: super(FailSoftRedisCache, self).incr(key, delta, version),
            lambda: None,
            write=True,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            data.keys(),
            lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version),
            list,
            write=True,
        )

    def delete_many(self, keys, version=None):
        return self._call(
            keys,
            lambda: super(FailSoftRedisCache, self).delete_many(keys, version),
            lambda: None,
            write=True,
        )

    def clear(self):
        try:
            if self.available:
                return self._cache.clear()
        except RedisError as error:
            self._failed(error)
        with self._lock:
            self._owed_deletes = set()
            self._clear_owed = True
        return False


def _kept_locally(key):
    return isinstance(key, str) and key.startswith(KEPT_LOCALLY_DURING_AN_OUTAGE)

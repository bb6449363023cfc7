"""How a request finds the person logged in: allauth's backend, with the person kept in the
process's memory between requests while nothing in the kindportaal app changed.

Any save or deletion of a `User` (a new role, deactivation, a new password) raises the version
number of the kindportaal app's data (kindportaal.caching), which every request reads from Redis:
a person kept from before such a change is never used again. Only `last_login` is saved without
that, and no request decides anything on it. Without a shared cache the person is read from the
database every time, as Django does."""

import copy
import time

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings

from kindportaal import caching
from kindportaal.selectors import notices_label

KEEP_SECONDS = 60


class PeopleInMemory:
    def __init__(self):
        self.entries = {}

    def get(self, user_id, version):
        entry = self.entries.get(user_id)
        if entry is None:
            return None
        kept_version, user, until = entry
        if kept_version != version or until < time.monotonic():
            self.entries.pop(user_id, None)
            return None
        return copy.copy(user)  # a request may change its copy; the kept one stays as read

    def put(self, user_id, version, user):
        if len(self.entries) > 10_000:
            self.entries.clear()
        self.entries[user_id] = (version, copy.copy(user), time.monotonic() + KEEP_SECONDS)

    def clear(self):
        self.entries.clear()


people = PeopleInMemory()


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        if not settings.PAGE_CACHE_SECONDS:
            return super().get_user(user_id)
        # Read with every number the request needs (its page's key, the header's count): one
        # question to Redis for all of them.
        caching.versions((*caching.WATCHED_APPS, notices_label(user_id)))
        version = caching.versions(("kindportaal",))
        if version is not None:
            user = people.get(user_id, version)
            if user is not None:
                return user
        user = super().get_user(user_id)
        if user is not None and version is not None:
            people.put(user_id, version, user)
        return user

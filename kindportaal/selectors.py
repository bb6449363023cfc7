"""Reads of the portal itself that need care: the list of users with where each account stands;
and `count_of`, a counting subquery every app's lists use."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindportaal import caching
from kindportaal.models import AuditEvent, Invitation, Notice, User


def count_of(queryset, field):
    """The number of rows of `queryset` whose `field` points at the outer row, as a subquery
    (several counts on one list then do not multiply each other's joins)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def user_list(*, query: str = "", role: str = ""):
    open_invitations = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    users = User.objects.prefetch_related(
        Prefetch("invitations", queryset=open_invitations, to_attr="open_invitations")
    ).order_by("full_name", "email")
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role:
        users = users.filter(role=role)
    return users


def user_status(user: User) -> str:
    """Where an account stands. Needs `open_invitations` from user_list()."""
    if user.is_active:
        return _("active")
    if user.anonymised_at is not None:
        return _("anonymised")
    if user.has_usable_password():
        return _("deactivated")
    if user.open_invitations:
        return _("invited")
    return _("invitation expired")


def notices_label(user_id: int) -> str:
    """The name under which a person's notices have a version number in the cache
    (kindportaal.caching): kindportaal.notices raises it with every change of them."""
    return f"notices-{user_id}"


def unread_notice_count(user: User) -> int:
    """The number in the header: one query, or none while the person's notices are unchanged
    (the count is kept under their version number, so it is never stale)."""
    if not settings.PAGE_CACHE_SECONDS:
        return _unread_count(user)
    version = caching.versions([notices_label(user.pk)])
    if version is None:  # the cache does not answer
        return _unread_count(user)
    key = f"notices-unread:{user.pk}:{version}"
    count = counts_in_memory.get(key)
    if count is None:
        count = cache.get(key)
    if count is None:
        count = _unread_count(user)
        cache.set(key, count, timeout=settings.PAGE_CACHE_SECONDS)
    if len(counts_in_memory) > 10_000:
        counts_in_memory.clear()
    counts_in_memory[key] = count
    return count


# The counts this process read last, under the same keys: a new version makes a new key.
counts_in_memory: dict[str, int] = {}


def _unread_count(user):
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_list(user: User):
    """A person's notices: unread first, each group newest first."""
    return Notice.objects.filter(recipient=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def audit_events():
    """The audit log, newest first, with the people it names."""
    return AuditEvent.objects.select_related("actor", "subject")

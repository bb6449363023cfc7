"""Reads of the portal itself that need care: the list of users with where each account stands."""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindportaal.models import Invitation, User


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
    if user.has_usable_password():
        return _("deactivated")
    if user.open_invitations:
        return _("invited")
    return _("invitation expired")

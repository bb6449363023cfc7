"""Who may do what in the portal as a whole: small predicates that every app builds on."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

from kindportaal.roles import Role

PORTAL_ROLES = {
    Role.POLICY_OFFICER,
    Role.PARTNER_DIRECTOR,
    Role.COUNCIL_MEMBER,
    Role.ADMINISTRATOR,
}


def is_active_user(user):
    return user.is_authenticated and user.is_active


def can_read_portal(user):
    return is_active_user(user) and user.role in PORTAL_ROLES


def is_policy_officer(user):
    return is_active_user(user) and user.role == Role.POLICY_OFFICER


def is_partner_director(user):
    return is_active_user(user) and user.role == Role.PARTNER_DIRECTOR


def is_council_member(user):
    return is_active_user(user) and user.role == Role.COUNCIL_MEMBER


def is_administrator(user):
    return is_active_user(user) and user.role == Role.ADMINISTRATOR


def can_read_audit_log(user):
    """The audit log is the beheerders' alone: it holds everyone's logins and addresses."""
    return is_administrator(user)


def can_log_in_with_password(user):
    """Whether this person's role may log in with a password; the others log in through an
    identity provider only (PASSWORD_LOGIN_ROLES)."""
    return user.role in settings.PASSWORD_LOGIN_ROLES


def can_manage_users(user):
    return is_policy_officer(user)


def can_deactivate_user(actor, target):
    if not can_manage_users(actor):
        return False
    if target.pk == actor.pk:
        return False
    # Beheerders are managed by beheerders, in the admin.
    return target.role != Role.ADMINISTRATOR


def notice_kinds_by_role():
    """The kinds of notices each role can get: a partner director hears of the agreements of
    their organisations; a policy officer of the documents and imports they asked for and of a
    new LEA document of an adopted agenda, as a council member does; a beheerder of none."""
    from kindportaal.models import NoticeKind as K

    return {
        Role.PARTNER_DIRECTOR: [K.PROPOSED, K.CHANGED, K.STALE, K.PROGRESS, K.DECISION],
        Role.POLICY_OFFICER: [K.LEA_DOCUMENT, K.IMPORT],
        Role.COUNCIL_MEMBER: [K.LEA_DOCUMENT],
    }


def notice_kinds_for(user):
    if not is_active_user(user):
        return []
    return notice_kinds_by_role().get(user.role, [])


def roles_notified_of(kind):
    return [role for role, kinds in notice_kinds_by_role().items() if kind in kinds]


def can_receive_notices(user):
    return bool(notice_kinds_for(user))


def require(allowed, *, reason=""):
    """Raise 403 unless `allowed` is true; views call this after the object is found.

    `reason` says why, when it is not the person's role but the object's state (an agreement not
    yet confirmed by every party): the refusal page shows it instead of blaming the role."""
    if not allowed:
        raise PermissionDenied(reason) if reason else PermissionDenied


def permission_required(predicate):
    """View decorator: 403 unless `predicate(request.user)` holds.

    Anonymous visitors never get here: LoginRequiredMiddleware sends them to the login page.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(predicate(request.user))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

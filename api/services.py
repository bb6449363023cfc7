"""Every write of the API keys: made, revoked and used; each is in the audit log."""

import copy
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from api import permissions
from api.models import OrganisationAPIKey
from kindportaal.audit import record
from kindportaal.models import AuditKind
from kindportaal.roles import Role

# The last use is written at most this often: a read does not become a write every time.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def api_key_create(
    *, organisation, by, name: str, can_read: bool, can_report: bool
) -> tuple[OrganisationAPIKey, str]:
    """A new key of `organisation`; returns it and the key itself, which is shown once."""
    with transaction.atomic():
        if not permissions.can_manage_api_keys(by, organisation):
            raise PermissionDenied
        if not (can_read or can_report):
            raise ValidationError({"can_read": _("Give the key at least one permission.")})
        key = OrganisationAPIKey(
            organisation=organisation,
            name=name,
            can_read=can_read,
            can_report=can_report,
            created_by=by,
        )
        secret = OrganisationAPIKey.objects.assign_key(key)
        key.full_clean(exclude=["id", "prefix", "hashed_key"])
        key.save()
        record(
            AuditKind.API_KEY,
            gettext_noop("API key %(key)s made for %(organisation)s"),
            params={"key": str(key), "organisation": organisation.name},
            actor=by,
            identifier=key.prefix,
        )
        return key, secret


def api_key_revoke(*, api_key: OrganisationAPIKey, by) -> OrganisationAPIKey:
    """Revoke a key for good: it answers 401 from now on."""
    with transaction.atomic():
        key = OrganisationAPIKey.objects.select_for_update().get(pk=api_key.pk)
        if not permissions.can_manage_api_keys(by, key.organisation):
            raise PermissionDenied
        if key.revoked:
            raise ValidationError(_("This key has already been revoked."))
        key.revoked = True
        key.revoked_at = timezone.now()
        key.revoked_by = by
        key.save(update_fields=["revoked", "revoked_at", "revoked_by"])
        record(
            AuditKind.API_KEY,
            gettext_noop("API key %(key)s of %(organisation)s revoked"),
            params={"key": str(key), "organisation": key.organisation.name},
            actor=by,
            identifier=key.prefix,
        )
        return key


def api_key_used(*, api_key: OrganisationAPIKey, request) -> None:
    """Record a use of the key: always in the audit log, and as its last use at most once a
    minute (a conditional update, so most requests write only the audit record)."""
    now = timezone.now()
    record(
        AuditKind.API_KEY,
        gettext_noop("API key %(key)s of %(organisation)s used: %(method)s %(path)s"),
        params={
            "key": str(api_key),
            "organisation": api_key.organisation.name,
            "method": request.method,
            "path": request.path[:200],
        },
        actor=api_key.created_by,
        identifier=api_key.prefix,
        request=request,
    )
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USE_PRECISION:
        OrganisationAPIKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def api_key_refused(*, prefix: str, request) -> None:
    """Record a request with a key that is unknown, revoked or no longer acts."""
    record(
        AuditKind.API_KEY,
        gettext_noop("API key refused: %(method)s %(path)s"),
        params={"method": request.method, "path": request.path[:200]},
        actor=None,
        identifier=prefix[:20],
        request=request,
    )


def _refuse_save(*args, **kwargs):
    raise RuntimeError("the person a key acts for is not saved through the key")


def acting_user(api_key: OrganisationAPIKey):
    """Who the agenda's services see when a partner system calls: the person who made the key,
    as a partner director of the key's organisation only (also when a policy officer made it),
    so the services decide exactly as for that organisation's director."""
    user = copy.copy(api_key.created_by)
    user.role = Role.PARTNER_DIRECTOR
    user._member_organisation_ids = frozenset({api_key.organisation_id})
    user.api_key = api_key
    user.save = _refuse_save
    return user

"""Retention (AVG): what the portal keeps no longer than its term, removed every night by the
beat job `kindportaal.tasks.retention` (docs/privacy.md has the schedule).

The portal's own rules are here; an app with data of its own to remove declares it on its
AppConfig, as it declares its janitor jobs: `retention_jobs = [callable(*, now) -> {name: n}]`.
Each rule is a cut-off compared with `now`: a record exactly at its term is kept, one a moment
older is removed. The job logs what it removed and records it in the audit log.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from kindportaal import audit
from kindportaal.models import AuditEvent, AuditKind, Invitation, User

logger = logging.getLogger(__name__)


def _days(name):
    return timedelta(days=getattr(settings, name))


def audit_records_expire(*, now) -> int:
    """Audit records older than AUDIT_RETENTION_DAYS: the one path by which records leave."""
    cutoff = now - _days("AUDIT_RETENTION_DAYS")
    removed, _per_model = AuditEvent.objects.filter(created_at__lt=cutoff)._expire()
    return removed


def sessions_expire(*, now) -> int:
    """Sessions that expired more than SESSION_RETENTION_DAYS ago."""
    cutoff = now - _days("SESSION_RETENTION_DAYS")
    removed, _per_model = Session.objects.filter(expire_date__lt=cutoff).delete()
    return removed


def invitations_expire(*, now) -> int:
    """Invitations never accepted that expired, or were replaced, more than
    INVITATION_RETENTION_DAYS ago. The account they were for stays (inactive)."""
    cutoff = now - _days("INVITATION_RETENTION_DAYS")
    removed, _per_model = (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()
    )
    return removed


def deactivated_accounts_anonymise(*, now) -> int:
    """Accounts deactivated more than RETENTION_ANONYMISE_DEACTIVATED_DAYS ago lose their name
    and e-mail address everywhere (kindportaal.anonymise); reactivating one stops its clock."""
    from kindportaal.anonymise import user_anonymise

    cutoff = now - _days("RETENTION_ANONYMISE_DEACTIVATED_DAYS")
    due = User.objects.filter(
        is_active=False, anonymised_at__isnull=True, deactivated_at__lt=cutoff
    ).order_by("pk")
    done = 0
    for user in due:
        changed = user_anonymise(user=user, now=now)
        logger.info("Retention anonymised account %s: %s", user.pk, changed)
        done += bool(changed)
    return done


OWN_RULES = {
    # First, so that the audit records it rewrites are those still kept.
    "audit_records": audit_records_expire,
    "sessions": sessions_expire,
    "invitations": invitations_expire,
    "anonymised_accounts": deactivated_accounts_anonymise,
}


def retention_run(*, now=None) -> dict:
    """Carry out every rule; {what: how many removed}. Idempotent: a second run finds nothing."""
    now = now or timezone.now()
    removed = {}
    with transaction.atomic():
        for name, rule in OWN_RULES.items():
            removed[name] = rule(now=now)
        for config in apps.get_app_configs():
            for job in getattr(config, "retention_jobs", []):
                removed.update(job(now=now))
        logger.info("Retention removed %s", removed)
        if any(removed.values()):
            audit.record(
                AuditKind.RETENTION,
                gettext_noop("Retention removed what had passed its term: %(removed)s"),
                params={"removed": ", ".join(f"{name} {count}" for name, count in removed.items())},
                actor=None,
            )
    return removed

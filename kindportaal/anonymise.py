"""Anonymising a deactivated account (AVG): its person's name and e-mail address leave the portal.

The retention job (kindportaal.retention.deactivated_accounts_anonymise) calls `user_anonymise`
for accounts deactivated longer than RETENTION_ANONYMISE_DEACTIVATED_DAYS. The account stays, so
that what the person did still hangs together (who made which change, which progress update),
but under a neutral label ("Voormalig gebruiker 12") and an address that no mail reaches. Every
copy of the name or address as text goes too: the account's own history rows, the reasons of
other history rows, the audit log's details and typed addresses, and what apps copied
(they declare it on their AppConfig: `anonymise_jobs = [callable(**Anonymised) -> {name: n}]`).
"""

from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Replace
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from kindportaal import audit
from kindportaal.history import history_reason
from kindportaal.models import AuditEvent, AuditKind, Notice, User

# RFC 2606: a .invalid address is never delivered; the number keeps it unique.
PLACEHOLDER_DOMAIN = "anonymised.invalid"


@dataclass(frozen=True)
class Anonymised:
    """What an app needs to remove its copies: the old name and address and what replaces them."""

    user_id: int
    name: str
    email: str
    label: str
    placeholder: str


def label_for(user_id: int) -> str:
    """The neutral name an anonymised account is shown under, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former user %(number)s") % {"number": user_id}


def placeholder_for(user_id: int) -> str:
    return f"user-{user_id}@{PLACEHOLDER_DOMAIN}"


def _history_models():
    return [
        model
        for model in apps.get_models()
        if any(field.name == "history_change_reason" for field in model._meta.fields)
    ]


def _replaced(value, gone: Anonymised):
    if not isinstance(value, str):
        return value
    if value == gone.name:
        return gone.label
    return value.replace(gone.email, gone.placeholder)


def _audit_records(gone: Anonymised) -> int:
    """The audit log keeps its records (who did what stays), without the name and address."""
    records = (
        AuditEvent.objects.annotate(details=Cast("params", TextField()))
        .filter(
            Q(actor_id=gone.user_id)
            | Q(subject_id=gone.user_id)
            | Q(identifier__iexact=gone.email)
            | Q(details__contains=gone.email)
        )
        .order_by()
    )
    changed = 0
    for record in records:
        params = {key: _replaced(value, gone) for key, value in record.params.items()}
        identifier = gone.placeholder if record.identifier.lower() == gone.email else ""
        identifier = identifier or record.identifier
        if params != record.params or identifier != record.identifier:
            AuditEvent.objects.filter(pk=record.pk)._anonymise(params=params, identifier=identifier)
            changed += 1
    return changed


def _history_reasons(gone: Anonymised) -> int:
    """Reasons such as "Deactivated by …" on the history of others name the person's address."""
    changed = 0
    for model in _history_models():
        changed += model.objects.filter(history_change_reason__contains=gone.email).update(
            history_change_reason=Replace(
                F("history_change_reason"), Value(gone.email), Value(gone.placeholder)
            )
        )
    return changed


def user_anonymise(*, user: User, now) -> dict:
    """Replace a deactivated person's name and address everywhere; {what: how many changed}.
    Idempotent: an account anonymised already, or active again, is left alone."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active or user.anonymised_at is not None:
            return {}
        gone = Anonymised(
            user_id=user.pk,
            name=user.full_name,
            email=user.email.lower(),
            label=label_for(user.pk),
            placeholder=placeholder_for(user.pk),
        )
        user.full_name = gone.label
        user.email = gone.placeholder
        user.set_unusable_password()
        user.anonymised_at = now
        user._change_reason = history_reason(gettext_noop("Anonymised (retention)"))
        user.save(update_fields=["full_name", "email", "password", "anonymised_at"])
        changed = {
            "account_history": User.history.filter(id=user.pk).update(
                full_name=gone.label, email=gone.placeholder
            ),
            "history_reasons": _history_reasons(gone),
            "audit_records": _audit_records(gone),
        }
        # What only the person had: their addresses, provider links (with the provider's
        # claims), second factors and their own notices. Nobody logs in as them again.
        changed["logins"] = sum(
            model.objects.filter(user=user).delete()[0]
            for model in (EmailAddress, SocialAccount, Authenticator)
        )
        changed["own_notices"] = Notice.objects.filter(recipient=user).delete()[0]
        for config in apps.get_app_configs():
            for job in getattr(config, "anonymise_jobs", []):
                changed.update(job(**asdict(gone)))
        audit.record(
            AuditKind.RETENTION,
            gettext_noop("Anonymised account %(number)s, deactivated longer than its term"),
            params={"number": user.pk},
            actor=None,
            subject=user,
        )
        return changed

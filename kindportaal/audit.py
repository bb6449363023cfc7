"""The audit log: who did what, when, from which address. Apps call `record()` where it happens.

A record's text is an English msgid (mark it with gettext_noop) with its parameters, translated
when it is read, so a beheerder reads it in their own language. Who did it and from which
address come from the request being served (`AuditRequestMiddleware` keeps it for the services,
which do not take one); a background job names the person itself and has no address.

The address is the one the login limits count (kindportaal.adapters.AccountAdapter.get_client_ip):
behind the reverse proxy the visitor's address it adds to X-Forwarded-For, never what the
visitor wrote there themselves.

Logins, failed logins, logouts and two-factor changes are recorded from the signals of Django
and allauth (`connect_signals`): every way of logging in, a provider's too, ends in Django's
`login()` and so in the same event.
"""

import ipaddress
import logging
from contextvars import ContextVar

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from kindportaal.models import AuditEvent, AuditKind, User

logger = logging.getLogger(__name__)

_request: ContextVar = ContextVar("kindportaal.audit.request", default=None)

# "The person of the request" unless a caller names someone (or None: nobody).
FROM_REQUEST = object()


class AuditRequestMiddleware:
    """Keep the request being served, for the records made in services that do not take it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    return _request.get()


def client_address(request) -> str | None:
    """The visitor's address, as the login limits see it; None when there is none to trust."""
    if request is None:
        return None
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(
    kind: str,
    message: str,
    *,
    params: dict | None = None,
    actor=FROM_REQUEST,
    subject=None,
    identifier: str = "",
    request=None,
) -> AuditEvent:
    """Add a record to the audit log, in the caller's transaction (so a rolled-back action leaves
    none). `message` is an English msgid with %(name)s placeholders filled from `params`."""
    request = request if request is not None else current_request()
    if actor is FROM_REQUEST:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        message=message,
        params=_stored(params or {}),
        actor=actor,
        subject=subject,
        identifier=identifier[:254],
        ip_address=client_address(request),
    )


def publication(messages: tuple[str, str], *, is_public: bool, title: str, identifier: str):
    """Record that something was published on the public pages (Woo) or taken off them, by the
    person of the request. `messages`: the msgids for published and for taken off, each with
    %(title)s."""
    published, withdrawn = messages
    return record(
        AuditKind.PUBLICATION,
        published if is_public else withdrawn,
        params={"title": title[:200]},
        identifier=identifier,
    )


def _stored(params):
    """Parameters as JSON keeps them: a translatable name (a list's, a role's) in English, so
    that it is translated when read (AuditEvent.TRANSLATED_PARAMS)."""
    stored = {}
    for key, value in params.items():
        if isinstance(value, Promise):
            with translation.override(None):
                value = str(value)
        stored[key] = value
    return stored


# Logins and two-factor changes, from the signals of Django and allauth.


def _logged_in(sender, request, user, **kwargs):
    record(AuditKind.LOGIN, gettext_noop("Logged in"), actor=user, request=request)


def typed_identifier(typed: str) -> str:
    """What a failed login keeps of the address typed. An address of an account is kept as it
    is (it is that person's own login, and leaves with their account's anonymisation). Any
    other address may be anybody's, a typo or an attacker's list: only its domain is kept, with
    a short keyed digest of the whole address, so that repeated tries of one address can be told
    from many addresses, and a beheerder who searches the log for a full address finds its tries
    (`matching_typed`) without the log holding it."""
    typed = typed.strip().lower()
    if not typed or User.objects.filter(email__iexact=typed).exists():
        return typed
    _local, at, domain = typed.rpartition("@")
    return f"…@{domain[:100]} #{_digest(typed)}" if at else f"… #{_digest(typed)}"


def matching_typed(value: str) -> str:
    """The form in which `typed_identifier` keeps an address that is no account's."""
    return f"#{_digest(value.strip().lower())}"


def _digest(typed):
    return salted_hmac("kindportaal.audit.typed", typed).hexdigest()[:12]


def _login_failed(sender, credentials, request=None, **kwargs):
    typed = typed_identifier(str(credentials.get("email") or credentials.get("username") or ""))
    record(
        AuditKind.LOGIN_FAILED,
        gettext_noop("Login failed: wrong e-mail address or password"),
        actor=None,
        identifier=typed,
        request=request,
    )


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditKind.LOGOUT, gettext_noop("Logged out"), actor=user, request=request)


def _second_factor_failed(sender, request, user, **kwargs):
    record(
        AuditKind.LOGIN_FAILED,
        gettext_noop("Login failed: wrong second-factor code"),
        actor=None,
        identifier=user.email,
        request=request,
    )


def _authenticator_message(authenticator, added):
    if authenticator.type == authenticator.Type.TOTP:
        if added:
            return gettext_noop("Authenticator app set up")
        return gettext_noop("Authenticator app removed")
    if authenticator.type == authenticator.Type.RECOVERY_CODES:
        if added:
            return gettext_noop("Recovery codes made")
        return gettext_noop("Recovery codes removed")
    if added:
        return gettext_noop("Second factor added")
    return gettext_noop("Second factor removed")


def _authenticator_added(sender, request, user, authenticator, **kwargs):
    message = _authenticator_message(authenticator, added=True)
    record(AuditKind.TWO_FACTOR, message, actor=user, subject=user, request=request)


def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    message = _authenticator_message(authenticator, added=False)
    record(AuditKind.TWO_FACTOR, message, actor=user, subject=user, request=request)


def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    record(
        AuditKind.TWO_FACTOR,
        gettext_noop("Recovery codes made anew"),
        actor=user,
        subject=user,
        request=request,
    )


def connect_signals():
    """Called once from KindportaalConfig.ready()."""
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth import signals as auth_signals

    uid = "kindportaal.audit"
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid=f"{uid}:login")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid=f"{uid}:login_failed")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid=f"{uid}:logout")
    mfa_signals.authentication_failed.connect(
        _second_factor_failed, dispatch_uid=f"{uid}:mfa_failed"
    )
    mfa_signals.authenticator_added.connect(_authenticator_added, dispatch_uid=f"{uid}:mfa_added")
    mfa_signals.authenticator_removed.connect(
        _authenticator_removed, dispatch_uid=f"{uid}:mfa_removed"
    )
    mfa_signals.authenticator_reset.connect(_authenticator_reset, dispatch_uid=f"{uid}:mfa_reset")

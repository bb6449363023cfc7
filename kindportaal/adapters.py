"""How allauth behaves in this portal: nobody signs up, required two-factor stays on, and a
login through the gemeente's identity provider only reaches an account somebody was invited to."""

import time

import requests
from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kindportaal.queueing import enqueue

TWO_FACTOR_KEY = "two-factor:{}"


def has_two_factor(user):
    """Whether the person has an authenticator app; a yes is remembered until it is removed."""
    key = TWO_FACTOR_KEY.format(user.pk)
    if cache.get(key):
        return True
    found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if found:
        cache.set(key, True, timeout=None)
    return found


def forget_two_factor(sender, instance, **kwargs):
    cache.delete(TWO_FACTOR_KEY.format(instance.user_id))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People are invited by a policy officer; there is no public sign-up.
        return False

    def get_login_redirect_url(self, request):
        return reverse("kindportaal:root")

    def get_login_stages(self):
        # allauth's second-factor step, which a provider's asserted MFA satisfies.
        return [
            "kindportaal.adapters.TwoFactorStage"
            if path == "allauth.mfa.stages.AuthenticateStage"
            else path
            for path in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app, **kwargs):
        """A login through the provider within the reauthentication timeout is as fresh as a
        reauthentication: someone who has no password (invited, came through the provider)
        can then set up an authenticator app right after logging in."""
        request = allauth_context.request
        if request is not None and did_recently_log_in_through_provider(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_logout_redirect_url(self, request):
        if provider_of_session(request) is not None:
            return reverse("kindportaal:logged_out")
        return super().get_logout_redirect_url(request)

    def logout(self, request):
        """Log out of the portal; a person who came through a provider is offered its logout
        on the next page (kindportaal.views.logged_out), as the session is new by then."""
        app = provider_of_session(request)
        id_token = (request.session.get(ID_TOKEN_KEY) or {}) if app is not None else {}
        super().logout(request)
        if app is not None:
            hint = id_token.get("token") if id_token.get("provider") == app.provider_id else None
            request.session[PROVIDER_LOGOUT_KEY] = {
                "name": app.name,
                "url": provider_logout_url(request, app, id_token=hint),
            }

    def get_client_ip(self, request):
        """The visitor's address: behind the reverse proxy the one it adds to X-Forwarded-For
        (ALLAUTH_TRUSTED_PROXY_COUNT), else the connection's."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # Fewer addresses in X-Forwarded-For than proxies: not through our proxies.
            return request.META.get("REMOTE_ADDR", "")

    def _get_login_attempts_cache_key(self, request, **credentials):
        # Failed logins count per account *and* address (ACCOUNT_RATE_LIMITS "key"): a stranger
        # elsewhere cannot lock a known account, and a password reset frees its own address.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix, email, context):
        """Made now, sent by the worker: the request takes as long for an address that is known
        (a password reset mailed) as for one that is not (nothing mailed)."""
        from kindportaal.tasks import send_account_email

        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_url": settings.SITE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "alternatives": [[alt[0], alt[1]] for alt in getattr(message, "alternatives", [])],
        }

        def send():
            if not enqueue(send_account_email, payload):
                message.send()  # the broker is away: rather slower than not at all

        transaction.on_commit(send)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Whoever must use two-factor login cannot switch their authenticator app off.
        user = authenticator.user
        if settings.REQUIRE_MFA and user.requires_two_factor:
            return authenticator.type != Authenticator.Type.TOTP
        return True

    def get_totp_label(self, user):
        return user.email


# Login through an identity provider (OpenID Connect)

PROVIDER_LOGOUT_KEY = "kindportaal_provider_logout"
# The provider's ID token of this session's login, for the id_token_hint of its logout. Kept in
# the session only (SOCIALACCOUNT_STORE_TOKENS is off: no token of a provider in the database);
# it leaves with the session at logout.
ID_TOKEN_KEY = "kindportaal_id_token"


class IdTokenKeepingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, keeping the ID token it was given in the session
    (kindportaal.views.provider_callback), so that the provider's logout can name the session
    to end (id_token_hint) and send the person back without asking whether it may."""

    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        raw = kwargs["response"].get("id_token")
        if raw:
            request.session[ID_TOKEN_KEY] = {"provider": app.provider_id, "token": raw}
        return login


PROVIDER_MFA = "identity_provider"  # the type of the "mfa" record a provider's assertion makes


def _claims(sociallogin):
    """The provider's claims about the person: the userinfo's, with the ID token's (amr, acr)."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def provider_email(app, claims):
    """The address the provider vouches for: its `email` claim if it says the address is
    verified, or the value of the claim the gemeente configured (e.g. `upn`)."""
    claim = app.settings.get("email_claim", "email")
    value = claims.get(claim)
    if not isinstance(value, str) or "@" not in value:
        return None
    if claim == "email" and not parse_bool_safely(claims.get("email_verified")):
        return None
    return value.strip().lower()


def provider_role(app, claims):
    """The role the provider's claim maps to (the first mapped value the person has), None when
    the provider maps no roles, or "" when it does but gives this person none."""
    claim = app.settings.get("role_claim")
    if not claim:
        return None
    values = claims.get(claim) or []
    if isinstance(values, str):
        values = [values]
    for value, role in app.settings.get("roles", {}).items():
        if value in values:
            return role
    return ""


def provider_asserts_mfa(app, claims):
    """Whether the provider says the person logged in with more than one factor: an `amr`
    value, or the `acr`, that the gemeente counts as two-factor login."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(app.settings.get("mfa_amr", [])):
        return True
    return bool(claims.get("acr")) and claims.get("acr") in app.settings.get("mfa_acr", [])


def provider_of_session(request):
    """The provider (its SocialApp) the person of this session logged in through, or None."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    user = getattr(request, "user", None)
    for record in reversed(get_authentication_records(request, user)):
        if record.get("method") == "socialaccount":
            try:
                return get_adapter().get_app(request, record["provider"])
            except SocialApp.DoesNotExist:  # a provider configured away since
                return None
    return None


def did_recently_log_in_through_provider(request):
    user = getattr(request, "user", None)
    since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == "socialaccount" and record.get("at", 0) >= since
        for record in get_authentication_records(request, user)
    )


def has_provider_two_factor(request):
    """Whether this session's login was made with two factors at the identity provider."""
    user = getattr(request, "user", None)
    return any(
        record.get("method") == "mfa" and record.get("type") == PROVIDER_MFA
        for record in get_authentication_records(request, user)
    )


def provider_logout_url(request, app, *, id_token=None):
    """The provider's own logout (its end_session_endpoint), back to the portal's login page
    afterwards, naming the session to end with the ID token of the login (`id_token_hint`,
    OpenID Connect RP-Initiated Logout); None when it has none or cannot be reached now."""
    provider = app.get_provider(request)
    try:
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except (requests.RequestException, ValueError):
        return None
    if not endpoint:
        return None
    params = {
        "client_id": app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("account_login")),
    }
    if id_token:
        params["id_token_hint"] = id_token
    query = urlencode(params)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _refuse(request, reason, status=403):
    request.session.pop(ID_TOKEN_KEY, None)  # nobody logged in: no logout to hint at
    return ImmediateHttpResponse(
        render(request, "kindportaal/provider_refused.html", {"reason": reason}, status=status)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # A provider login reaches an invited or existing account, or nothing (pre_social_login).
        return False

    def pre_social_login(self, request, sociallogin):
        """Link the provider's person to their account in the portal, or refuse in Dutch."""
        from kindportaal import services

        app = sociallogin.account.get_provider().app
        claims = _claims(sociallogin)
        role = provider_role(app, claims)
        if role == "":
            raise _refuse(
                request,
                _("Your account at %(provider)s gives you no role in Kindportaal.")
                % {"provider": app.name},
            )
        if sociallogin.is_existing:
            email = sociallogin.user.email
        else:
            email = provider_email(app, claims)
            if email is None:
                raise _refuse(
                    request,
                    _("%(provider)s did not give a verified e-mail address.")
                    % {"provider": app.name},
                )
        try:
            user = services.provider_login_user(email=email, role=role, provider_name=app.name)
        except services.ProviderLoginRefused as refusal:
            raise _refuse(request, str(refusal)) from refusal
        if sociallogin.is_existing:
            sociallogin.user = user
        else:
            sociallogin.connect(request, user)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if error == AuthError.CANCELLED:
            return  # allauth's page: the login was cancelled
        if isinstance(exception, requests.RequestException):
            raise provider_unavailable(request, provider.app.name)
        raise _refuse(
            request,
            _(
                "The login at %(provider)s did not succeed. Try again, or log in with your e-mail "
                "address and password."
            )
            % {"provider": provider.app.name},
            status=400,
        )


def provider_unavailable(request, name):
    """The Dutch page for a provider that does not answer (503), as an exception to raise."""
    return ImmediateHttpResponse(
        render(request, "kindportaal/provider_unavailable.html", {"provider": name}, status=503)
    )


class TwoFactorStage(AuthenticateStage):
    """allauth's second-factor step at login. A provider that asserts MFA (amr, acr) passes it:
    the session records that second factor as allauth records its own ("mfa"), and
    RequireTwoFactorMiddleware accepts it for people who must use two-factor login."""

    def handle(self):
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None:
            app = sociallogin.account.get_provider().app
            if provider_asserts_mfa(app, _claims(sociallogin)):
                record_authentication(
                    self.request,
                    self.login.user,
                    "mfa",
                    type=PROVIDER_MFA,
                    provider=sociallogin.account.provider,
                )
                return None, True
        return super().handle()

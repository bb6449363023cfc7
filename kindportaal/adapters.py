"""How allauth behaves in this portal: nobody signs up, and required two-factor stays on."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse

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

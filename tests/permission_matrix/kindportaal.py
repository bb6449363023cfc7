"""Permission expectations for the portal's own URLs, allauth's and the admin."""

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group

from kindportaal import audit, notices
from kindportaal.models import AuditKind, Gemeente, NoticeKind
from kindportaal.roles import Role
from kindportaal.services import invitation_create
from tests.kindportaal.factories import UserFactory
from tests.permission_matrix.framework import (
    ADMIN_OK,
    ADMIN_REFUSED,
    FORBIDDEN,
    GONE,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Rule,
    only,
    public,
    readers,
)


def build(world):
    invitation = invitation_create(
        invited_by=world.policy_officer,
        email="uitgenodigd@example.org",
        full_name="Nog Niet Begonnen",
        role=Role.COUNCIL_MEMBER,
    )
    world.invitation = invitation
    world.invitee = invitation.user
    world.colleague = UserFactory(role=Role.COUNCIL_MEMBER)
    SocialAccount.objects.create(user=world.colleague, provider="gemeente", uid="matrix")
    # Every admin page about an object opens an existing one (and its first version).
    Gemeente.objects.get_or_create(pk=1, defaults={"name": "Voorbeeldstad", "cbs_code": "GM9999"})
    Group.objects.get_or_create(name="Redactie")
    # The audit log's admin pages open a record; the personas' logins have made some already.
    audit.record(AuditKind.LOGIN, "Logged in", actor=world.administrator)
    [world.notice] = notices.notify(
        recipients=[world.director_a],
        kind=NoticeKind.PROGRESS,
        key="matrix",
        subject="Voortgang gemeld",
        link="/agenda/",
    )


def _user(world):
    return {"pk": world.colleague.pk}


def _invitee(world):
    return {"pk": world.invitee.pk}


MOVED = 301
UNAUTHORIZED = 401
POLICY_ONLY = only("policy_officer")
POLICY_ONLY_POST = only("policy_officer", outcome=NOT_ALLOWED, refused=FORBIDDEN)

EXPECTATIONS = {
    "kindportaal:root": Rule(readers(REDIRECT)),
    "kindportaal:home": Rule(readers()),
    "kindportaal:health": Rule(public()),
    "kindportaal:liveness": Rule(public()),
    "kindportaal:accessibility": Rule(public()),
    "kindportaal:favicon": Rule(public(REDIRECT)),
    "kindportaal:theme": Rule(public()),
    "kindportaal:profile": Rule(readers()),
    # The matches of a searchable multi-choice field (kindportaal.choices): organisations for
    # every reader; people (with their e-mail addresses) for policy officers only.
    # Notifications: everyone's own; a notice only opens for its recipient (others: not found).
    "kindportaal:notice_list": Rule(readers()),
    # Settings only for those whose role gets notices (a beheerder gets none).
    "kindportaal:notice_settings": Rule(readers(administrator=FORBIDDEN)),
    "kindportaal:notice_open": Rule(
        readers(NOT_FOUND, director_a=REDIRECT), kwargs=lambda world: {"pk": world.notice.pk}
    ),
    "kindportaal:notices_mark_read": Rule(readers(NOT_ALLOWED), post=readers(REDIRECT)),
    "kindportaal:choices": Rule(readers(), kwargs={"source": "partners.organisation"}),
    "kindportaal:user_list": Rule(POLICY_ONLY),
    # The audit log holds everyone's logins and addresses: the beheerder's alone.
    "kindportaal:audit_log": Rule(only("administrator")),
    "kindportaal:invitation_create": Rule(POLICY_ONLY),
    "kindportaal:invitation_resend": Rule(
        readers(NOT_ALLOWED),
        kwargs=_invitee,
        post=only("policy_officer", outcome=REDIRECT),
    ),
    "kindportaal:user_deactivate": Rule(POLICY_ONLY, kwargs=_user),
    "kindportaal:user_reactivate": Rule(
        readers(NOT_ALLOWED), kwargs=_user, post=only("policy_officer", outcome=REDIRECT)
    ),
    "kindportaal:invitation_accept": Rule(
        public(REDIRECT, anonymous=OK), kwargs=lambda world: {"token": world.invitation.token}
    ),
    # Uploaded files (kindportaal/media.py): a register file only for those who import.
    "media": Rule(
        only("policy_officer", refused=NOT_FOUND, anonymous=LOGIN),
        kwargs=lambda world: {"path": world.import_run.file.name},
    ),
    "set_language": Rule(public(REDIRECT)),
    # Login through an identity provider (allauth's socialaccount). The suite configures no
    # provider here: its login and callback are not found for anyone (tests/oidc and
    # tests/kindportaal/test_provider_login.py log in through a real one).
    "kindportaal:provider_login": Rule(public(NOT_FOUND), kwargs={"provider_id": "gemeente"}),
    "openid_connect_login": Rule(public(NOT_FOUND), kwargs={"provider_id": "gemeente"}),
    "openid_connect_callback": Rule(public(NOT_FOUND), kwargs={"provider_id": "gemeente"}),
    "kindportaal:provider_callback": Rule(public(NOT_FOUND), kwargs={"provider_id": "gemeente"}),
    # The page after logging out that offers the provider's logout: without one, on to the
    # login page (or home, when logged in).
    "kindportaal:logged_out": Rule(public(REDIRECT)),
    "socialaccount_connections": Rule(readers()),
    "socialaccount_login_cancelled": Rule(public()),
    "socialaccount_login_error": Rule(readers(UNAUTHORIZED)),
    # Nobody signs up: without a provider login under way there is nothing to sign up for.
    "socialaccount_signup": Rule(public(REDIRECT)),
    # allauth's old addresses of these pages send on to the new ones for good (301); a visitor
    # is sent to log in first.
    "(unnamed) accounts/social/connections/": Rule(readers(MOVED)),
    "(unnamed) accounts/social/login/cancelled/": Rule(readers(MOVED)),
    "(unnamed) accounts/social/login/error/": Rule(readers(MOVED)),
    "(unnamed) accounts/social/signup/": Rule(readers(MOVED)),
    # allauth
    "account_login": Rule(public(REDIRECT, anonymous=OK)),
    "account_logout": Rule(public(OK, anonymous=REDIRECT)),
    "account_inactive": Rule(public()),
    "account_signup": Rule(public(REDIRECT, anonymous=OK)),
    "account_reauthenticate": Rule(readers()),
    # Confirming who you are again by a code sent by e-mail is switched off
    # (ACCOUNT_REAUTHENTICATION_METHODS): only the password or the second factor will do.
    "account_request_reauthentication_code": Rule(readers(FORBIDDEN)),
    "account_confirm_reauthentication_code": Rule(readers(FORBIDDEN)),
    "account_email": Rule(readers()),
    "account_email_verification_sent": Rule(public()),
    "account_change_password": Rule(readers()),
    "account_set_password": Rule(readers(REDIRECT)),
    "account_reset_password": Rule(public()),
    "account_confirm_login_code": Rule(public(REDIRECT)),
    "account_confirm_email": Rule(public(), kwargs={"key": "niet-bestaand"}),
    "account_reset_password_from_key_done": Rule(public()),
    "account_reset_password_from_key": Rule(
        public(), kwargs={"uidb36": "zz", "key": "niet-bestaand"}
    ),
    "account_reset_password_done": Rule(public()),
    # Two-factor pages. Changing a second factor first asks for the password again (the test
    # client's force_login is no recent login), hence the redirects.
    "mfa_index": Rule(readers()),
    "mfa_authenticate": Rule(public(REDIRECT)),
    "mfa_reauthenticate": Rule(readers(REDIRECT, policy_officer=OK, administrator=OK)),
    "mfa_activate_totp": Rule(readers(REDIRECT)),
    "mfa_deactivate_totp": Rule(
        readers(NOT_FOUND, policy_officer=REDIRECT, administrator=REDIRECT)
    ),
    "mfa_view_recovery_codes": Rule(readers(NOT_FOUND)),
    "mfa_generate_recovery_codes": Rule(readers(REDIRECT)),
    "mfa_download_recovery_codes": Rule(readers(NOT_FOUND)),
    # The admin: beheerders only; everybody else is sent to log in or refused.
    "admin:*": Rule(readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=ADMIN_OK)),
    # Its old object URLs send the beheerder on to the object's change page; what matches no
    # admin page is not found.
    "admin:(unnamed) *": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=REDIRECT)
    ),
    "admin:(unnamed) admin/(?P<url>.*)$": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=NOT_FOUND)
    ),
    # A beheerder who is logged in already is sent on to the admin's start page; "view on site"
    # sends them to the object's own page.
    "admin:login": Rule(readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=REDIRECT)),
    "admin:view_on_site": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=REDIRECT)
    ),
    # Without its query parameters the autocomplete refuses even a beheerder.
    "admin:autocomplete": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN)
    ),
    # There is one gemeente: a second cannot be added, and it cannot be deleted.
    "admin:kindportaal_gemeente_add": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN)
    ),
    "admin:kindportaal_gemeente_delete": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN)
    ),
    # The audit log in the admin is read only: nobody adds, changes or deletes a record. Its
    # change page shows the record (200) without a way to save it.
    "admin:kindportaal_auditevent_add": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN)
    ),
    "admin:kindportaal_auditevent_delete": Rule(
        readers(ADMIN_REFUSED, anonymous=ADMIN_REFUSED, administrator=FORBIDDEN)
    ),
    # Logging out of the admin takes a POST; a GET changes nothing for anyone.
    "admin:logout": Rule(readers(REDIRECT, anonymous=ADMIN_REFUSED, administrator=NOT_ALLOWED)),
}

__all__ = ["EXPECTATIONS", "FORBIDDEN", "GONE", "LOGIN", "build"]

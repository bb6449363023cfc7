"""Views of the portal itself: home per role, invitations, users, profile, health, error pages."""

from operator import attrgetter

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kindportaal import notices, selectors, services
from kindportaal.adapters import (
    PROVIDER_LOGOUT_KEY,
    IdTokenKeepingAdapter,
    provider_unavailable,
)
from kindportaal.caching import cached_page
from kindportaal.celery import app as celery_app
from kindportaal.choices import MAX_RESULTS, choice_sources
from kindportaal.editing import form_page
from kindportaal.forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    InvitationForm,
    NoticePreferencesForm,
    ProfileForm,
    UserFilterForm,
    notice_kinds_explained,
)
from kindportaal.listing import Column, ListSpec, list_response
from kindportaal.models import Gemeente, Notice, User
from kindportaal.navigation import home_panels_for, start_page_for
from kindportaal.permissions import (
    can_deactivate_user,
    can_log_in_with_password,
    can_manage_users,
    can_read_audit_log,
    can_read_portal,
    can_receive_notices,
    permission_required,
    require,
)
from kindportaal.theme import theme_style


def _actor_email(event):
    return event.actor.email if event.actor else event.identifier


def root(request):
    return redirect(start_page_for(request.user))


@permission_required(can_read_portal)
@cached_page
def home(request):
    return render(request, "kindportaal/home.html", {"panels": home_panels_for(request)})


# Users and invitations


def _get_user_for_manager(request, pk):
    user = get_object_or_404(User, pk=pk)
    require(can_manage_users(request.user))
    return user


@permission_required(can_manage_users)
def user_list(request):
    filters = UserFilterForm(request.GET or None)
    query, role = "", ""
    if filters.is_valid():
        query, role = filters.cleaned_data["q"], filters.cleaned_data["role"]
    page = Paginator(selectors.user_list(query=query, role=role), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "user": user,
            "status": selectors.user_status(user),
            "can_deactivate": user.is_active and can_deactivate_user(request.user, user),
        }
        for user in page
    ]
    return render(
        request, "kindportaal/user_list.html", {"filters": filters, "page": page, "rows": rows}
    )


@permission_required(can_manage_users)
def invitation_create(request):
    form = InvitationForm(request.POST or None)

    def invite():
        own, extra = form.invitation_data()
        return services.invitation_create(invited_by=request.user, **own, extra=extra)

    users_url = reverse("kindportaal:user_list")
    return form_page(
        request,
        form,
        save=invite,
        title=_("Invite someone"),
        trail=[(_("Users"), users_url)],
        intro=_(
            "The person receives an e-mail with a link with which they set their own password. "
            "The link can be used once."
        ),
        submit_label=_("Send invitation"),
        cancel_url=users_url,
        message=lambda invitation: (
            _("An invitation has been sent to %(email)s.") % {"email": invitation.user.email}
        ),
        next_url=users_url,
    )


@require_POST
def invitation_resend(request, pk):
    user = _get_user_for_manager(request, pk)
    if user.anonymised_at is not None:
        messages.error(request, _("This account has been anonymised and cannot be used again."))
    elif user.is_active or user.has_usable_password():
        messages.error(request, _("This person already has an account; no invitation is needed."))
    else:
        services.invitation_resend(user=user, invited_by=request.user)
        messages.success(
            request, _("A new invitation has been sent to %(email)s.") % {"email": user.email}
        )
    return redirect("kindportaal:user_list")


def user_deactivate(request, pk):
    user = _get_user_for_manager(request, pk)
    require(can_deactivate_user(request.user, user))
    if request.method == "POST":
        services.user_deactivate(user=user, by=request.user)
        messages.success(
            request,
            _("%(name)s has been deactivated and can no longer log in.") % {"name": user},
        )
        return redirect("kindportaal:user_list")
    return render(request, "kindportaal/user_deactivate.html", {"subject": user})


@require_POST
def user_reactivate(request, pk):
    user = _get_user_for_manager(request, pk)
    require(can_deactivate_user(request.user, user))
    if user.anonymised_at is not None:
        messages.error(request, _("This account has been anonymised and cannot be used again."))
    elif not user.has_usable_password():
        messages.error(request, _("This person has not accepted an invitation yet."))
    else:
        services.user_reactivate(user=user, by=request.user)
        messages.success(request, _("%(name)s can log in again.") % {"name": user})
    return redirect("kindportaal:user_list")


@login_not_required
@never_cache
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(
            request, "kindportaal/invitation_invalid.html", {"reason": str(error)}, status=410
        )
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("kindportaal:root")
    form = None
    # A role that logs in through a provider only chooses no password (PASSWORD_LOGIN_ROLES):
    # its first login there accepts the invitation.
    if can_log_in_with_password(invitation.user):
        form = AcceptInvitationForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except services.InvitationError as error:
            return render(
                request, "kindportaal/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        messages.success(
            request, _("Your password has been set. Log in with your e-mail address and password.")
        )
        return redirect("account_login")
    return render(
        request, "kindportaal/invitation_accept.html", {"form": form, "invitation": invitation}
    )


# Login through an identity provider


@login_not_required
def provider_login(request, provider_id):
    """allauth's OpenID Connect login, with a Dutch page instead of an error when the provider
    does not answer (its configuration is fetched before the visitor is sent there)."""
    try:
        return oidc_views.login(request, provider_id)
    except requests.RequestException:
        app = get_social_adapter().get_app(request, provider_id)
        return provider_unavailable(request, app.name).response


@login_not_required
def provider_callback(request, provider_id):
    """allauth's OpenID Connect callback, keeping the provider's ID token for its logout
    (kindportaal.adapters.IdTokenKeepingAdapter)."""
    try:
        adapter = IdTokenKeepingAdapter(request, provider_id)
        return OAuth2CallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def logged_out(request):
    """After logging out of the portal: the provider's own logout, for whoever came through it
    (kindportaal.adapters.AccountAdapter.logout)."""
    if request.user.is_authenticated:
        return redirect("kindportaal:root")
    provider = request.session.pop(PROVIDER_LOGOUT_KEY, None)
    if provider is None:
        return redirect("account_login")
    return render(request, "kindportaal/logged_out.html", {"provider": provider})


# The audit log

AUDIT_LOG = ListSpec(
    name=gettext_lazy("Audit log"),
    columns=[
        Column.attr("created_at", gettext_lazy("When"), kind="date"),
        Column("who", gettext_lazy("Who"), attrgetter("who"), order_by="actor__full_name"),
        Column(
            "kind", gettext_lazy("Kind"), lambda event: event.get_kind_display(), order_by="kind"
        ),
        Column("what", gettext_lazy("What"), attrgetter("what")),
        Column(
            "subject",
            gettext_lazy("About whom"),
            lambda event: str(event.subject) if event.subject else "",
        ),
        Column.attr("ip_address", gettext_lazy("Address")),
        Column("actor_email", gettext_lazy("E-mail address"), _actor_email, show=False),
    ],
    filter_form=AuditFilterForm,
    default_sort="-created_at",
    per_page=50,
    caption=gettext_lazy("Audit log, newest first"),
    empty_text=gettext_lazy("No records match these filters."),
)


@permission_required(can_read_audit_log)
def audit_log(request):
    return list_response(
        request,
        selectors.audit_events(),
        spec=AUDIT_LOG,
        template_name="kindportaal/audit_log.html",
        context={"retention_days": settings.AUDIT_RETENTION_DAYS},
    )


# Own account


@permission_required(can_read_portal)
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.user_update_profile(
            user=request.user, full_name=form.cleaned_data["full_name"]
        ),
        title=_("My account"),
        cancel_url=reverse("kindportaal:profile"),
        message=_("Your details have been saved."),
        next_url=reverse("kindportaal:profile"),
        template_name="kindportaal/profile.html",
    )


# Notices (meldingen)

NOTICES_PER_PAGE = 25


def _get_notice_for_user(request, pk):
    """A notice is its recipient's only: anyone else is told it does not exist."""
    return get_object_or_404(Notice, pk=pk, recipient=request.user)


@permission_required(can_read_portal)
def notice_list(request):
    page = Paginator(selectors.notice_list(request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "kindportaal/notices/notice_list.html",
        {
            "page": page,
            "unread": any(notice.read_at is None for notice in page),
            # What a person with an empty list can expect to find here.
            "kinds": list(notice_kinds_explained(request.user).values()),
        },
    )


@permission_required(can_read_portal)
def notice_open(request, pk):
    """Opening a notice's link: it is read, and the person goes on to the thing."""
    notice = notices.notice_open(notice=_get_notice_for_user(request, pk))
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("kindportaal:notice_list")


@require_POST
@permission_required(can_read_portal)
def notices_mark_read(request):
    count = notices.notices_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications have been marked as read."))
    return redirect("kindportaal:notice_list")


@permission_required(can_receive_notices)
def notice_settings(request):
    form = NoticePreferencesForm(
        request.POST or None,
        user=request.user,
        initial_choices=notices.preferences_for(request.user),
    )
    return form_page(
        request,
        form,
        save=lambda: notices.preferences_save(user=request.user, choices=form.cleaned_data),
        title=_("How you receive notifications"),
        trail=[(_("Notifications"), reverse("kindportaal:notice_list"))],
        crumb=_("Settings"),
        intro=_(
            "Choose per kind of notification how you hear of it. Every notification is always "
            "in your list of notifications in the portal; you choose whether you also get an "
            "e-mail at once, or one e-mail a day with everything new."
        ),
        cancel_url=reverse("kindportaal:notice_list"),
        message=_("Your notification settings have been saved."),
        next_url=reverse("kindportaal:notice_settings"),
    )


@login_not_required
def set_language(request):
    """Django's language switch, also available on the login page."""
    return django_set_language(request)


# Monitoring


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _check_cache():
    cache.set("health-check", "ok", 10)
    if cache.get("health-check") != "ok":
        raise RuntimeError("the cache did not return what was stored")
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_celery():
    if celery_app.conf.task_always_eager:
        return {"ok": True, "mode": "in-process"}
    replies = celery_app.control.ping(timeout=1.0)
    if not replies:
        raise RuntimeError("no worker answered")
    return {"ok": True, "workers": len(replies)}


@login_not_required
@never_cache
def liveness(request):
    """The process answers: no database, no cache. For a container's liveness probe, and the
    floor of the load benchmark (the cheapest request the stack can serve)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def health(request):
    """Database, cache and task-queue status as JSON: 200 when all is well, 503 otherwise."""
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("celery", _check_celery),
    ):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@login_not_required
def accessibility_statement(request):
    """The toegankelijkheidsverklaring every Dutch government site must publish: public."""
    return render(
        request,
        "kindportaal/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


@login_not_required
def theme_stylesheet(request):
    """The gemeente's design tokens as a stylesheet: the pages may not carry a <style> of their
    own under the Content-Security-Policy. Its address changes with the theme (theme_version)."""
    style = theme_style(Gemeente.current().theme_tokens)
    return HttpResponse(style, content_type="text/css; charset=utf-8")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the real icon."""
    return redirect(static("img/favicon.svg"))


# Error pages


@login_not_required
def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)


@login_not_required
def server_error(request):
    # Rendered without the request's context processors: the database may be what failed.
    return HttpResponseServerError(get_template("500.html").render({}))


def choices(request, source):
    """The choices of a searchable multi-choice field that match what was typed, as JSON."""
    choice_source = choice_sources().get(source)
    if choice_source is None:
        raise Http404
    require(choice_source.allowed(request.user))
    text = request.GET.get("q", "").strip()[:100]
    matches = choice_source.search(text)[:MAX_RESULTS] if text else []
    return JsonResponse({"results": [{"value": obj.pk, "text": str(obj)} for obj in matches]})

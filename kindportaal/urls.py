"""The project's URLs: each app under its own prefix, allauth under /accounts/, the admin."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kindportaal import views
from kindportaal.media import media

app_name = "kindportaal"

portal_patterns = [
    path("", views.root, name="root"),
    path("start/", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/live/", views.liveness, name="liveness"),
    path("toegankelijkheid", views.accessibility_statement, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("theme.css", views.theme_stylesheet, name="theme"),
    path("accounts/profile/", views.profile, name="profile"),
    path("choices/<str:source>/", views.choices, name="choices"),
    path("accounts/users/", views.user_list, name="user_list"),
    path("accounts/users/invite/", views.invitation_create, name="invitation_create"),
    path("accounts/users/<int:pk>/invite/", views.invitation_resend, name="invitation_resend"),
    path("accounts/users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("accounts/users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("auditlog/", views.audit_log, name="audit_log"),
    path("meldingen/", views.notice_list, name="notice_list"),
    path("meldingen/<int:pk>/", views.notice_open, name="notice_open"),
    path("meldingen/gelezen/", views.notices_mark_read, name="notices_mark_read"),
    path("meldingen/instellingen/", views.notice_settings, name="notice_settings"),
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("accounts/uitgelogd/", views.logged_out, name="logged_out"),
    # allauth's own login through a provider (accounts/oidc/), with a Dutch page when it is down.
    path("accounts/oidc/<str:provider_id>/login/", views.provider_login, name="provider_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        views.provider_callback,
        name="provider_callback",
    ),
]

# The admin's own login goes through allauth, so two-factor login applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Kindportaal — beheer"
admin.site.site_title = "Kindportaal"

urlpatterns = [
    path("", include((portal_patterns, "kindportaal"))),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("partners/", include("partners.urls")),
    path("kindcentra/", include("kindcentra.urls")),
    path("agenda/", include("agenda.urls")),
    path("budgets/", include("budgets.urls")),
    path("huisvesting/", include("housing.urls")),
    path("dashboard/", include("reports.urls")),
    path("zoeken/", include("search.urls")),
    path("openbaar/", include("openbaar.urls")),
    path("", include("api.urls")),
    path("api-sleutels/", include("api.portal_urls")),
    # Uploaded files, each folder to whom may see it (kindportaal/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"),
]

handler500 = "kindportaal.views.server_error"

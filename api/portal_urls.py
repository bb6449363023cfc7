"""The portal's pages for API keys (/api-sleutels/)."""

from django.urls import path

from api import portal_views

app_name = "apikeys"

urlpatterns = [
    path("", portal_views.key_list, name="key_list"),
    path("nieuw/", portal_views.key_create, name="key_create"),
    path("<str:prefix>/intrekken/", portal_views.key_revoke, name="key_revoke"),
]

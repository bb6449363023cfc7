"""URLs of the public pages and the open data under /openbaar/ (no login)."""

from django.urls import path

from openbaar import views

app_name = "openbaar"

urlpatterns = [
    path("", views.home, name="home"),
    path("lea/", views.lea, name="lea"),
    path("lea/<int:pk>/pdf/", views.lea_download, name="lea_download"),
    path("afspraken/", views.agreements, name="agreements"),
    path("afspraken/<int:pk>/", views.agreement, name="agreement"),
    path("overleggen/", views.meetings, name="meetings"),
    path("kindcentra/", views.kindcentra, name="kindcentra"),
    path("cijfers/", views.figures, name="figures"),
    path("data/", views.data, name="data"),
    path("data/catalogus.jsonld", views.catalogue, name="catalogue"),
    path("data/<slug:table>.csv", views.table_csv, name="table_csv"),
    path("data/<slug:table>.json", views.table_json, name="table_json"),
    path("data/velden/<slug:table>.json", views.field_list, name="field_list"),
]

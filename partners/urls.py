"""URLs of the partners app."""

from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<int:pk>/verwijderen/", views.organisation_delete, name="organisation_delete"
    ),
    path(
        "organisaties/<int:pk>/bestuurders/toevoegen/",
        views.membership_create,
        name="membership_create",
    ),
    path(
        "organisaties/<int:pk>/bestuurders/verwijderen/",
        views.membership_delete,
        name="membership_delete",
    ),
    path("organisaties/<int:pk>/locaties/nieuw/", views.location_create, name="location_create"),
    path("locaties/", views.location_list, name="location_list"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
    path("locaties/<int:pk>/bewerken/", views.location_edit, name="location_edit"),
    path("locaties/<int:pk>/verwijderen/", views.location_delete, name="location_delete"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/nieuw/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/importeren/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/annuleren/", views.import_cancel, name="import_cancel"),
]

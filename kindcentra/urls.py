"""URLs of the kindcentra app (kindcentra, their self-assessments and the wijken they are in)."""

from django.urls import path

from kindcentra import views

app_name = "kindcentra"

urlpatterns = [
    path("", views.kindcentrum_list, name="kindcentrum_list"),
    path("nieuw/", views.kindcentrum_create, name="kindcentrum_create"),
    path("<int:pk>/", views.kindcentrum_detail, name="kindcentrum_detail"),
    path("<int:pk>/bewerken/", views.kindcentrum_edit, name="kindcentrum_edit"),
    path("<int:pk>/verwijderen/", views.kindcentrum_delete, name="kindcentrum_delete"),
    path(
        "<int:pk>/locaties/toevoegen/",
        views.kindcentrum_location_add,
        name="kindcentrum_location_add",
    ),
    path(
        "<int:pk>/locaties/verwijderen/",
        views.kindcentrum_location_remove,
        name="kindcentrum_location_remove",
    ),
    path(
        "<int:pk>/zelfevaluaties/nieuw/",
        views.self_assessment_create,
        name="self_assessment_create",
    ),
    path("zelfevaluaties/", views.self_assessment_list, name="self_assessment_list"),
    path("zelfevaluaties/<int:pk>/", views.self_assessment_detail, name="self_assessment_detail"),
    path(
        "zelfevaluaties/<int:pk>/bewerken/",
        views.self_assessment_edit,
        name="self_assessment_edit",
    ),
    path(
        "zelfevaluaties/<int:pk>/verwijderen/",
        views.self_assessment_delete,
        name="self_assessment_delete",
    ),
    path("wijken/", views.wijk_list, name="wijk_list"),
    path("wijken/nieuw/", views.wijk_create, name="wijk_create"),
    path("wijken/<int:pk>/", views.wijk_detail, name="wijk_detail"),
    path("wijken/<int:pk>/bewerken/", views.wijk_edit, name="wijk_edit"),
]

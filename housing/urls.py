"""URLs of the housing app: buildings, the IHP with its projects, and places per wijk."""

from django.urls import path

from housing import views

app_name = "housing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("wijken/<int:pk>/", views.wijk_places, name="wijk_places"),
    path("gebouwen/", views.building_list, name="building_list"),
    path("gebouwen/nieuw/", views.building_create, name="building_create"),
    path("gebouwen/<int:pk>/", views.building_detail, name="building_detail"),
    path("gebouwen/<int:pk>/bewerken/", views.building_edit, name="building_edit"),
    path("gebouwen/<int:pk>/verwijderen/", views.building_delete, name="building_delete"),
    path(
        "gebouwen/<int:pk>/locaties/toevoegen/",
        views.building_location_add,
        name="building_location_add",
    ),
    path(
        "gebouwen/<int:pk>/locaties/verwijderen/",
        views.building_location_remove,
        name="building_location_remove",
    ),
    path("ihp/", views.plan_list, name="plan_list"),
    path("ihp/nieuw/", views.plan_create, name="plan_create"),
    path("ihp/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ihp/<int:pk>/bewerken/", views.plan_edit, name="plan_edit"),
    path("ihp/<int:pk>/projecten/nieuw/", views.project_create, name="project_create"),
    path("projecten/", views.project_list, name="project_list"),
    path("projecten/<int:pk>/", views.project_detail, name="project_detail"),
    path("projecten/<int:pk>/bewerken/", views.project_edit, name="project_edit"),
    path("projecten/<int:pk>/verwijderen/", views.project_delete, name="project_delete"),
    path("projecten/<int:pk>/financiering/nieuw/", views.funding_create, name="funding_create"),
    path("financiering/<int:pk>/bewerken/", views.funding_edit, name="funding_edit"),
    path("financiering/<int:pk>/verwijderen/", views.funding_delete, name="funding_delete"),
]

"""URLs of the budgets app."""

from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ontschotting/", views.matrix, name="matrix"),
    path("geldstromen/", views.stream_list, name="stream_list"),
    path("geldstromen/nieuw/", views.stream_create, name="stream_create"),
    path("geldstromen/<int:pk>/", views.stream_detail, name="stream_detail"),
    path("geldstromen/<int:pk>/wijzigen/", views.stream_update, name="stream_update"),
    path("geldstromen/<int:pk>/verwijderen/", views.stream_delete, name="stream_delete"),
    path("geldstromen/<int:pk>/verantwoording/", views.stream_account, name="stream_account"),
    path("ontschotte-budgetten/", views.pool_list, name="pool_list"),
    path("ontschotte-budgetten/nieuw/", views.pool_create, name="pool_create"),
    path("ontschotte-budgetten/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("ontschotte-budgetten/<int:pk>/wijzigen/", views.pool_update, name="pool_update"),
    path("ontschotte-budgetten/<int:pk>/verwijderen/", views.pool_delete, name="pool_delete"),
    path(
        "ontschotte-budgetten/<int:pk>/bijdragen/nieuw/",
        views.contribution_create,
        name="contribution_create",
    ),
    path("bijdragen/<int:pk>/wijzigen/", views.contribution_update, name="contribution_update"),
    path("bijdragen/<int:pk>/verwijderen/", views.contribution_delete, name="contribution_delete"),
    path("toekenningen/", views.allocation_list, name="allocation_list"),
    path("toekenningen/nieuw/", views.allocation_create, name="allocation_create"),
    path("toekenningen/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("toekenningen/<int:pk>/wijzigen/", views.allocation_update, name="allocation_update"),
    path("toekenningen/<int:pk>/verwijderen/", views.allocation_delete, name="allocation_delete"),
]

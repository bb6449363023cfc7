"""URLs of the agenda app."""

from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.home, name="home"),
    path("periodes/", views.agenda_list, name="agenda_list"),
    path("periodes/nieuw/", views.agenda_create, name="agenda_create"),
    path("periodes/<int:pk>/", views.agenda_detail, name="agenda_detail"),
    path("periodes/<int:pk>/bewerken/", views.agenda_edit, name="agenda_edit"),
    path("periodes/<int:pk>/themas/nieuw/", views.theme_create, name="theme_create"),
    path("periodes/<int:pk>/overleggen/nieuw/", views.meeting_create, name="meeting_create"),
    path("themas/<int:pk>/bewerken/", views.theme_edit, name="theme_edit"),
    path("themas/<int:pk>/doelen/nieuw/", views.goal_create, name="goal_create"),
    path("doelen/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("doelen/<int:pk>/bewerken/", views.goal_edit, name="goal_edit"),
    path("doelen/<int:pk>/metingen/nieuw/", views.measurement_create, name="measurement_create"),
    path("metingen/<int:pk>/verwijderen/", views.measurement_delete, name="measurement_delete"),
    path("afspraken/", views.agreement_list, name="agreement_list"),
    path("afspraken/nieuw/", views.agreement_create, name="agreement_create"),
    path("afspraken/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("afspraken/<int:pk>/bewerken/", views.agreement_edit, name="agreement_edit"),
    path("afspraken/<int:pk>/openbaar/", views.agreement_publish, name="agreement_publish"),
    path("afspraken/<int:pk>/bevestigen/", views.agreement_answer, name="agreement_answer"),
    path("afspraken/<int:pk>/voortgang/nieuw/", views.progress_create, name="progress_create"),
    path(
        "afspraken/<int:pk>/stap/<slug:action>/",
        views.agreement_transition,
        name="agreement_transition",
    ),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("overleggen/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("overleggen/<int:pk>/besluiten/nieuw/", views.decision_create, name="decision_create"),
]

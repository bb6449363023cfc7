"""URLs of the partners app."""

from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
]

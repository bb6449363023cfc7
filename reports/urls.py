"""URLs of the reports app: the council's dashboard under /dashboard/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wijken/<int:pk>/", views.wijk_page, name="wijk"),
    path("cijfers/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
]

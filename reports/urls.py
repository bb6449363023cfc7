"""URLs of the reports app: the council's dashboard and the LEA documents under /dashboard/."""

from django.urls import path

from reports import lea_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wijken/<int:pk>/", views.wijk_page, name="wijk"),
    path("cijfers/<slug:slug>/", views.figure_table, name="figure_table"),
    path("cijfers/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
    path("lea/agenda/<int:agenda_pk>/maken/", lea_views.lea_request, name="lea_request"),
    path("lea/<int:pk>/", lea_views.lea_document, name="lea_document"),
    path("lea/<int:pk>/status/", lea_views.lea_status, name="lea_status"),
    path("lea/<int:pk>/pdf/", lea_views.lea_download, name="lea_download"),
    path("lea/<int:pk>/openbaar/", lea_views.lea_publish, name="lea_publish"),
]

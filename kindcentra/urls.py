"""URLs of the kindcentra app (kindcentra and the wijken they are in)."""

from django.urls import path

from kindcentra import views

app_name = "kindcentra"

urlpatterns = [
    path("<int:pk>/", views.kindcentrum_detail, name="kindcentrum_detail"),
    path("wijken/<int:pk>/", views.wijk_detail, name="wijk_detail"),
]

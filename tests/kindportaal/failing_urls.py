"""The project's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from kindportaal.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("deliberately broken for the test")


urlpatterns = [*project_urlpatterns, path("stuk/", broken)]
handler500 = "kindportaal.views.server_error"

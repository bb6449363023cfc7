"""The API under /api/v1 (no trailing slashes: one with a slash is a 404) and the portal's pages
for the organisations' API keys."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny

from api import views

app_name = "api"


def _open(view_class, **kwargs):
    """The API's own authentication decides (an API key, or none): not the portal's login."""
    return login_not_required(view_class.as_view(**kwargs))


urlpatterns = [
    path(
        "api/v1/openapi.json",
        _open(SpectacularJSONAPIView, authentication_classes=[], permission_classes=[AllowAny]),
        name="openapi",
    ),
    path("api/v1/afspraken", _open(views.AgreementList), name="agreement_list"),
    path("api/v1/afspraken/<int:pk>", _open(views.AgreementDetailView), name="agreement_detail"),
    path(
        "api/v1/afspraken/<int:pk>/voortgang", _open(views.ProgressCreate), name="progress_create"
    ),
    path(
        "api/v1/afspraken/<int:pk>/antwoorden",
        _open(views.ConfirmationCreate),
        name="confirmation_create",
    ),
    path(
        "api/v1/openbaar/afspraken", _open(views.PublicAgreementList), name="public_agreement_list"
    ),
    path(
        "api/v1/openbaar/afspraken/<int:pk>",
        _open(views.PublicAgreementDetail),
        name="public_agreement_detail",
    ),
    path(
        "api/v1/openbaar/kindcentra",
        _open(views.PublicKindcentrumList),
        name="public_kindcentrum_list",
    ),
]

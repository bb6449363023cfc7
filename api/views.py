"""The API's resources (/api/v1/): an organisation's agreements for its partner system, with
progress and answers through the agenda's own services, and the public, read-only resources on
openbaar.selectors. The NL API Design Rules: Dutch names and documentation, no trailing slash,
problem details for every error, the API-Version header (api/middleware.py)."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from agenda import selectors as agenda_selectors
from agenda import services as agenda_services
from agenda.models import Agreement
from api import keeping
from api import serializers as s
from api.authentication import HasScope
from api.filters import AgreementFilter, PublicAgreementFilter
from api.models import Scope
from api.pagination import Pages
from api.problems import Conflict
from openbaar import selectors as public

AGREEMENTS_TAG = "Afspraken van je organisatie"
PUBLIC_TAG = "Openbaar"

# Service field names → the API's.
FIELD_NAMES = {
    "reported_on": "datum",
    "text": "tekst",
    "health": "gezondheid",
    "percent_complete": "percentage",
    "organisation": "namens",
    "decision": "besluit",
    "reason": "reden",
    "version_number": "versie",
}


def _organisation_agreements(request):
    """The agreements the key's organisation is party to (the owner always is one)."""
    return Agreement.objects.filter(parties=request.auth.organisation_id)


def _detail_queryset():
    # The agreement page's own: versions with their answers, progress newest first.
    return agenda_selectors.agreement_detail_queryset()


def _agreement_for(request, pk, queryset=None):
    """An agreement of the key's organisation; any other id is a 404, whether it exists or not."""
    ids = _organisation_agreements(request).values("pk")
    return get_object_or_404(
        (queryset if queryset is not None else _detail_queryset()).filter(pk__in=ids), pk=pk
    )


def _current(request, pk):
    agreement = _agreement_for(request, pk)
    return s.AgreementDetail(agreement, context={"request": request}).data


def _service_errors(error):
    """A service's ValidationError as DRF's, with the API's field names."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                FIELD_NAMES.get(name, name): [str(m) for e in errors for m in e.messages]
                for name, errors in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": [str(m) for m in error.messages]})


@contextmanager
def _refusals(forbidden=None):
    """What a service refuses as the API's problems: a ValidationError is a 400 with the API's
    field names, a PermissionDenied a 403 (saying `forbidden`, or DRF's default)."""
    try:
        yield
    except DjangoValidationError as error:
        raise _service_errors(error) from None
    except DjangoPermissionDenied:
        raise exceptions.PermissionDenied(forbidden) from None


class OrganisationView:
    permission_classes = [HasScope]


@extend_schema(tags=[AGREEMENTS_TAG])
class AgreementList(OrganisationView, generics.ListAPIView):
    """De afspraken waarin de organisatie van de API-sleutel partij is (de trekker is altijd
    partij), op einddatum."""

    required_scope = Scope.READ_AGREEMENTS
    serializer_class = s.AgreementSummary
    filter_backends = [DjangoFilterBackend]
    filterset_class = AgreementFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return Agreement.objects.none()
        return (
            agenda_selectors.agreement_list()
            .filter(pk__in=_organisation_agreements(self.request).values("pk"))
            .order_by("due_date", "pk")
        )

    def list(self, request, *args, **kwargs):
        return Response(
            keeping.kept(
                request,
                lambda: super(AgreementList, self).list(request, *args, **kwargs).data,
                audience=keeping.organisation(request),
                params=list_params(AgreementFilter),
            )
        )

    @extend_schema(summary="Afspraken van je organisatie", operation_id="afspraken_lijst")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[AGREEMENTS_TAG])
class AgreementDetailView(OrganisationView, APIView):
    required_scope = Scope.READ_AGREEMENTS

    @extend_schema(
        summary="Eén afspraak",
        description="Een afspraak van je organisatie met de antwoorden op de te bevestigen "
        "versie en de laatste voortgang. Een id van een afspraak waarin je organisatie geen "
        "partij is, geeft 404.",
        responses={200: s.AgreementDetail},
        operation_id="afspraak_lezen",
    )
    def get(self, request, pk):
        return Response(
            keeping.kept(
                request, lambda: _current(request, pk), audience=keeping.organisation(request)
            )
        )


@extend_schema(tags=[AGREEMENTS_TAG])
class ProgressCreate(OrganisationView, APIView):
    required_scope = Scope.REPORT

    @extend_schema(
        summary="Voortgang melden",
        description="Meldt voortgang namens de organisatie van de sleutel, met dezelfde regels "
        "als het portaal: alleen op een vastgestelde afspraak of een in uitvoering, een datum "
        "niet in de toekomst en niet voor de start. De eerste melding zet een vastgestelde "
        "afspraak in uitvoering. Antwoordt met de afspraak zoals die dan is.",
        request=s.ProgressIn,
        responses={201: s.AgreementDetail, 409: s.ConflictProblem},
        operation_id="voortgang_melden",
    )
    def post(self, request, pk):
        agreement = _agreement_for(request, pk, agenda_selectors.agreement_list())
        data = _validated(s.ProgressIn, request)
        with _refusals():
            try:
                agenda_services.progress_update_create(
                    agreement=agreement,
                    by=request.user,
                    organisation=request.auth.organisation,
                    reported_on=data["datum"],
                    text=data["tekst"],
                    health=data["gezondheid"],
                    percent_complete=data["percentage"],
                )
            except agenda_services.AgreementError as error:
                raise Conflict(
                    str(error), slug="staat", extra={"afspraak": _current(request, pk)}
                ) from None
        return Response(_current(request, pk), status=status.HTTP_201_CREATED)


@extend_schema(tags=[AGREEMENTS_TAG])
class ConfirmationCreate(OrganisationView, APIView):
    required_scope = Scope.REPORT

    @extend_schema(
        summary="Bevestigen of afwijzen",
        description="Het antwoord van je organisatie op de versie die je hebt gelezen (versie). "
        "Is de afspraak intussen gewijzigd, dan volgt 409 met de huidige versie en de afspraak "
        "zoals die nu is; er is dan niets vastgelegd. Bevestigt de laatste partij, dan is de "
        "afspraak vastgesteld.",
        request=s.ConfirmationIn,
        responses={201: s.AgreementDetail, 409: s.ConflictProblem},
        operation_id="afspraak_beantwoorden",
    )
    def post(self, request, pk):
        agreement = _agreement_for(request, pk, agenda_selectors.agreement_list())
        data = _validated(s.ConfirmationIn, request)
        with _refusals(forbidden=_("Your organisation cannot answer this agreement.")):
            try:
                agenda_services.agreement_answer(
                    agreement=agreement,
                    organisation=request.auth.organisation,
                    by=request.user,
                    decision=data["besluit"],
                    reason=data["reden"],
                    version_number=data["versie"],
                )
            except agenda_services.AgreementError as error:
                current = _current(request, pk)
                stale = isinstance(error, agenda_services.StaleVersion)
                raise Conflict(
                    str(error),
                    slug="verouderde-versie" if stale else "staat",
                    extra={"huidigeVersie": current["teBevestigenVersie"], "afspraak": current},
                ) from None
        return Response(_current(request, pk), status=status.HTTP_201_CREATED)


def list_params(filterset_class):
    """The query parameters a list reads: its filters and its pages."""
    return (*filterset_class.base_filters, Pages.page_query_param, Pages.page_size_query_param)


def _validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Public, read-only, for anyone


class PublicView:
    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not public.enabled():
            raise Http404


@extend_schema(tags=[PUBLIC_TAG])
class PublicAgreementList(PublicView, generics.ListAPIView):
    """De vastgestelde afspraken die de gemeente openbaar maakt (Woo), zonder login."""

    serializer_class = s.PublicAgreementOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicAgreementFilter

    def get_queryset(self):
        return public.published_agreements()

    def list(self, request, *args, **kwargs):
        return Response(
            keeping.kept(
                request,
                self._page,
                audience=keeping.PUBLIC,
                params=list_params(PublicAgreementFilter),
            )
        )

    def _page(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        records = [public.public_agreement(agreement) for agreement in page]
        return self.get_paginated_response(self.get_serializer(records, many=True).data).data

    @extend_schema(summary="Openbare afspraken", operation_id="openbare_afspraken_lijst")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[PUBLIC_TAG])
class PublicAgreementDetail(PublicView, APIView):
    @extend_schema(
        summary="Eén openbare afspraak",
        description="Een afspraak die niet openbaar is, geeft 404.",
        responses={200: s.PublicAgreementOut},
        operation_id="openbare_afspraak_lezen",
    )
    def get(self, request, pk):
        return Response(keeping.kept(request, lambda: self._record(pk), audience=keeping.PUBLIC))

    def _record(self, pk):
        record = public.public_agreement_by_id(pk)
        if record is None:
            raise Http404
        return s.PublicAgreementOut(record).data


@extend_schema(tags=[PUBLIC_TAG])
class PublicKindcentrumList(PublicView, generics.ListAPIView):
    """De actieve kindcentra met hun wijk en fase, op wijk en naam."""

    serializer_class = s.PublicKindcentrumOut

    def get_queryset(self):
        return public.public_kindcentra()

    def list(self, request, *args, **kwargs):
        return Response(
            keeping.kept(
                request,
                lambda: super(PublicKindcentrumList, self).list(request, *args, **kwargs).data,
                audience=keeping.PUBLIC,
                params=(Pages.page_query_param, Pages.page_size_query_param),
            )
        )

    @extend_schema(summary="Kindcentra", operation_id="kindcentra_lijst")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

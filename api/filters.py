"""The filters of the API's lists, as query parameters with Dutch names."""

import django_filters

from agenda.models import Agreement, AgreementStatus, Health


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=AgreementStatus.choices, help_text="Alleen afspraken met deze status (herhaalbaar)."
    )
    gezondheid = django_filters.ChoiceFilter(
        field_name="health",
        choices=Health.choices,
        help_text="Alleen afspraken met deze gezondheid.",
    )
    thema = django_filters.NumberFilter(
        field_name="theme_id", help_text="Alleen afspraken van dit thema (id)."
    )
    einddatumVanaf = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        help_text="Einddatum op of na deze dag (JJJJ-MM-DD).",
    )
    einddatumTot = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        help_text="Einddatum op of voor deze dag (JJJJ-MM-DD).",
    )

    class Meta:
        model = Agreement
        fields = []


class PublicAgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[
            (s, s.label)
            for s in (
                AgreementStatus.ADOPTED,
                AgreementStatus.IN_PROGRESS,
                AgreementStatus.REALISED,
            )
        ],
        help_text="Alleen afspraken met deze status.",
    )
    thema = django_filters.NumberFilter(
        field_name="theme_id", help_text="Alleen afspraken van dit thema (id)."
    )

    class Meta:
        model = Agreement
        fields = []

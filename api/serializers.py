"""The API's representations, with Dutch names (NL API Design Rules: the interface in Dutch) and
Dutch descriptions in the OpenAPI document."""

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from agenda.models import AgreementStatus, Decision, Health


def _wrong_type(field, value):
    """The message for a JSON value of the wrong type ("" when the type is right): a number
    is no text and a text no number, as the OpenAPI document says."""
    if value is None:
        return ""  # DRF's own "may not be null"
    textual = serializers.CharField | serializers.ChoiceField | serializers.DateField
    if isinstance(field, serializers.IntegerField) and (
        isinstance(value, bool) or not isinstance(value, int)
    ):
        return _("Give a whole number.")
    if isinstance(field, textual) and not isinstance(value, str):
        return _("Give a text.")
    return ""


class StrictInput(serializers.Serializer):
    """Input that refuses fields it does not know, by name, instead of ignoring them, and
    values of another JSON type than the field's."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        str(name)[:100]: [_("Unknown field: this API does not take it.")]
                        for name in unknown
                    }
                )
            wrong = {
                name: [message]
                for name, field in self.fields.items()
                if name in data and (message := _wrong_type(field, data[name]))
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de organisatie.")
    naam = serializers.CharField(source="name", help_text="Naam van de organisatie.")


class ThemeRef(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van het thema.")
    titel = serializers.CharField(source="title", help_text="Titel van het thema.")


class AgreementSummary(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de afspraak.")
    url = serializers.SerializerMethodField(help_text="Adres van de afspraak in deze API.")
    titel = serializers.CharField(source="title", help_text="Titel van de afspraak.")
    status = serializers.ChoiceField(
        choices=AgreementStatus.choices,
        help_text="Levensloop: draft (concept), proposed (voorgesteld), adopted (vastgesteld), "
        "in_progress (in uitvoering), realised (gerealiseerd), lapsed (vervallen).",
    )
    gezondheid = serializers.ChoiceField(
        source="health",
        choices=[*Health.choices, ("", "")],
        help_text="Uit de laatste voortgangsrapportage: on_track (op koers), at_risk (risico), "
        "off_track (achter); leeg zolang er geen voortgang is gemeld.",
    )
    voortgangPercentage = serializers.IntegerField(
        source="progress_percent",
        allow_null=True,
        help_text="Percentage gereed uit de laatste voortgangsrapportage (0–100).",
    )
    laatsteVoortgangOp = serializers.DateField(
        source="last_progress_on", allow_null=True, help_text="Datum van de laatste voortgang."
    )
    startdatum = serializers.DateField(source="start_date", help_text="Begin van de afspraak.")
    einddatum = serializers.DateField(source="due_date", help_text="Datum waarop het klaar is.")
    thema = ThemeRef(source="theme", help_text="Het thema van de LEA.")
    trekker = OrganisationRef(source="owner", help_text="De organisatie die de afspraak trekt.")
    partijen = OrganisationRef(source="parties", many=True, help_text="De partijen.")
    versie = serializers.IntegerField(
        source="version", help_text="Bewerkingsversie; verandert bij elke wijziging."
    )
    teBevestigenVersie = serializers.IntegerField(
        source="revision",
        help_text="Nummer van de inhoudelijke versie die de partijen bevestigen (0: nog geen).",
    )

    def get_url(self, agreement) -> str:
        return reverse("api:agreement_detail", args=[agreement.pk])


class ConfirmationOut(serializers.Serializer):
    partij = OrganisationRef(source="organisation", help_text="De partij die antwoordde.")
    besluit = serializers.ChoiceField(
        source="decision",
        choices=Decision.choices,
        help_text="confirmed (bevestigd) of declined (afgewezen).",
    )
    reden = serializers.CharField(source="reason", help_text="Reden bij afwijzen.")
    op = serializers.DateTimeField(source="decided_at", help_text="Moment van het antwoord.")


class ProgressOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de voortgangsrapportage.")
    datum = serializers.DateField(source="reported_on", help_text="De dag die ze beschrijft.")
    tekst = serializers.CharField(source="text", help_text="Wat er is gedaan.")
    gezondheid = serializers.ChoiceField(source="health", choices=Health.choices, help_text="")
    percentage = serializers.IntegerField(
        source="percent_complete", help_text="Percentage gereed (0–100)."
    )
    namens = OrganisationRef(
        source="organisation", allow_null=True, help_text="Organisatie waarvoor is gemeld."
    )


class AgreementDetail(AgreementSummary):
    omschrijving = serializers.CharField(source="description", help_text="Omschrijving.")
    heleGemeente = serializers.BooleanField(
        source="whole_gemeente", help_text="Geldt voor de hele gemeente."
    )
    vastgesteldOp = serializers.DateField(
        source="adopted_on", allow_null=True, help_text="Datum waarop alle partijen bevestigden."
    )
    antwoorden = serializers.SerializerMethodField(
        help_text="De antwoorden van de partijen op de te bevestigen versie."
    )
    voortgang = serializers.SerializerMethodField(
        help_text="De laatste voortgangsrapportages, nieuwste eerst (hoogstens 20)."
    )

    def get_antwoorden(self, agreement) -> ConfirmationOut(many=True):
        for version in agreement.versions.all():
            if version.number == agreement.revision:
                return ConfirmationOut(version.confirmations.all(), many=True).data
        return []

    def get_voortgang(self, agreement) -> ProgressOut(many=True):
        updates = list(agreement.progress_updates.all())[:20]
        return ProgressOut(updates, many=True).data


class ProgressIn(StrictInput):
    datum = serializers.DateField(
        help_text="De dag die de rapportage beschrijft (niet later dan vandaag)."
    )
    tekst = serializers.CharField(
        max_length=5000, help_text="Wat er is gedaan (hoogstens 5000 tekens)."
    )
    gezondheid = serializers.ChoiceField(
        choices=Health.choices,
        help_text="on_track (op koers), at_risk (risico) of off_track (achter).",
    )
    percentage = serializers.IntegerField(
        min_value=0, max_value=100, help_text="Percentage gereed, 0 tot en met 100."
    )


class ConfirmationIn(StrictInput):
    besluit = serializers.ChoiceField(
        choices=Decision.choices, help_text="confirmed (bevestigen) of declined (afwijzen)."
    )
    reden = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij afwijzen: wat er zou moeten veranderen.",
    )
    versie = serializers.IntegerField(
        min_value=1,
        help_text="Het nummer van de versie die je hebt gelezen (teBevestigenVersie); is de "
        "afspraak intussen gewijzigd, dan volgt 409 met de huidige versie.",
    )


class Problem(serializers.Serializer):
    """The shape of every error (RFC 9457), for the OpenAPI document."""

    type = serializers.CharField(help_text="URI van het soort probleem (zie docs/api.md).")
    title = serializers.CharField(help_text="Korte omschrijving in het Nederlands.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Uitleg bij dit geval.")
    instance = serializers.CharField(help_text="Het pad van het verzoek.")


class InvalidParam(serializers.Serializer):
    name = serializers.CharField(help_text="Het veld (of de parameter) dat niet klopt.")
    reason = serializers.CharField(help_text="Waarom niet, in het Nederlands.")


class ValidationProblem(Problem):
    invalid_params = InvalidParam(many=True, help_text="De velden die niet kloppen.")

    def get_fields(self):
        fields = super().get_fields()
        fields["invalid-params"] = fields.pop("invalid_params")
        return fields


class ConflictProblem(Problem):
    huidigeVersie = serializers.IntegerField(
        required=False, help_text="De versie van de afspraak zoals die nu is."
    )
    afspraak = AgreementDetail(required=False, help_text="De afspraak zoals die nu is.")


# Public resources: the frozen records of openbaar.selectors, nothing else.


class PublicAgreementOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de afspraak.")
    titel = serializers.CharField(source="title", help_text="Titel.")
    omschrijving = serializers.CharField(source="description", help_text="Omschrijving.")
    themaId = serializers.IntegerField(source="theme_id", help_text="Id van het thema.")
    thema = serializers.CharField(source="theme", help_text="Titel van het thema.")
    doel = serializers.CharField(source="goal", help_text="Het doel (leeg: geen).")
    trekker = serializers.CharField(source="owner", help_text="Naam van de trekker.")
    partijen = serializers.ListField(
        source="parties", child=serializers.CharField(), help_text="Namen van de partijen."
    )
    heleGemeente = serializers.BooleanField(source="whole_gemeente", help_text="Hele gemeente.")
    wijken = serializers.ListField(child=serializers.CharField(), help_text="Namen van de wijken.")
    kindcentra = serializers.ListField(
        child=serializers.CharField(), help_text="Namen van de kindcentra."
    )
    startdatum = serializers.DateField(source="start_date", help_text="Begin.")
    einddatum = serializers.DateField(source="due_date", help_text="Klaar op.")
    status = serializers.CharField(help_text="adopted, in_progress of realised.")
    statusNaam = serializers.CharField(source="status_label", help_text="De status in woorden.")
    vastgesteldOp = serializers.DateField(
        source="adopted_on", allow_null=True, help_text="Vastgesteld op."
    )
    gezondheid = serializers.CharField(
        source="health", help_text="on_track, at_risk, off_track of leeg."
    )
    voortgangPercentage = serializers.IntegerField(
        source="progress_percent", allow_null=True, help_text="Percentage gereed."
    )
    laatsteVoortgangOp = serializers.DateField(
        source="last_progress_on", allow_null=True, help_text="Datum van de laatste voortgang."
    )


class PublicKindcentrumOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van het kindcentrum.")
    naam = serializers.CharField(source="name", help_text="Naam.")
    wijkId = serializers.IntegerField(source="wijk_id", help_text="Id van de wijk.")
    wijk = serializers.CharField(help_text="Naam van de wijk.")
    trekker = serializers.CharField(source="lead_organisation", help_text="Leidende organisatie.")
    fase = serializers.IntegerField(
        source="phase", help_text="Fase 1 (losse voorzieningen) tot 5 (integraal kindcentrum)."
    )
    faseNaam = serializers.CharField(source="phase_label", help_text="De fase in woorden.")
    leeftijdVan = serializers.IntegerField(source="age_from", help_text="Leeftijd vanaf.")
    leeftijdTot = serializers.IntegerField(source="age_to", help_text="Leeftijd tot.")

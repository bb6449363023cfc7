"""Forms of the agenda. Rules of an agreement's content live in services.agreement_problems, which
these forms ask so the message appears at the field."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda import services
from agenda.models import (
    AdoptedBy,
    Agenda,
    AgendaStatus,
    Agreement,
    AgreementStatus,
    Decision,
    Goal,
    Health,
    Measurement,
    Meeting,
    MeetingDecision,
    ProgressUpdate,
    Theme,
    overdue_q,
)
from agenda.selectors import in_wijk_q
from kindcentra.models import Kindcentrum
from kindportaal.choices import MultipleChoiceWidgetsMixin
from kindportaal.concurrency import VersionedFormMixin
from kindportaal.forms import ask_for
from kindportaal.listing import ListFilterForm
from kindportaal.models import User, Wijk
from kindportaal.roles import Role
from partners.models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AgendaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agenda
        fields = [
            "title",
            "start_year",
            "end_year",
            "status",
            "adopted_on",
            "adopted_by",
            "foreword",
            "is_current",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "adopted_on": DateInput,
            "adopted_by": forms.RadioSelect,
            "foreword": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].choices = AdoptedBy.choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year must not be before the first year."))
        if cleaned.get("status") == AgendaStatus.ADOPTED:
            if not cleaned.get("adopted_on"):
                self.add_error("adopted_on", _("Give the date on which the agenda was adopted."))
            if not cleaned.get("adopted_by"):
                self.add_error("adopted_by", _("Say who adopted the agenda."))
        return cleaned


class ThemeForm(MultipleChoiceWidgetsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description", "order", "statutory_topics"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "order": _("Themes are shown from low to high."),
            "statutory_topics": _("The OOGO topics of article 167a WPO that this theme covers."),
        }

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agenda = agenda

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        duplicate = Theme.objects.filter(agenda=self.instance.agenda, title__iexact=title).exclude(
            pk=self.instance.pk
        )
        if duplicate.exists():
            raise forms.ValidationError(_("This agenda already has a theme with this title."))
        return title


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "statement",
            "indicator",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "order",
        ]
        localized_fields = ["baseline_value", "target_value"]

    def clean(self):
        cleaned = super().clean()
        baseline, target = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline and target and target < baseline:
            self.add_error(
                "target_year", _("The target year must not be before the baseline year.")
            )
        return cleaned


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["value", "measured_on", "source"]
        localized_fields = ["value"]
        widgets = {"measured_on": DateInput}
        help_texts = {"source": _("E.g. the monitor or register the value comes from.")}


def _organisations():
    return Organisation.objects.order_by("name")


class AgreementForm(MultipleChoiceWidgetsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = services.SUBSTANCE
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput,
            "due_date": DateInput,
        }
        help_texts = {
            "description": _("What will be done, by whom, and how you will know it is done."),
            "parties": _(
                "The organisations bound by the agreement; each confirms it. The owner is always "
                "a party."
            ),
            "goal": _("Optional: the goal of the theme this agreement contributes to."),
            "kindcentra": _("Where the agreement applies, unless it is for the whole gemeente."),
        }
        error_messages = {"parties": {"required": _("Choose at least one party.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.select_related("agenda").order_by(
            "agenda", "order", "title"
        )
        self.fields["theme"].label_from_instance = lambda t: f"{t.agenda.title}: {t.title}"
        self.fields["goal"].queryset = Goal.objects.select_related("theme").order_by(
            "theme__order", "order", "pk"
        )
        self.fields["goal"].label_from_instance = lambda g: f"{g.theme.title}: {g.statement}"
        self.fields["owner"].queryset = _organisations()
        self.fields["parties"].queryset = _organisations()
        self.fields["kindcentra"].queryset = Kindcentrum.objects.order_by("name")
        self.fields["wijken"].queryset = Wijk.objects.order_by("name")
        self.existing_party_ids = (
            set(self.instance.parties.values_list("pk", flat=True)) if self.instance.pk else set()
        )

    def clean(self):
        cleaned = super().clean()
        if "parties" not in cleaned and "parties" in self.errors:
            return cleaned
        problems = services.agreement_problems(cleaned, existing_party_ids=self.existing_party_ids)
        for field, message in problems.items():
            ask_for(self, field, message=message)
        return cleaned


class AnswerForm(forms.Form):
    version_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    decision = forms.ChoiceField(
        label=_("Your answer"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you decline: what would have to change."),
    )

    def __init__(self, *args, organisations, version_number, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["version_number"].initial = version_number
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "declined" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for declining."))
        return cleaned


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["organisation", "reported_on", "health", "percent_complete", "text"]
        widgets = {
            "reported_on": DateInput,
            "health": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, agreement, organisations, organisation_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        field = self.fields["organisation"]
        field.queryset = organisations
        field.required = organisation_required
        if organisation_required:
            field.empty_label = None
            field.help_text = _("The organisation you report for.")
        else:
            field.empty_label = _("The gemeente")
        self.fields["reported_on"].initial = timezone.localdate()
        self.fields["health"].choices = Health.choices
        self.fields["percent_complete"].widget.attrs.update({"min": 0, "max": 100})

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        problem = services.progress_date_problem(agreement=self.agreement, reported_on=reported_on)
        if problem:
            raise forms.ValidationError(problem)
        return reported_on


class MeetingForm(MultipleChoiceWidgetsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "held_on",
            "place",
            "organisations",
            "attendees",
            "other_attendees",
            "minutes",
            "is_public",
        ]
        widgets = {
            "held_on": DateInput,
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agenda = agenda
        self.fields["organisations"].queryset = _organisations()
        self.fields["attendees"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.POLICY_OFFICER, Role.PARTNER_DIRECTOR]
        ).order_by("full_name")


class AgreementPublishForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["is_public"]
        labels = {"is_public": _("Publish on the public pages and in the open data")}


class MeetingDecisionForm(MultipleChoiceWidgetsMixin, forms.ModelForm):
    class Meta:
        model = MeetingDecision
        fields = ["text", "agreements"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"agreements": _("The agreements this decision is about.")}

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreements"].queryset = Agreement.objects.filter(
            theme__agenda=agenda
        ).order_by("title")


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


HEALTH_UNKNOWN = "unknown"


class AgreementFilterForm(MultipleChoiceWidgetsMixin, ListFilterForm):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.select_related("agenda").order_by("agenda", "order"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    health = forms.ChoiceField(
        label=_("Health"),
        choices=[*Health.choices, (HEALTH_UNKNOWN, _("No update yet"))],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("As owner or as party."),
    )
    kindcentrum = forms.ModelChoiceField(
        label=_("Kindcentrum"), queryset=Kindcentrum.objects.order_by("name")
    )
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.order_by("name"))
    overdue = forms.BooleanField(label=_("Only overdue agreements"))

    search_fields = ("title", "description", "owner__name")
    lookups = {"theme": "theme", "status": "status"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].label_from_instance = lambda t: f"{t.title} ({t.agenda.start_year})"

    def filter_health(self, queryset, value):
        return queryset.filter(health="" if value == HEALTH_UNKNOWN else value)

    def filter_organisation(self, queryset, organisation):
        parties = Agreement.parties.through.objects.filter(
            agreement_id=OuterRef("pk"), organisation_id=organisation.pk
        )
        return queryset.filter(Q(owner=organisation) | Exists(parties))

    def filter_kindcentrum(self, queryset, kindcentrum):
        through = Agreement.kindcentra.through.objects.filter(
            agreement_id=OuterRef("pk"), kindcentrum_id=kindcentrum.pk
        )
        return queryset.filter(Exists(through))

    def filter_wijk(self, queryset, wijk):
        return queryset.filter(in_wijk_q(wijk.pk))

    def filter_overdue(self, queryset, value):
        return queryset.filter(overdue_q()) if value else queryset

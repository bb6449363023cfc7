"""Forms of the budgets app: amounts typed the Dutch way, and the rules a person can fix at the
field. The services check the same rules again under row locks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Agreement, Goal
from budgets.models import (
    Accountability,
    Allocation,
    Contribution,
    Domain,
    FundingStream,
    PooledBudget,
    Source,
)
from budgets.permissions import visible_allocations
from budgets.selectors import budget_years
from budgets.services import ALLOCATION_FIELDS, POOL_FIELDS, STREAM_FIELDS
from kindcentra.models import Kindcentrum
from kindportaal.choices import MultipleChoiceWidgetsMixin
from kindportaal.concurrency import VersionedFormMixin
from kindportaal.forms import ask_for
from kindportaal.listing import ListFilterForm
from partners.models import Organisation

MONEY_ERRORS = {
    "required": _("Enter an amount."),
    "invalid": _("Enter an amount in euros, such as 1.250,00."),
    "max_decimal_places": _("Enter at most two decimals: whole cents."),
    "max_digits": _("This amount is too large."),
    "max_whole_digits": _("This amount is too large."),
    "min_value": _("An amount cannot be negative."),
}


class MoneyField(forms.DecimalField):
    """An amount in euros as people type it: 1250, 1.250,00, 1250,5 or € 1.250,00."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.error_messages = {**self.error_messages, **MONEY_ERRORS}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/step attributes: the field is text, so people can type a decimal comma.
        return {}


def _money_formfield(model_field, **kwargs):
    return MoneyField(
        label=model_field.verbose_name.capitalize(),
        help_text=model_field.help_text,
        **kwargs,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FundingStreamForm(VersionedFormMixin, forms.ModelForm):
    amount = _money_formfield(FundingStream._meta.get_field("amount"))

    class Meta:
        model = FundingStream
        fields = list(STREAM_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        code, year = cleaned.get("code"), cleaned.get("year")
        if code and year:
            clash = FundingStream.objects.filter(code=code, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "code",
                    _("There already is a stream with this code in %(year)s.") % {"year": year},
                )
        return cleaned


class PooledBudgetForm(VersionedFormMixin, forms.ModelForm):
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.select_related("theme__agenda").order_by(
            "-theme__agenda__start_year", "theme__order", "order", "pk"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Agenda goals served"),
        help_text=_("The goals of the agenda this programme works towards."),
    )

    class Meta:
        model = PooledBudget
        fields = [*POOL_FIELDS, "goals"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StreamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name} ({obj.year})"


class PoolableStreamSelect(forms.Select):
    """Lists the streams that may not be pooled too, disabled, so the form shows why."""

    def __init__(self, *args, blocked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.blocked = set(blocked)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.blocked:
            option["attrs"]["disabled"] = True
            option["label"] = _("%(stream)s — may not be pooled") % {"stream": label}
        return option


class ContributionForm(VersionedFormMixin, forms.ModelForm):
    """A stream's contribution to a pooled budget; the stream is chosen only when it is new."""

    amount = _money_formfield(Contribution._meta.get_field("amount"))

    class Meta:
        model = Contribution
        fields = ["stream", "amount"]
        field_classes = {"stream": StreamChoiceField}

    def __init__(self, *args, pooled_budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.pooled_budget = pooled_budget
        if self.instance.pk:
            del self.fields["stream"]
            return
        streams = FundingStream.objects.filter(year=pooled_budget.year).order_by("code")
        stream_field = self.fields["stream"]
        stream_field.queryset = streams
        stream_field.empty_label = _("Choose a funding stream")
        stream_field.widget = PoolableStreamSelect(
            choices=stream_field.choices,
            blocked=[stream.pk for stream in streams if not stream.poolable],
        )
        stream_field.help_text = _(
            "Streams of %(year)s. A stream whose regulation does not allow pooling cannot "
            "contribute; it is listed as such."
        ) % {"year": pooled_budget.year}

    def clean_stream(self):
        stream = self.cleaned_data["stream"]
        if not stream.poolable:
            basis = stream.legal_basis or _("its regulation")
            raise forms.ValidationError(
                _(
                    "“%(stream)s” may not be pooled: %(basis)s does not allow it. Allocate from "
                    "this stream directly instead."
                )
                % {"stream": stream, "basis": basis}
            )
        return stream

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("A contribution must be more than € 0."))
        return amount

    def _post_clean(self):
        # The pool is not a field of the form; the service sets it and checks the rest.
        self.instance.pooled_budget = self.pooled_budget
        super()._post_clean()


class SourceChoiceField(forms.ModelChoiceField):
    # Only its labels differ: MultipleChoiceWidgetsMixin gives it the portal's control (the
    # searchable one for the streams' long list).
    portal_control = True

    def label_from_instance(self, obj):
        if isinstance(obj, FundingStream):
            return f"{obj.code} — {obj.name} ({obj.year})"
        return f"{obj.name} ({obj.year})"


class AllocationForm(MultipleChoiceWidgetsMixin, VersionedFormMixin, forms.ModelForm):
    stream = SourceChoiceField(
        queryset=FundingStream.objects.order_by("-year", "code"),
        required=False,
        empty_label=_("No funding stream"),
        label=_("From funding stream"),
        help_text=_("Either a funding stream or a pooled budget."),
    )
    pooled_budget = SourceChoiceField(
        queryset=PooledBudget.objects.order_by("-year", "name"),
        required=False,
        empty_label=_("No pooled budget"),
        label=_("From pooled budget"),
        help_text=_("Either a funding stream or a pooled budget."),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
        label=_("To organisation"),
        help_text=_("An organisation, a kindcentrum or both."),
    )
    kindcentrum = forms.ModelChoiceField(
        queryset=Kindcentrum.objects.order_by("name"),
        required=False,
        empty_label=_("No kindcentrum"),
        label=_("To kindcentrum"),
        help_text=_("An organisation, a kindcentrum or both."),
    )
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.order_by("title"),
        required=False,
        empty_label=_("No agreement"),
        label=_("For agreement"),
        help_text=_("The agreement of the agenda this money serves, if any."),
    )
    budgeted = _money_formfield(Allocation._meta.get_field("budgeted"))
    realised = _money_formfield(Allocation._meta.get_field("realised"), required=False)

    class Meta:
        model = Allocation
        fields = list(ALLOCATION_FIELDS)
        widgets = {"period_start": DateInput(), "period_end": DateInput()}
        help_texts = {
            "period_start": _("Leave both dates empty for the whole year of the source."),
            "period_end": _("Within the same year as the start."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False

    def clean_realised(self):
        return self.cleaned_data.get("realised") or 0

    def clean(self):
        cleaned = super().clean()
        stream, pool = cleaned.get("stream"), cleaned.get("pooled_budget")
        if stream and pool:
            message = _("Choose a funding stream or a pooled budget, not both.")
            self.add_error("stream", message)
            self.add_error("pooled_budget", message)
        elif not stream and not pool:
            ask_for(
                self,
                "stream",
                "pooled_budget",
                message=_("Choose the funding stream or the pooled budget the money comes from."),
            )
        if not cleaned.get("organisation") and not cleaned.get("kindcentrum"):
            ask_for(
                self,
                "organisation",
                "kindcentrum",
                message=_(
                    "Choose the organisation, the kindcentrum or both that receive the money."
                ),
            )
        budgeted, realised = cleaned.get("budgeted"), cleaned.get("realised")
        if budgeted is not None and realised is not None and realised > budgeted:
            self.add_error(
                "realised",
                _(
                    "The realised amount cannot exceed the budgeted amount; raise the budgeted "
                    "amount first."
                ),
            )
        return cleaned

    def _post_clean(self):
        # The year comes from the source; the service sets it (and checks the period against it).
        source = self.cleaned_data.get("stream") or self.cleaned_data.get("pooled_budget")
        if source is not None:
            self.instance.year = source.year
        super()._post_clean()


# Filters of the lists


def _year_choices(years):
    return [("", _("All years")), *[(year, year) for year in years]]


class StreamFilterForm(ListFilterForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    accountability = forms.ChoiceField(label=_("Accountability"), choices=Accountability.choices)
    poolable = forms.TypedChoiceField(
        label=_("Pooling allowed"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("yes")), ("no", _("no"))],
    )
    search_fields = ("name", "code", "purpose", "legal_basis", "iv3_taakveld")
    lookups = {
        "year": "year",
        "domain": "domain",
        "source": "source",
        "accountability": "accountability",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(budget_years())

    def filter_poolable(self, queryset, value):
        return queryset.filter(poolable=value)


class PoolFilterForm(ListFilterForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    search_fields = ("name", "description")
    lookups = {"year": "year"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(budget_years())


class AllocationFilterForm(MultipleChoiceWidgetsMixin, ListFilterForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
    )
    kindcentrum = forms.ModelChoiceField(
        label=_("Kindcentrum"),
        queryset=Kindcentrum.objects.order_by("name"),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.order_by("title"),
    )
    pooled_budget = SourceChoiceField(
        label=_("Pooled budget"),
        queryset=PooledBudget.objects.order_by("-year", "name"),
    )
    stream = SourceChoiceField(
        label=_("Funding stream"),
        queryset=FundingStream.objects.order_by("-year", "code"),
    )
    search_fields = (
        "description",
        "organisation__name",
        "kindcentrum__name",
        "stream__name",
        "pooled_budget__name",
    )
    lookups = {
        "year": "year",
        "organisation": "organisation",
        "kindcentrum": "kindcentrum",
        "agreement": "agreement",
        "pooled_budget": "pooled_budget",
        "stream": "stream",
    }
    # Set per person by allocation_filter_form(): the choices come from what they may see.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(budget_years())

    def limit_choices(self):
        # Offer only what occurs in the allocations this person may see.
        visible = visible_allocations(self.user)
        for name in ("organisation", "kindcentrum", "agreement", "pooled_budget", "stream"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(pk__in=visible.values(f"{name}_id"))


def allocation_filter_form(user):
    """The allocation filters for `user`, offering only what they may see."""
    return type("AllocationFilterForm", (AllocationFilterForm,), {"user": user})

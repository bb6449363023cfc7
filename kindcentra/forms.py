"""Forms of kindcentra, their locations and self-assessments, of the wijken, and the filters of
their lists."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kindcentra.models import (
    CRITERIA,
    Housing,
    Kindcentrum,
    KindcentrumLocation,
    LegalForm,
    Phase,
    SelfAssessment,
)
from kindcentra.permissions import can_choose_lead_organisation
from kindcentra.services import location_taken_message, year_taken_message
from kindportaal.choices import MultipleChoiceWidgetsMixin
from kindportaal.concurrency import VersionedFormMixin
from kindportaal.editing import model_changes
from kindportaal.forms import ask_for
from kindportaal.listing import ListFilterForm
from kindportaal.models import Wijk
from partners.forms import UpperCompactField, organisations_to_choose
from partners.models import Location

FIRST_YEAR, LAST_YEAR = 2000, 2100


class WijkForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Wijk
        fields = ["name", "cbs_code", "children_0_4", "children_4_12", "reference_year"]
        field_classes = {"cbs_code": UpperCompactField}

    def clean_reference_year(self):
        year = self.cleaned_data["reference_year"]
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        counted = (
            cleaned.get("children_0_4") is not None or cleaned.get("children_4_12") is not None
        )
        if counted and cleaned.get("reference_year") is None:
            ask_for(
                self,
                "reference_year",
                message=_("Give the year the numbers of children refer to."),
            )
        return cleaned


class KindcentrumForm(VersionedFormMixin, forms.ModelForm):
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick what the partners have realised. The kindcentrum's page shows the phase this "
            "checklist suggests beside the phase chosen above."
        ),
    )

    class Meta:
        model = Kindcentrum
        fields = [
            "name",
            "wijk",
            "lead_organisation",
            "phase",
            "legal_form",
            "housing",
            "ihp_year",
            "age_from",
            "age_to",
            "vision",
            "is_active",
        ]
        widgets = {"phase": forms.RadioSelect, "vision": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [
            (criterion, capfirst(Kindcentrum._meta.get_field(criterion).verbose_name))
            for criterion in CRITERIA
        ]
        # Move the checklist right after the phase it explains.
        order = list(self.fields)
        order.remove("criteria")
        order.insert(order.index("phase") + 1, "criteria")
        self.order_fields(order)
        if self.instance.pk:
            self.initial["criteria"] = [c for c in CRITERIA if getattr(self.instance, c)]
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        organisations_to_choose(
            self, "lead_organisation", may_choose=can_choose_lead_organisation(user)
        )

    def clean(self):
        cleaned = super().clean()
        planned = cleaned.get("housing") == "planned"
        if planned and cleaned.get("ihp_year") is None:
            ask_for(self, "ihp_year", message=_("Give the year in the IHP for planned housing."))
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", _("The age span must not end before it starts."))
        return cleaned

    def changes(self):
        chosen = set(self.cleaned_data.get("criteria") or [])
        return {**model_changes(self), **{c: c in chosen for c in CRITERIA}}


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        wijk = f", {obj.wijk.name}" if obj.wijk_id else ""
        return f"{obj.name} — {obj.organisation.name}{wijk}"


class KindcentrumLocationForm(forms.Form):
    location = LocationChoiceField(
        label=_("Location"),
        queryset=Location.objects.select_related("organisation", "wijk").order_by("name"),
        help_text=_("A location is part of at most one kindcentrum."),
    )

    def __init__(self, *args, kindcentrum, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kindcentrum = kindcentrum
        if choices is not None:
            # Which locations the page offers; a POST is checked against all of them.
            self.fields["location"].queryset = choices

    def clean_location(self):
        location = self.cleaned_data["location"]
        membership = (
            KindcentrumLocation.objects.filter(location=location)
            .select_related("kindcentrum")
            .first()
        )
        message = location_taken_message(location, membership, self.kindcentrum)
        if message:
            raise forms.ValidationError(message)
        return location


class LocationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a location"),
        required=False,
        max_length=100,
        help_text=_("Part of its name, school code, LRK number, postcode or organisation."),
    )


class MembershipRemoveForm(forms.Form):
    membership = forms.ModelChoiceField(
        queryset=KindcentrumLocation.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, kindcentrum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = kindcentrum.memberships.select_related("location")


class SelfAssessmentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = [
            "year",
            "vision_score",
            "vision_note",
            "team_score",
            "team_note",
            "leadership_score",
            "leadership_note",
            "housing_score",
            "housing_note",
            "care_score",
            "care_note",
            "parents_score",
            "parents_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_score"):
                field.widget.attrs.update({"min": 1, "max": 4})
            elif name.endswith("_note"):
                field.widget.attrs["rows"] = 2

    def clean_year(self):
        year = self.cleaned_data["year"]
        message = year_taken_message(self.instance.kindcentrum, year, exclude_pk=self.instance.pk)
        if message:
            raise forms.ValidationError(message)
        return year


# List filters


class KindcentrumFilterForm(MultipleChoiceWidgetsMixin, ListFilterForm):
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.order_by("name"))
    phase = forms.TypedChoiceField(label=_("Phase"), choices=Phase.choices, coerce=int)
    # A name rather than a choice: a city has hundreds of organisations.
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=100,
        help_text=_("Part of the name of an organisation that leads it or has a location in it."),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    housing = forms.ChoiceField(label=_("Housing"), choices=Housing.choices)

    search_fields = ("name", "vision")
    lookups = {"wijk": "wijk", "phase": "phase", "legal_form": "legal_form", "housing": "housing"}

    def filter_organisation(self, queryset, name):
        return queryset.filter(
            Q(lead_organisation__name__icontains=name)
            | Q(
                pk__in=KindcentrumLocation.objects.filter(
                    location__organisation__name__icontains=name
                ).values("kindcentrum_id")
            )
        )


class SelfAssessmentFilterForm(MultipleChoiceWidgetsMixin, ListFilterForm):
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.order_by("name"))
    phase = forms.TypedChoiceField(label=_("Phase"), choices=Phase.choices, coerce=int)
    organisation = forms.CharField(
        label=_("Lead organisation"), max_length=100, help_text=_("Part of its name.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    search_fields = ("kindcentrum__name",)
    lookups = {
        "wijk": "kindcentrum__wijk",
        "phase": "kindcentrum__phase",
        "organisation": "kindcentrum__lead_organisation__name__icontains",
        "year": "year",
    }


class WijkFilterForm(ListFilterForm):
    search_fields = ("name", "cbs_code")

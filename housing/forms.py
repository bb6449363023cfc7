"""Forms of the housing app and the filters of its lists."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.forms import DateInput, MoneyField
from budgets.models import FundingStream, PooledBudget
from housing.models import (
    Building,
    BuildingLocation,
    EnergyLabel,
    HousingPlan,
    HousingProject,
    Owner,
    ProjectFunding,
    ProjectKind,
    ProjectStatus,
)
from housing.permissions import can_choose_building_owner
from kindportaal.choices import MultipleChoiceWidgetsMixin
from kindportaal.concurrency import VersionedFormMixin
from kindportaal.forms import ask_for
from kindportaal.listing import ListFilterForm
from kindportaal.models import Wijk
from partners.forms import CompactField, PostcodeField, organisations_to_choose
from partners.models import Location

BUILDING_FIELDS = [
    "name",
    "bag_id",
    "street",
    "house_number",
    "postcode",
    "city",
    "wijk",
    "owner_kind",
    "owner_organisation",
    "year_built",
    "floor_area",
    "condition_score",
    "inspected_on",
    "energy_label",
    "classrooms",
    "school_places",
    "childcare_groups",
    "notes",
]


class BuildingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Building
        fields = BUILDING_FIELDS
        field_classes = {"bag_id": CompactField, "postcode": PostcodeField}
        widgets = {"inspected_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        organisations_to_choose(
            self, "owner_organisation", may_choose=can_choose_building_owner(user)
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("condition_score") is not None and cleaned.get("inspected_on") is None:
            ask_for(
                self, "inspected_on", message=_("Give the inspection date of the condition score.")
            )
        return cleaned


class BuildingLocationForm(MultipleChoiceWidgetsMixin, forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.filter(is_active=True).order_by("name"),
        help_text=_("A location housed in another building moves to this one."),
    )


class HousedRemoveForm(forms.Form):
    housed = forms.ModelChoiceField(queryset=BuildingLocation.objects.none())

    def __init__(self, *args, building, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["housed"].queryset = BuildingLocation.objects.filter(
            building=building
        ).select_related("location")


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = HousingPlan
        fields = [
            "name",
            "first_year",
            "last_year",
            "adopted_on",
            "school_norm",
            "description",
        ]
        widgets = {"adopted_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


PROJECT_FIELDS = [
    "name",
    "kind",
    "building",
    "kindcentrum",
    "partners",
    "goals",
    "start_year",
    "ready_year",
    "school_places_change",
    "childcare_places_change",
    "estimated_cost",
    "realised_cost",
    "status",
    "decisions",
]


class RealisedField(MoneyField):
    """What was realised so far: empty is nothing yet (0), not a missing amount."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return Decimal("0.00") if value is None else value


def _money(name, field_class=MoneyField):
    field = HousingProject._meta.get_field(name)
    return field_class(label=field.verbose_name.capitalize(), help_text=field.help_text)


class ProjectForm(MultipleChoiceWidgetsMixin, VersionedFormMixin, forms.ModelForm):
    estimated_cost = _money("estimated_cost")
    realised_cost = _money("realised_cost", RealisedField)

    class Meta:
        model = HousingProject
        fields = PROJECT_FIELDS
        widgets = {"decisions": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        start, ready = cleaned.get("start_year"), cleaned.get("ready_year")
        if start and ready and ready < start:
            ask_for(
                self, "ready_year", message=_("The year ready cannot be before the start year.")
            )
        return cleaned


class FundingForm(VersionedFormMixin, forms.ModelForm):
    amount = MoneyField(label=_("Amount"), help_text=_("Estimated, in euros."))
    realised = RealisedField(label=_("Realised"), help_text=_("In euros."))

    class Meta:
        model = ProjectFunding
        fields = ["stream", "pooled_budget", "description", "amount", "realised"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stream"].queryset = FundingStream.objects.order_by("-year", "code")
        self.fields["stream"].help_text = _("Leave both empty for the gemeente's own investment.")
        self.fields["pooled_budget"].queryset = PooledBudget.objects.order_by("-year", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stream") and cleaned.get("pooled_budget"):
            self.add_error(
                "pooled_budget",
                _(
                    "Choose a funding stream or a pooled budget, not both; choose neither for "
                    "the gemeente's own investment."
                ),
            )
        return cleaned


class BuildingFilterForm(ListFilterForm):
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none())
    owner_kind = forms.ChoiceField(
        label=pgettext_lazy("of a building", "Owner"), choices=Owner.choices
    )
    energy_label = forms.ChoiceField(label=_("Energy label"), choices=EnergyLabel.choices)
    search_fields = ("name", "bag_id", "street", "postcode", "city")
    lookups = {"wijk": "wijk", "owner_kind": "owner_kind", "energy_label": "energy_label"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")


class ProjectFilterForm(ListFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none())
    search_fields = ("name", "building__name", "kindcentrum__name")
    lookups = {"kind": "kind", "status": "status", "wijk": "building__wijk"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")

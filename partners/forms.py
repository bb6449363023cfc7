"""Forms of organisations, locations and memberships, and the filters of their lists."""

import re

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kindportaal.concurrency import VersionedFormMixin
from kindportaal.listing import ListFilterForm
from kindportaal.models import Wijk
from kindportaal.permissions import is_policy_officer
from partners import selectors
from partners.models import (
    CHILDCARE_KINDS,
    SCHOOL_KINDS,
    ImportStatus,
    Location,
    LocationKind,
    Membership,
    Organisation,
    OrganisationKind,
    RegisterSource,
)
from partners.permissions import (
    REGISTER_IDENTIFIERS,
    can_change_register_identifiers,
    member_organisation_ids,
)

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


def organisations_to_choose(form, name, *, may_choose):
    """Offer the active organisations in the form's field `name`, and the one its instance has
    (also when no longer active); someone who may not choose sees it but cannot change it."""
    chosen_id = getattr(form.instance, f"{name}_id")
    field = form.fields[name]
    field.queryset = Organisation.objects.filter(Q(is_active=True) | Q(pk=chosen_id)).order_by(
        "name"
    )
    field.disabled = not may_choose


class CompactField(forms.CharField):
    """A number typed with spaces or dots ("4123 4567") is kept without them ("41234567")."""

    def to_python(self, value):
        return re.sub(r"[\s.]", "", super().to_python(value))

    def widget_attrs(self, widget):
        # The spaces people type may make the input longer than what is stored.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class UpperCompactField(CompactField):
    """A code such as the school location code, kept without spaces and in capitals."""

    def to_python(self, value):
        return super().to_python(value).upper()


class PostcodeField(CompactField):
    """'1234ab' and '1234  AB' become '1234 AB'; anything else is left for the validator."""

    def to_python(self, value):
        compact = super().to_python(value).upper()
        if re.fullmatch(r"\d{4}[A-Z]{2}", compact):
            return f"{compact[:4]} {compact[4:]}"
        return (value or "").strip()


def _https_by_default(model_field, **kwargs):
    """Form fields as the model makes them; a website typed without scheme gets https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


def _identifiers_for_the_gemeente(form, user):
    """The register numbers, fixed for whoever may not change them (a value sent is ignored)."""
    if can_change_register_identifiers(user):
        return
    for name in REGISTER_IDENTIFIERS:
        field = form.fields.get(name)
        if field is not None:
            field.disabled = True
            field.help_text = _(
                "The gemeente's register imports recognise records by this number; only a "
                "policy officer can change it. Ask them if it is wrong."
            )


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = _https_by_default
        field_classes = {"kvk_number": CompactField, "duo_board_number": CompactField}
        fields = [
            "name",
            "kind",
            "kvk_number",
            "duo_board_number",
            "email",
            "phone",
            "website",
            "is_active",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether an organisation takes part in the network is the gemeente's decision.
        self.fields["is_active"].disabled = not is_policy_officer(user)
        _identifiers_for_the_gemeente(self, user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("duo_board_number") and cleaned.get("kind") != OrganisationKind.SCHOOL_BOARD:
            self.add_error(
                "duo_board_number",
                _("Only a school board has a DUO board number; leave it empty for this kind."),
            )
        return cleaned


class LocationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "organisation",
            "name",
            "kind",
            "school_code",
            "lrk_number",
            "street",
            "house_number",
            "postcode",
            "city",
            "wijk",
            "capacity",
            "pupils",
            "count_reference_date",
            "vve_certified",
            "age_from",
            "age_to",
            "is_active",
        ]
        widgets = {
            "count_reference_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }
        field_classes = {
            "school_code": UpperCompactField,
            "lrk_number": CompactField,
            "postcode": PostcodeField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisation"]
        if self.instance.pk is None:
            # A new location belongs to the organisation whose page it was added from.
            del self.fields["organisation"]
        elif is_policy_officer(user):
            organisations.queryset = Organisation.objects.order_by("name")
        else:
            organisations.queryset = Organisation.objects.filter(
                pk__in=member_organisation_ids(user)
            ).order_by("name")
        if "organisation" in self.fields:
            organisations.help_text = _("The organisation that runs this location.")
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        _identifiers_for_the_gemeente(self, user)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and cleaned.get("school_code") and kind not in SCHOOL_KINDS:
            self.add_error(
                "school_code",
                _("Only a school has a school location code; leave it empty for this kind."),
            )
        if kind and cleaned.get("lrk_number") and kind not in CHILDCARE_KINDS:
            self.add_error(
                "lrk_number",
                _("Only a childcare location has an LRK number; leave it empty for this kind."),
            )
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", _("The age range must not end before it starts."))
        counted = cleaned.get("capacity") is not None or cleaned.get("pupils") is not None
        if counted and not cleaned.get("count_reference_date"):
            self.add_error(
                "count_reference_date",
                _("Give the date the number of places or pupils refers to."),
            )
        return cleaned


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Partner director"),
        queryset=selectors.partner_directors(),
        help_text=_(
            "Someone with the role partner director. Invite a new person from the list of users."
        ),
    )


class MembershipRemoveForm(forms.Form):
    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = organisation.memberships.all()


# List filters


class OrganisationFilterForm(ListFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    wijk = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Wijk.objects.order_by("name"),
        help_text=_("Organisations with a location in this wijk."),
    )
    active = forms.ChoiceField(label=_("Active"), choices=YES_NO)

    search_fields = ("name", "kvk_number", "duo_board_number")
    lookups = {"kind": "kind"}

    def filter_wijk(self, queryset, wijk):
        return queryset.filter(pk__in=Location.objects.filter(wijk=wijk).values("organisation_id"))

    def filter_active(self, queryset, value):
        return queryset.filter(is_active=value == "yes")


class LocationFilterForm(ListFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LocationKind.choices)
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.order_by("name"))
    # A name rather than a choice: a city has hundreds of organisations.
    organisation = forms.CharField(
        label=_("Organisation"), max_length=100, help_text=_("Part of its name.")
    )
    vve = forms.ChoiceField(label=_("VVE certified"), choices=YES_NO)

    search_fields = ("name", "school_code", "lrk_number", "postcode", "street", "city")
    lookups = {"kind": "kind", "wijk": "wijk", "organisation": "organisation__name__icontains"}

    def filter_vve(self, queryset, value):
        return queryset.filter(vve_certified=value == "yes")


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Register"),
        choices=RegisterSource.choices,
        help_text=_("Which register the file comes from."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The CSV file as the register publishes it (DUO, LRK or CBS) or as the gemeente "
            "keeps it (buildings, prognoses); encoding, separator and older column names are "
            "recognised."
        ),
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the register's figures refer to, e.g. 1 October for DUO pupils."),
    )


class ImportConfirmForm(forms.Form):
    overwrite_conflicts = forms.BooleanField(
        label=_("Also overwrite the values changed by hand"),
        required=False,
        help_text=_("Without this, values someone changed by hand stay as they are."),
    )


class ImportRunFilterForm(ListFilterForm):
    source = forms.ChoiceField(label=_("Register"), choices=RegisterSource.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ImportStatus.choices)

    search_fields = ("file_name",)
    lookups = {"source": "source", "status": "status"}

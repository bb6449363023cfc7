"""The forms of the API key pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import OrganisationAPIKey


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = OrganisationAPIKey
        fields = ["organisation", "name", "can_read", "can_report"]
        labels = {"name": _("Name")}
        help_texts = {"name": _("Which system uses the key, e.g. “Planning system 2026”.")}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None if len(organisations) == 1 else "—"


class RevokeForm(forms.Form):
    """The page's button confirms the revocation: a POST without it revokes nothing."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")

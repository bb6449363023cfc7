"""The forms of the API key pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import OrganisationAPIKey
from kindportaal.choices import MultipleChoiceWidgetsMixin


class ApiKeyForm(MultipleChoiceWidgetsMixin, forms.ModelForm):
    """A new key: a policy officer chooses among every organisation (a searchable control when
    the list is long), a director among their own."""

    class Meta:
        model = OrganisationAPIKey
        fields = ["organisation", "name", "can_read", "can_report"]
        labels = {"name": _("Name")}
        help_texts = {"name": _("Which system uses the key, e.g. “Planning system 2026”.")}

    def __init__(self, *args, organisations, **kwargs):
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def limit_choices(self):
        field = self.fields["organisation"]
        field.queryset = self.organisations
        field.empty_label = None if self.organisations.count() == 1 else "—"


class RevokeForm(forms.Form):
    """The page's button confirms the revocation: a POST without it revokes nothing."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_LENGTH
from search.sources import SOURCES


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_LENGTH,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *[(source.kind, source.label) for source in SOURCES]],
        error_messages={"invalid_choice": _("Choose a kind from the list.")},
    )

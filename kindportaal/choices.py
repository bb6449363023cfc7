"""Choice fields, the one way every form shows them. A multi-choice field is a group of checkboxes
for a short list and, for a long one (600 organisations at city scale), a searchable control
that loads matching choices; a single choice is a select, and a searchable control too when its
list is long.

The searchable control is Tom Select (npm, static/vendor/) on a `<select multiple>` that
static/js/choices.js builds. Without JavaScript the same field shows what is chosen as
checkboxes (untick to remove) and a text box for adding by name, one per line; the field resolves
the names and says which one it did not find or found more than once. Either way the page holds
only the chosen options, not the whole list. A long single choice is the same with one name: a
text box holding the chosen one's name, changed by typing another.

Which choices a searchable field loads comes from a `ChoiceSource` that the model's app declares
on its AppConfig (`choice_sources = [...]`, in `ready()`), the way the navigation is declared, so
the portal needs no import from the apps that build on it. The JSON endpoint (kindportaal:choices)
answers only who the source allows; the form still validates against its own queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.db.models import Q
from django.forms import Script
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kindportaal.permissions import can_read_portal

# Up to this many choices a field is a group of checkboxes; above it, searchable.
SHORT_LIST = 15
# Up to this many choices a single choice is a select; above it, searchable.
SHORT_SELECT = 50
# How many matches the endpoint answers with, and how many a typed name may match.
MAX_RESULTS = 20


@dataclass(frozen=True)
class ChoiceSource:
    # "app_label.ModelName", the model whose objects are chosen
    model: str
    # () -> the queryset searched, ordered as the list shows it
    queryset: Callable
    search_fields: tuple = ("name",)
    # (user) -> bool: who may search it
    allowed: Callable = can_read_portal

    @property
    def key(self):
        return self.model.lower()

    def search(self, text, queryset=None):
        queryset = self.queryset() if queryset is None else queryset
        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{f"{lookup}__icontains": text})
        return queryset.filter(condition)


def choice_sources() -> dict[str, ChoiceSource]:
    return {
        source.key: source
        for config in apps.get_app_configs()
        for source in getattr(config, "choice_sources", ())
    }


def source_for(model) -> ChoiceSource | None:
    return choice_sources().get(model._meta.label_lower)


class ChosenValues(list):
    """The chosen ids, and the names typed without JavaScript (one per line)."""

    def __init__(self, values=(), *, names=""):
        super().__init__(values)
        self.names = names


class SearchableSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes for the chosen objects and a text box for names; Tom Select with JavaScript."""

    template_name = "components/forms/searchable_choices.html"
    use_fieldset = True

    def __init__(self, *, source_key, attrs=None):
        super().__init__(attrs)
        self.source_key = source_key

    class Media:
        # Its styles are in the one stylesheet (scripts/build-assets.sh).
        js = (Script("vendor/tom-select.min.js", defer=True), Script("js/choices.js", defer=True))

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return ChosenValues(ids, names=data.get(f"{name}__names", ""))

    def value_omitted_from_data(self, data, files, name):
        return False

    def format_value(self, value):
        names = getattr(value, "names", "")
        return ChosenValues(super().format_value(value), names=names)

    def optgroups(self, name, value, attrs=None):
        """Only the chosen options: the page never holds the whole list."""
        ids = [item for item in value if str(item).isdigit()]
        queryset = self.choices.queryset.filter(pk__in=ids) if ids else []
        options = [
            self.create_option(
                name,
                self.choices.choice(obj)[0],
                self.choices.choice(obj)[1],
                True,
                index,
                None,
                attrs,
            )
            for index, obj in enumerate(queryset)
        ]
        return [(None, options, 0)] if options else []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["names"] = getattr(value, "names", "")
        context["widget"]["url"] = reverse("kindportaal:choices", args=[self.source_key])
        return context


def resolve_name(field, name):
    """The id of the one object of `field`'s queryset that `name` names (exactly, or as part of
    its name); a ValidationError that says so when none or several match."""
    exact = list(field.queryset.filter(**{f"{field.source.search_fields[0]}__iexact": name}))
    matches = exact or list(field.source.search(name, field.queryset)[: MAX_RESULTS + 1])
    if len(matches) == 1:
        return str(matches[0].pk)
    if not matches:
        raise forms.ValidationError(
            field.error_messages["no_match"], code="no_match", params={"name": name}
        )
    raise forms.ValidationError(
        field.error_messages["many_matches"],
        code="many_matches",
        params={"name": name, "matches": ", ".join(str(m) for m in matches[:5])},
    )


class SearchableModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that also takes names typed one per line (without JavaScript)."""

    default_error_messages = {
        "no_match": _("Nothing matches “%(name)s”: check the spelling."),
        "many_matches": _("“%(name)s” matches more than one: %(matches)s. Type more of the name."),
    }

    def __init__(self, queryset, *, source, **kwargs):
        self.source = source
        kwargs.setdefault("widget", SearchableSelectMultiple(source_key=source.key))
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        names = [line.strip() for line in getattr(value, "names", "").splitlines() if line.strip()]
        ids = [item for item in (value or []) if item not in ("", None)]
        errors = []
        for name in names:
            try:
                ids.append(resolve_name(self, name))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return super().clean(list(dict.fromkeys(ids)))

    def has_changed(self, initial, data):
        return bool(getattr(data, "names", "")) or super().has_changed(initial, data)


class SearchableSelect(forms.Select):
    """A text box with the chosen object's name (and its id); Tom Select with JavaScript."""

    template_name = "components/forms/searchable_choice.html"
    input_type = "text"  # what the page shows without JavaScript (and the class it gets)
    Media = SearchableSelectMultiple.Media

    def __init__(self, *, source_key, attrs=None):
        super().__init__(attrs)
        self.source_key = source_key

    def value_from_datadict(self, data, files, name):
        return ChosenValues([data.get(name) or ""], names=data.get(f"{name}__names"))

    def optgroups(self, name, value, attrs=None):
        """None: the page never holds the whole list (the template shows the chosen one)."""
        return []

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}__names" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = getattr(value, "names", None)
        if isinstance(value, ChosenValues):
            value = value[0] if value else None
        chosen = None
        if value not in (None, "") and str(value).isdigit():
            # By the model's own manager: what is chosen is shown even where the list's
            # queryset was narrowed or replaced after the control was made.
            obj = self.choices.queryset.model._default_manager.filter(pk=value).first()
            if obj is not None:
                # A string, as every control's value: the page never shows an id as a number
                # ("12.345").
                label = self.choices.field.label_from_instance(obj)
                chosen = {"value": str(obj.pk), "label": label}
        context["widget"]["chosen"] = chosen
        context["widget"]["names"] = names if names is not None else (chosen or {}).get("label")
        context["widget"]["url"] = reverse("kindportaal:choices", args=[self.source_key])
        context["widget"]["optional"] = not self.is_required
        return context


class SearchableModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that also takes a name typed in its text box (without JavaScript)."""

    default_error_messages = SearchableModelMultipleChoiceField.default_error_messages

    def __init__(self, queryset, *, source, **kwargs):
        self.source = source
        kwargs.setdefault("widget", SearchableSelect(source_key=source.key))
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        names = getattr(value, "names", None)
        chosen = value[0] if isinstance(value, list) and value else value
        if names is not None:  # the text box, without JavaScript
            name = names.strip()
            current = self.queryset.filter(pk=chosen).first() if str(chosen).isdigit() else None
            if not name:
                chosen = ""
            elif current is None or self.label_from_instance(current) != name:
                chosen = resolve_name(self, name)
        return super().clean(chosen)

    def has_changed(self, initial, data):
        if isinstance(data, list):
            data = data[0] if data else ""
        return super().has_changed(initial, data)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A select whose choices were read once (with the decision to keep it a select); a queryset
    set afterwards (a form narrowing what a person may choose) is read again."""

    def _set_queryset(self, queryset):
        self.__dict__.pop("_choices", None)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


def _copy(field, **kwargs):
    return {
        "required": field.required,
        "label": field.label,
        "initial": field.initial,
        "help_text": field.help_text,
        "error_messages": field.error_messages,
        "disabled": field.disabled,
        **kwargs,
    }


class MultipleChoiceWidgetsMixin:
    """Give every choice field of the form the portal's control: for a multi-choice field
    checkboxes when the list is short, the searchable control when it is long; for a single
    choice the searchable control when its list is long (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices()
        for name, field in list(self.fields.items()):
            # A subclass that only changes the labels says so with `portal_control = True`.
            single = type(field) is forms.ModelChoiceField or getattr(
                field, "portal_control", False
            )
            if single and not field.disabled:
                self._single_choice(name, field)
                continue
            if not isinstance(field, forms.ModelMultipleChoiceField) or isinstance(
                field, SearchableModelMultipleChoiceField
            ):
                continue
            source = source_for(field.queryset.model)
            if source is not None and field.queryset.count() > SHORT_LIST:
                new = SearchableModelMultipleChoiceField(
                    field.queryset, source=source, **_copy(field)
                )
                new.label_from_instance = field.label_from_instance
                self.fields[name] = new
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)

    def limit_choices(self):
        """Narrow the fields' querysets to what this person may choose, before the controls are
        chosen by the length of the lists (a form that narrows them defines this)."""

    def _single_choice(self, name, field):
        """A select of the choices read once, or the searchable control when there are more
        than SHORT_SELECT: one query either way, however long the list."""
        source = source_for(field.queryset.model)
        if source is None:
            return
        first = list(field.queryset[: SHORT_SELECT + 1])
        if len(first) <= SHORT_SELECT:
            select = ReadOnceModelChoiceField(
                field.queryset, empty_label=field.empty_label, **_copy(field)
            )
            select.label_from_instance = field.label_from_instance
            select.widget.attrs = field.widget.attrs
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            select.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in first]
            self.fields[name] = select
            return
        new = SearchableModelChoiceField(
            field.queryset, source=source, empty_label=field.empty_label, **_copy(field)
        )
        new.label_from_instance = field.label_from_instance
        self.fields[name] = new

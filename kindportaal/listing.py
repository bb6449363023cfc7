"""Lists with search, filters, sorting, pagination and export: the one helper every list uses.

A list is described once by a ListSpec: its columns (label, value, kind, how to sort, where to
link), a filter form and a default order. The same columns make the HTML table and the CSV and
XLSX export, so an export always holds what the list shows, as filtered and sorted.

    ORGANISATIONS = ListSpec(
        name=_("Organisations"),
        columns=[Column.attr("name", _("Name"), link=...), Column("kind", _("Kind"), ...)],
        filter_form=OrganisationFilterForm,
        default_sort="name",
    )

    def organisation_list(request):
        return list_response(request, selectors.organisation_list(user=request.user),
                             spec=ORGANISATIONS, template_name="partners/organisation_list.html")
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from kindportaal.exports import FORMATS, ExportColumn, export_response


def url_of(obj):
    """The page of `obj`, for a column's link; None when there is none (yet): no object, or an
    agreement whose pages the agenda app may not serve in every installation."""
    if obj is None:
        return None
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return None


def _year_text(year):
    return str(year) if year is not None else None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    # text, number, decimal, money, percent, date, bool (see kindportaal.exports)
    kind: str = "text"
    # A field or annotation to order by; None means the column cannot be sorted.
    order_by: str | None = None
    link: Callable[[Any], str] | None = None
    export: bool = True
    show: bool = True

    @classmethod
    def attr(cls, key: str, label: str, attribute: str = "", **options) -> "Column":
        """The column of each row's `attribute` (by default `key`; dotted through relations),
        sorted by the field or annotation it reads: `Column.attr("wijk", _("Wijk"), "wijk.name")`
        is `Column("wijk", _("Wijk"), attrgetter("wijk.name"), order_by="wijk__name")`."""
        attribute = attribute or key
        return cls(
            key, label, attrgetter(attribute), order_by=attribute.replace(".", "__"), **options
        )

    @classmethod
    def year(cls, key: str, label: str, attribute: str = "", **options) -> "Column":
        """The column of a year, written as a name and not as an amount (never 2.026), sorted by
        it like `Column.attr` unless `order_by=None` says otherwise."""
        attribute = attribute or key
        read = attrgetter(attribute)
        options.setdefault("order_by", attribute.replace(".", "__"))
        return cls(key, label, lambda obj: _year_text(read(obj)), **options)

    @property
    def numeric(self):
        return self.kind in ("number", "decimal", "money", "percent")


# The empty choice of every filter, in one wording: the filter does not narrow the list.
EMPTY_CHOICE = _("All")


def with_empty_choice(form_field):
    """Give a choice field of a filter the one empty choice (ModelChoiceField's "---------" and
    each list's own "All kinds", "Any health", ... alike)."""
    if isinstance(form_field, forms.ModelChoiceField):
        form_field.empty_label = EMPTY_CHOICE
    elif isinstance(form_field, forms.ChoiceField):
        choices = [choice for choice in form_field.choices if choice[0] not in ("", None)]
        form_field.choices = [("", EMPTY_CHOICE), *choices]


class ListFilterForm(forms.Form):
    """Base of every list's filter form: all fields optional, a free-text search `q`, one empty
    choice (EMPTY_CHOICE) and no "(optional)" next to each label, since every filter is.

    Subclasses list `search_fields` (ORM lookups searched with icontains) and either name a
    lookup per field in `lookups` ({"kind": "kind", "wijk": "wijk"}) or define
    `filter_<field>(queryset, value)` for anything more.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    search_fields: tuple[str, ...] = ()
    lookups: dict[str, str] = {}
    # components/forms/field.html: no "(optional)" on a filter.
    show_optional = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.required = False
            with_empty_choice(form_field)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            custom = getattr(self, f"filter_{name}", None)
            if custom is not None:
                queryset = custom(queryset, value)
            elif name == "q":
                condition = Q()
                for lookup in self.search_fields:
                    condition |= Q(**{f"{lookup}__icontains": value})
                queryset = queryset.filter(condition)
            elif name in self.lookups:
                queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset

    @property
    def active(self):
        """True when a filter narrows the list (for 'clear filters' links)."""
        return (
            self.is_bound
            and self.is_valid()
            and any(value not in (None, "", [], ()) for value in self.cleaned_data.values())
        )


@dataclass(frozen=True)
class ListSpec:
    name: str
    columns: list[Column]
    filter_form: type[ListFilterForm]
    default_sort: str
    per_page: int = 25
    # Extra ordering appended for a stable order across pages.
    tiebreak: str = "pk"
    caption: str = ""
    empty_text: str = field(default=_("Nothing matches these filters."))

    def sort_key(self, requested):
        keys = {column.key for column in self.columns if column.order_by}
        bare = (requested or "").removeprefix("-")
        if bare in keys:
            return requested
        return self.default_sort

    def order(self, queryset, sort):
        descending = sort.startswith("-")
        column = next(c for c in self.columns if c.key == sort.removeprefix("-"))
        expression = column.order_by
        if descending:
            return queryset.order_by(f"-{expression}", self.tiebreak)
        return queryset.order_by(expression, self.tiebreak)


@dataclass
class ListPage:
    spec: ListSpec
    filters: ListFilterForm
    page: Any
    sort: str
    rows: list

    @property
    def columns(self):
        return [column for column in self.spec.columns if column.show]


# The query parameters of a list besides its filters.
LIST_PARAMS = ("sort", "page", "export")


def filter_params(form_class):
    """The query parameters a filter form reads: each field's name, and the chosen names a
    searchable choice sends along (`<field>__names`, kindportaal.choices)."""
    return {f"{name}{suffix}" for name in form_class.base_fields for suffix in ("", "__names")}


def list_params(spec):
    """For @cached_page(params=...): every query parameter the list of `spec` reads."""
    return lambda: {*filter_params(spec.filter_form), *LIST_PARAMS}


def filtered_list(request, queryset, spec):
    """The queryset as the request filters and sorts it, with the bound filter form."""
    filters = spec.filter_form(request.GET or None)
    queryset = filters.filter(queryset)
    sort = spec.sort_key(request.GET.get("sort"))
    return spec.order(queryset, sort), filters, sort


def list_response(request, queryset, *, spec, template_name, context=None):
    """Render the list page, or the export when ?export=csv or ?export=xlsx is asked for."""
    queryset, filters, sort = filtered_list(request, queryset, spec)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        columns = [column for column in spec.columns if column.export]
        return export_response(
            name=spec.name,
            columns=[ExportColumn(str(column.label), column.kind) for column in columns],
            # Read in chunks as the rows are written: a CSV streams, whatever its size.
            rows=([column.value(obj) for column in columns] for obj in queryset.iterator(2000)),
            fmt=fmt,
            request=request,
            # Known beforehand for the audit log (and to refuse an XLSX that would be too large).
            row_count=queryset.count(),
        )
    page = Paginator(queryset, spec.per_page).get_page(request.GET.get("page"))
    visible = [column for column in spec.columns if column.show]
    rows = [
        {
            "object": obj,
            "cells": [
                {
                    "value": column.value(obj),
                    "kind": column.kind,
                    "link": column.link(obj) if column.link else None,
                }
                for column in visible
            ],
        }
        for obj in page.object_list
    ]
    listing = ListPage(spec=spec, filters=filters, page=page, sort=sort, rows=rows)
    return render(request, template_name, {"list": listing, **(context or {})})

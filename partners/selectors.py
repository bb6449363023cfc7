"""Reads of organisations and locations that need prefetching: each page asks a fixed number of
queries however large the network is."""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst

from kindportaal.models import User
from kindportaal.roles import Role
from partners.models import ImportRun, Location, Membership, Organisation, Provenance
from partners.registers.planning import MODELS, not_importable


def organisation_list():
    return Organisation.objects.annotate(location_count=Count("locations"))


def organisation_detail(pk):
    """An organisation with its locations (and their wijk) and its members."""
    return get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("wijk")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("user__full_name"),
            ),
        ),
        pk=pk,
    )


def location_list():
    return Location.objects.select_related("organisation", "wijk")


def location_detail(pk):
    return get_object_or_404(Location.objects.select_related("organisation", "wijk"), pk=pk)


def organisations_of(user):
    """The organisations a person acts for, for their home page."""
    return Organisation.objects.filter(memberships__user=user).annotate(
        location_count=Count("locations")
    )


def partner_directors():
    """Everyone who can become a member of an organisation."""
    return User.objects.filter(role=Role.PARTNER_DIRECTOR).order_by("full_name", "email")


# Imports and provenance


def import_runs():
    return ImportRun.objects.select_related("created_by")


def _field_label(model_name, field):
    model = MODELS[model_name]
    return capfirst(model._meta.get_field(field).verbose_name)


def _kind_label(model_name):
    return capfirst(MODELS[model_name]._meta.verbose_name)


def _related_names(values):
    """The names of the related records among (model name, field, value): one query per
    related model (a building's wijk and owner, a forecast's location)."""
    wanted = defaultdict(set)
    for model_name, name, value in values:
        field = MODELS[model_name]._meta.get_field(name)
        if field.is_relation and isinstance(value, int):
            wanted[field.related_model].add(value)
    return {
        (model, instance.pk): str(instance)
        for model, ids in wanted.items()
        for instance in model.objects.filter(pk__in=ids)
    }


def _shown(model_name, name, value, names):
    """A value as people read it: a choice's label, a related record's name, a year as a year.
    (A location's organisation comes as its name already: the plan knows new ones only so.)"""
    field = MODELS[model_name]._meta.get_field(name)
    if value is None:
        return value
    if field.is_relation:
        return names.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, int) and "year" in field.name:
        return str(value)
    if field.get_internal_type() == "DateField" and isinstance(value, str):
        return datetime.date.fromisoformat(value)  # kept as JSON text, shown as a Dutch date
    return value


def import_preview(run):
    """The run's preview with the labels of models and fields, and the values, in the reader's
    language."""
    preview = run.preview or {}
    values = [
        (row["model"], change["field"], value)
        for row in preview.get("changed", [])
        for change in row["changes"]
        for value in (change["old"], change["new"])
    ] + [
        (row["model"], row["field"], row[which])
        for row in preview.get("conflicts", [])
        for which in ("current", "imported", "incoming")
    ]
    names = _related_names(values)
    changed = [
        {
            **row,
            "kind": _kind_label(row["model"]),
            "changes": [
                {
                    **change,
                    "label": _field_label(row["model"], change["field"]),
                    "old": _shown(row["model"], change["field"], change["old"], names),
                    "new": _shown(row["model"], change["field"], change["new"], names),
                }
                for change in row["changes"]
            ],
        }
        for row in preview.get("changed", [])
    ]
    conflicts = [
        {
            **row,
            "kind": _kind_label(row["model"]),
            "label_field": _field_label(row["model"], row["field"]),
            **{
                which: _shown(row["model"], row["field"], row[which], names)
                for which in ("current", "imported", "incoming")
            },
        }
        for row in preview.get("conflicts", [])
    ]
    return {
        "changed": changed,
        "conflicts": conflicts,
        "rejected": preview.get("rejected", []),
        "skipped": preview.get("skipped", []),
        "truncated": preview.get("truncated", False),
        "not_importable": not_importable(run.source, run.summary or {}),
    }


def provenance_of(obj):
    """Where each imported field of `obj` came from, and whether it was changed by hand since:
    one query."""
    meta = type(obj)._meta
    rows = []
    # By the content type's natural key, joined: no separate query for the content type.
    provenances = Provenance.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name
    )
    for provenance in provenances.filter(object_id=obj.pk):
        field = type(obj)._meta.get_field(provenance.field)
        current = getattr(obj, field.attname)
        if isinstance(current, datetime.date):
            current = current.isoformat()
        rows.append(
            {
                "label": capfirst(field.verbose_name),
                "field": provenance.field,
                "provenance": provenance,
                "edited": current != provenance.value,
            }
        )
    order = [field.name for field in type(obj)._meta.fields]
    rows.sort(key=lambda row: order.index(row["field"]) if row["field"] in order else 99)
    return rows

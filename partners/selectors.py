"""Reads of organisations and locations that need prefetching: each page asks a fixed number of
queries however large the network is."""

import datetime

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


def import_preview(run):
    """The run's preview with the labels of models and fields in the reader's language."""
    preview = run.preview or {}
    changed = [
        {
            **row,
            "kind": _kind_label(row["model"]),
            "changes": [
                {**change, "label": _field_label(row["model"], change["field"])}
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

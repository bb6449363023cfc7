"""Reading back the change history that django-simple-history records: who changed what, when.

Every model whose changes matter has `history = HistoricalRecords()`; HistoryRequestMiddleware
records the logged-in person. `history_entries(obj)` turns the records into what a page shows:
per change its time, its author, and each field with its old and new value, as people read them.

A change's reason is stored as its English msgid (with its parameters), made by `history_reason`,
and translated when it is shown, so each reader reads it in their own language.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import utils

from kindportaal.formatting import display_value

# Between a reason's msgid and its parameters (JSON); a character no text contains.
REASON_PARAMETERS = "\x1f"
# history_change_reason is a CharField(max_length=100).
REASON_MAX_LENGTH = 100


def history_reason(msgid, **params) -> str:
    """What a change records as its reason: the English msgid (mark it with gettext_noop, or pass
    a lazy translation) and its parameters, translated when shown (`reason_display`)."""
    if isinstance(msgid, Promise):
        with translation.override(None):
            msgid = str(msgid)
    if not params:
        return msgid[:REASON_MAX_LENGTH]
    stored = f"{msgid}{REASON_PARAMETERS}{json.dumps(params, ensure_ascii=False)}"
    excess = len(stored) - REASON_MAX_LENGTH
    if excess > 0:
        # Too long (a long file name or e-mail address): shorten the longest parameter.
        longest = max(params, key=lambda name: len(str(params[name])))
        value = str(params[longest])
        return history_reason(msgid, **{**params, longest: value[: -(excess + 1)] + "…"})
    return stored


def reason_display(stored: str) -> str:
    """A stored reason in the reader's language (older free-text reasons are shown as stored)."""
    if not stored:
        return ""
    msgid, _separator, params = stored.partition(REASON_PARAMETERS)
    text = gettext(msgid)
    if params:
        try:
            text = text % json.loads(params)
        except (ValueError, KeyError, TypeError):
            return msgid
    return text


# Bookkeeping fields nobody needs to see in a history.
HIDDEN_FIELDS = {"version", "updated_at", "created_at", "modified_at"}

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    kind_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model_field, value, related_names):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if model_field.is_relation and model_field.many_to_one:
        return related_names.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, datetime | date):
        return display_value(value)
    if model_field.many_to_many or isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _related_names(model, records):
    """One query per related model for the names of the objects that foreign keys point at."""
    wanted = {}
    for record in records:
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.many_to_one:
                value = getattr(record, model_field.attname, None)
                if value is not None:
                    wanted.setdefault(model_field.related_model, set()).add(value)
    names = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            names[(related_model, obj.pk)] = str(obj)
    return names


def _m2m_names(model):
    """The many-to-many fields whose history is kept (HistoricalRecords(m2m_fields=...))."""
    history_model = model.history.model
    return [field.name for field in getattr(history_model, "_history_m2m_fields", [])]


def _m2m_values(model, records, names):
    """Per record and many-to-many field, the sorted ids it held; and the names of those objects.
    One query per field and one per related model, so a long history costs no more."""
    values, wanted = {}, {}
    for name in names:
        model_field = model._meta.get_field(name)
        target = utils.get_m2m_reverse_field_name(model_field)
        held = {record.pk: [] for record in records}
        if records:
            rows = getattr(records[0], name).model._default_manager.filter(
                history_id__in=list(held)
            )
            for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
                held[history_id].append(related_id)
        for record_pk, ids in held.items():
            values[(record_pk, name)] = sorted(ids)
            wanted.setdefault(model_field.related_model, set()).update(ids)
    names_by_id = {}
    for related_model, ids in wanted.items():
        for related in related_model._default_manager.filter(pk__in=ids):
            names_by_id[(related_model, related.pk)] = str(related)
    return values, names_by_id


def history_entries(obj, *, limit=50):
    """The latest `limit` changes of `obj`, newest first."""
    model = type(obj)
    m2m_names = _m2m_names(model)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    related_names = _related_names(model, records)
    m2m = _m2m_values(model, records, m2m_names) if m2m_names else None
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else str(_("the system")),
            kind=record.history_type,
            kind_label=str(KIND_LABELS.get(record.history_type, record.history_type)),
            reason=reason_display(record.history_change_reason or ""),
        )
        if record.history_type == "~" and previous is not None:
            entry.changes = changes_between(previous, record, model, related_names, m2m=m2m)
        entries.append(entry)
    return entries


def changes_between(older, newer, model, related_names=None, m2m=None):
    """The visible fields that differ between two historical records of the same object.

    `m2m` (from _m2m_values) gives the many-to-many values without a query per record."""
    if related_names is None:
        related_names = _related_names(model, [older, newer])
    if m2m is None:
        delta = newer.diff_against(older)
        changes = []
    else:
        m2m_names = _m2m_names(model)
        delta = newer.diff_against(older, excluded_fields=m2m_names)
        changes = _m2m_changes(model, older, newer, m2m_names, *m2m)
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        try:
            model_field = model._meta.get_field(change.field)
        except Exception:
            changes.append(
                FieldChange(change.field, change.field, str(change.old), str(change.new))
            )
            continue
        changes.append(
            FieldChange(
                field=change.field,
                label=str(model_field.verbose_name),
                old=_display(model_field, change.old, related_names),
                new=_display(model_field, change.new, related_names),
            )
        )
    return changes


def _m2m_changes(model, older, newer, names, values, names_by_id):
    changes = []
    for name in names:
        old_ids, new_ids = values[(older.pk, name)], values[(newer.pk, name)]
        if old_ids == new_ids:
            continue
        related_model = model._meta.get_field(name).related_model

        def text(ids, related_model=related_model):
            labels = sorted(names_by_id.get((related_model, pk), f"#{pk}") for pk in ids)
            return ", ".join(labels) or "—"

        label = str(model._meta.get_field(name).verbose_name)
        changes.append(FieldChange(name, label, text(old_ids), text(new_ids)))
    return changes

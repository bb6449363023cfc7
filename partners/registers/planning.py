"""The preview: what an import would create, change or leave, and what it would refuse.

Records are matched by their identifiers (school location code, LRK number, DUO board number,
KvK number, CBS wijk code; another app's by its own, e.g. a BAG building id, or a wijk and a
year). A value the last import wrote (its `Provenance`) that someone has changed since by hand
is a *conflict*: it is listed and left alone unless the import is told to overwrite conflicts.
`plan()` reads only; `applying.apply_plan()` writes what it found.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindportaal.models import Gemeente, Wijk
from partners.models import Location, Organisation, Provenance
from partners.registers.reading import RegisterFileError, Table
from partners.registers.sources import (
    SOURCES,
    Context,
    Item,
    Rejected,
    Skipped,
    other_gemeente,
)

MODELS = {"organisation": Organisation, "location": Location, "wijk": Wijk}
ORDER = ["wijk", "organisation", "location"]  # organisations before the locations they run
NEW_ORGANISATION = "new"
# How many rows of each list the preview keeps to show (the counts are always complete).
SHOWN = 500


def register(source, *, models):
    """Take the files of another app (housing's buildings and prognoses) through the same
    preview and import: its source, and the models its rows become, written after these."""
    SOURCES[source.source] = source
    for name, model in models.items():
        MODELS[name] = model
        if name not in ORDER:
            ORDER.append(name)


def jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [jsonable(part) for part in value]
    return value


def key_fields(key):
    """The identifying fields and values of a key: one field, or several (a wijk and a year)."""
    names, values = key
    if isinstance(names, tuple):
        return dict(zip(names, values, strict=True))
    return {names: values}


def key_label(key):
    names, values = key
    return " ".join(str(value) for value in values) if isinstance(names, tuple) else values


def context_for(reference_date) -> Context:
    gemeente = Gemeente.current()
    return Context(
        gemeente_number=int(gemeente.cbs_code[2:]),  # GM and four digits, always
        gemeente_name=gemeente.name,
        reference_date=reference_date,
    )


@dataclass
class Record:
    model: str
    key: tuple[str, str]
    line: int
    item: Item
    instance: object = None  # the existing record, or None for a new one
    action: str = ""  # new, changed, unchanged, skipped
    changes: dict = field(default_factory=dict)  # field → (current, incoming)
    conflicts: dict = field(default_factory=dict)  # field → (current, imported before, incoming)
    provenance: dict = field(default_factory=dict)  # field → value to record as imported

    @property
    def label(self):
        return (
            self.item.label
            or self.item.fields.get("name")
            or (str(self.instance) if self.instance else key_label(self.key))
        )


@dataclass
class Plan:
    source: str
    reference_date: datetime.date
    records: dict = field(default_factory=dict)  # (model, key) → Record
    rows: list = field(default_factory=list)  # (line, (model, key) of the row's own record)
    rejected: list = field(default_factory=list)  # (line, reason)
    skipped: list = field(default_factory=list)  # (line, reason)

    def in_order(self):
        return sorted(self.records.values(), key=lambda r: (ORDER.index(r.model), r.line))

    def summary(self):
        counts = dict.fromkeys(["new", "changed", "unchanged"], 0)
        counts["rejected"] = len(self.rejected)
        counts["skipped"] = len(self.skipped)
        for _line, ref in self.rows:
            counts[self.records[ref].action] += 1
        counts["conflicts"] = sum(len(r.conflicts) for r in self.records.values())
        derived = {"new": 0, "changed": 0}
        own = {ref for _line, ref in self.rows}
        for ref, record in self.records.items():
            if ref not in own and record.action in derived:
                derived[record.action] += 1
        counts["organisations_new"] = derived["new"]
        counts["organisations_changed"] = derived["changed"]
        counts["rows"] = len(self.rows) + counts["skipped"] + counts["rejected"]
        return counts

    @property
    def has_changes(self):
        return any(r.action in ("new", "changed") or r.provenance for r in self.records.values())

    def _organisation_names(self):
        """Names of the organisations in the changes, to show them instead of their ids."""
        ids = {
            value
            for record in self.records.values()
            for value in record.changes.get("organisation", ())
            if isinstance(value, int)
        }
        return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))

    def _shown(self, record, name, value, names):
        if name != "organisation" or value is None:
            return jsonable(value)
        if value == NEW_ORGANISATION:
            return self.records[("organisation", record.item.parent)].label
        return names.get(value, value)

    def preview(self):
        """What the preview page shows, as JSON for the ImportRun."""
        names = self._organisation_names()
        changed = [
            {
                "line": record.line,
                "model": record.model,
                "key": jsonable(record.key[1]),
                "label": record.label,
                "action": record.action,
                "changes": [
                    {
                        "field": name,
                        "old": self._shown(record, name, old, names),
                        "new": self._shown(record, name, new, names),
                    }
                    for name, (old, new) in record.changes.items()
                ],
            }
            for record in self.in_order()
            if record.action in ("new", "changed")
        ]
        conflicts = [
            {
                "line": record.line,
                "model": record.model,
                "key": jsonable(record.key[1]),
                "label": record.label,
                "field": name,
                "current": jsonable(current),
                "imported": jsonable(imported),
                "incoming": jsonable(incoming),
            }
            for record in self.in_order()
            for name, (current, imported, incoming) in record.conflicts.items()
        ]
        skipped = defaultdict(list)
        for line, reason in self.skipped:
            skipped[reason].append(line)
        return {
            "changed": changed[:SHOWN],
            "conflicts": conflicts[:SHOWN],
            "rejected": [{"line": line, "reason": reason} for line, reason in self.rejected][
                :SHOWN
            ],
            "skipped": [
                {"reason": reason, "count": len(lines), "lines": lines[:10]}
                for reason, lines in skipped.items()
            ],
            "truncated": max(len(changed), len(conflicts), len(self.rejected)) > SHOWN,
        }


def not_importable(source_key, summary) -> str:
    """Why a checked file cannot be imported, or "": a gemeente's file with rejected rows."""
    if SOURCES[source_key].gemeente_file and summary.get("rejected"):
        return ngettext(
            "This file is imported whole or not at all, and %(count)d row is rejected: correct "
            "it in the file and upload the file again.",
            "This file is imported whole or not at all, and %(count)d rows are rejected: correct "
            "them in the file and upload the file again.",
            summary["rejected"],
        ) % {"count": summary["rejected"]}
    return ""


def _clean(model, name, value):
    """The value as the model stores it, or Rejected with the field's own message. (A source
    gives None only for a field that may be empty: a number left out or suppressed. A related
    record comes as the id the source looked up, so there is nothing to clean.)"""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return value
    try:
        return model_field.clean(value, None)
    except ValidationError as error:
        raise Rejected(
            _("%(field)s: %(message)s")
            % {"field": model_field.verbose_name, "message": " ".join(error.messages)}
        ) from error


def _parse_rows(source, table, context, plan, progress):
    """Every row to its items, or to a rejection or skip; duplicates of a row are rejected."""
    bound = source.bind(table.columns)
    width = len(table.columns)
    parsed = []
    first_line = {}
    for number, (line, values) in enumerate(table.rows, start=1):
        if progress and number % 200 == 0:
            progress(number)
        if len(values) != width:
            plan.rejected.append(
                (
                    line,
                    _("The row has %(found)d values where the header has %(expected)d columns.")
                    % {"found": len(values), "expected": width},
                )
            )
            continue
        try:
            # A row is one record, or one per year in a file with a column per year.
            parts = [
                source.parse(row, context)
                for row in source.expand(source.row_values(bound, values))
            ]
            items = [item for part in parts for item in part]
            for item in items:
                model = MODELS[item.model]
                item.fields = {
                    name: _clean(model, name, value) for name, value in item.fields.items()
                }
                item.key = _clean_key(model, item.key)
        except Rejected as rejection:
            plan.rejected.append((line, rejection.reason))
            continue
        except Skipped as skip:
            plan.skipped.append((line, skip.reason))
            continue
        own = [own_ref(part) for part in parts if part]
        twice = next((part[-1] for part in parts if part and own_ref(part) in first_line), None)
        if twice is not None:
            plan.rejected.append(
                (
                    line,
                    _("%(key)s is also on line %(line)d; only that line is taken.")
                    % {
                        "key": twice.label or key_label(twice.key),
                        "line": first_line[(twice.model, twice.key)],
                    },
                )
            )
            continue
        first_line.update(dict.fromkeys(own, line))
        parsed.append((line, items, own))
    return parsed


def own_ref(items):
    """A row's own record is its last item (an organisation it needs comes before it)."""
    return items[-1].model, items[-1].key


def _clean_key(model, key):
    names, values = key
    if isinstance(names, tuple):
        return names, tuple(_clean(model, n, v) for n, v in zip(names, values, strict=True))
    return names, _clean(model, names, values)


def _existing(records, lock):
    """The stored records for all keys, one query per model and key field."""
    wanted = defaultdict(set)
    for model, (key_field, value) in records:
        wanted[(model, key_field)].add(value)
    found = {}
    for (model, key_field), values in wanted.items():
        queryset = MODELS[model].objects.all()
        if lock:
            queryset = queryset.select_for_update()
        if isinstance(key_field, tuple):
            # By the first field, then the whole key: a wijk's forecasts of every year.
            queryset = queryset.filter(**{f"{key_field[0]}__in": {value[0] for value in values}})
        else:
            queryset = queryset.filter(**{f"{key_field}__in": values})
        for instance in queryset:
            if isinstance(key_field, tuple):
                value = tuple(getattr(instance, name) for name in key_field)
            else:
                value = getattr(instance, key_field)
            if value in values:
                found[(model, (key_field, value))] = instance
    return found


def _provenances(instances):
    """Provenance per (model, pk, field), one query per model."""
    by_model = defaultdict(list)
    for model, instance in instances:
        by_model[model].append(instance.pk)
    result = {}
    for model, pks in by_model.items():
        content_type = ContentType.objects.get_for_model(MODELS[model])
        for provenance in Provenance.objects.filter(content_type=content_type, object_id__in=pks):
            result[(model, provenance.object_id, provenance.field)] = provenance.value
    return result


def _current(instance, name):
    if name == "organisation":
        return instance.organisation_id
    return getattr(instance, name)


def _compare(plan, record, provenances, overwrite_conflicts):
    incoming = dict(record.item.fields)
    if record.item.parent is not None:
        parent = plan.records[("organisation", record.item.parent)]
        incoming["organisation"] = parent.instance.pk if parent.instance else NEW_ORGANISATION
    if record.instance is None:
        record.action = "new"
        record.changes = {name: (None, value) for name, value in incoming.items()}
        record.provenance = dict(incoming)
        return
    for name, value in incoming.items():
        current = _current(record.instance, name)
        key = (record.model, record.instance.pk, name)
        imported = provenances.get(key)
        has_provenance = key in provenances
        if jsonable(current) == jsonable(value):
            if not has_provenance or imported != jsonable(value):
                record.provenance[name] = value  # the register confirms the value
            continue
        edited_by_hand = has_provenance and imported != jsonable(current)
        if edited_by_hand and not overwrite_conflicts:
            record.conflicts[name] = (current, imported, value)
            continue
        record.changes[name] = (current, value)
        record.provenance[name] = value
    record.action = "changed" if record.changes else "unchanged"


def plan(
    source_key,
    table: Table,
    reference_date,
    *,
    lock=False,
    overwrite_conflicts=False,
    progress=None,
) -> Plan:
    """Compare the file's rows with the portal. With `lock`, the matched rows are locked for
    the rest of the transaction (the import plans again under the lock)."""
    source = SOURCES[source_key]
    context = context_for(reference_date)
    result = Plan(source=source_key, reference_date=reference_date)
    parsed = _parse_rows(source, table, context, result, progress)
    for line, items, _own in parsed:
        for item in items:
            ref = (item.model, item.key)
            if ref not in result.records:  # an organisation of many rows: its first row counts
                result.records[ref] = Record(item.model, item.key, line, item)
    existing = _existing(result.records, lock)
    for ref, record in result.records.items():
        record.instance = existing.get(ref)
    provenances = _provenances(
        (record.model, record.instance) for record in result.records.values() if record.instance
    )
    # Rows whose record must already exist (pupils, boards seated elsewhere) are skipped if not.
    for line, _items, refs in parsed:
        for ref in refs:
            own = result.records[ref]
            if own.instance is None and own.item.only_if_exists:
                result.skipped.append((line, own.item.only_if_exists))
                own.action = "skipped"
                continue
            result.rows.append((line, ref))
    result.skipped.sort()
    elsewhere = any(reason == other_gemeente() for _line, reason in result.skipped)
    if source.gemeente_file and not result.rows and elsewhere:
        raise RegisterFileError(
            _(
                "This file holds records of another gemeente only, none of %(gemeente)s: "
                "nothing can be imported from it."
            )
            % {"gemeente": context.gemeente_name}
        )
    for record in result.in_order():
        if record.action != "skipped":
            _compare(result, record, provenances, overwrite_conflicts)
    _reject_clashes(result)
    return result


def _reject_clashes(result):
    """A wijk's new name or a board's new KvK number that another record already has would
    break a unique rule of the database: refuse those rows now, with their line. Only a row's
    own record takes either from a file (a CBS wijk, a DUO board), so no other row hangs on it;
    and the value is a change, so the record that has it already is always another one."""
    kvk_numbers = {}
    names = {}
    for record in result.records.values():
        if record.model == "organisation" and "kvk_number" in record.changes:
            kvk_numbers[record.changes["kvk_number"][1]] = record
        if record.model == "wijk" and "name" in record.changes:
            names[record.changes["name"][1]] = record
    kvk_numbers.pop("", None)
    taken_kvk = Organisation.objects.filter(kvk_number__in=kvk_numbers)
    taken_names = Wijk.objects.filter(name__in=names)
    clashes = [
        (kvk_numbers[kvk], _("Another organisation has this KvK number."))
        for kvk in taken_kvk.values_list("kvk_number", flat=True)
    ] + [
        (names[name], _("Another wijk has this name."))
        for name in taken_names.values_list("name", flat=True)
    ]
    for record, reason in clashes:
        ref = (record.model, record.key)
        result.rejected += [
            (line, f"{record.label}: {reason}") for line, own in result.rows if own == ref
        ]
        result.rows = [(line, own) for line, own in result.rows if own != ref]
        del result.records[ref]
    result.rejected.sort()

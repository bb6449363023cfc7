"""The preview: what an import would create, change or leave, and what it would refuse.

Records are matched by their identifiers (school location code, LRK number, DUO board number,
KvK number, CBS wijk code). A value the last import wrote (its `Provenance`) that someone has
changed since by hand is a *conflict*: it is listed and left alone unless the import is told to
overwrite conflicts. `plan()` reads only; `applying.apply_plan()` writes what it found.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kindportaal.models import Gemeente, Wijk
from partners.models import Location, Organisation, Provenance
from partners.registers.reading import Table
from partners.registers.sources import SOURCES, Context, Item, Rejected, Skipped

MODELS = {"organisation": Organisation, "location": Location, "wijk": Wijk}
ORDER = ["wijk", "organisation", "location"]  # organisations before the locations they run
NEW_ORGANISATION = "new"
# How many rows of each list the preview keeps to show (the counts are always complete).
SHOWN = 500


def jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


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
        return self.item.fields.get("name") or (
            str(self.instance) if self.instance else self.key[1]
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
                "key": record.key[1],
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
                "key": record.key[1],
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


def _clean(model, name, value):
    """The value as the model stores it, or Rejected with the field's own message. (A source
    gives None only for a field that may be empty: a number left out or suppressed.)"""
    model_field = model._meta.get_field(name)
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
            items = source.parse(source.row_values(bound, values), context)
            for item in items:
                model = MODELS[item.model]
                item.fields = {
                    name: _clean(model, name, value) for name, value in item.fields.items()
                }
                item.key = (item.key[0], _clean(model, item.key[0], item.key[1]))
        except Rejected as rejection:
            plan.rejected.append((line, rejection.reason))
            continue
        except Skipped as skip:
            plan.skipped.append((line, skip.reason))
            continue
        own = (items[-1].model, items[-1].key)
        if own in first_line:
            plan.rejected.append(
                (
                    line,
                    _("%(key)s is also on line %(line)d; only that line is taken.")
                    % {"key": own[1][1], "line": first_line[own]},
                )
            )
            continue
        first_line[own] = line
        parsed.append((line, items))
    return parsed


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
        for instance in queryset.filter(**{f"{key_field}__in": values}):
            found[(model, (key_field, getattr(instance, key_field)))] = instance
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
    for line, items in parsed:
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
    for line, items in parsed:
        own = result.records[(items[-1].model, items[-1].key)]
        if own.instance is None and own.item.only_if_exists:
            result.skipped.append((line, own.item.only_if_exists))
            own.action = "skipped"
            continue
        result.rows.append((line, (own.model, own.key)))
    result.skipped.sort()
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

"""Writing an import: every new and changed record and the provenance of every value, in one
transaction, with a history entry per record that keeps one (by the person who confirmed the
import)."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kindportaal.history import history_reason
from partners.models import Provenance
from partners.registers.planning import MODELS, NEW_ORGANISATION, ORDER, jsonable, key_fields

BATCH = 500


def apply_plan(plan, *, run=None, file_name, user=None, progress=None):
    """Write `plan` (made under lock in the same transaction). Returns the number of records
    created and changed. The caller holds the transaction."""
    reason = history_reason(gettext_noop("Import of %(file)s"), file=file_name)
    done = 0
    provenances = []
    now = timezone.now()
    for model_name in ORDER:
        model = MODELS[model_name]
        records = [r for r in plan.in_order() if r.model == model_name]
        # Forecasts keep no history or version of their own; their provenance says enough.
        keeps_history = hasattr(model, "history")
        versioned = any(f.name == "version" for f in model._meta.fields)
        related = [f.name for f in model._meta.fields if f.is_relation]
        new = [r for r in records if r.action == "new"]
        changed = [r for r in records if r.action == "changed"]
        for record in new:
            values = {**record.item.defaults, **record.item.fields}
            values.update(key_fields(record.key))
            if record.item.parent is not None:
                values["organisation"] = plan.records[("organisation", record.item.parent)].instance
            record.instance = model(**values)
            record.instance.full_clean(
                exclude=related, validate_unique=False, validate_constraints=False
            )
        if new and keeps_history:
            bulk_create_with_history(
                [r.instance for r in new],
                model,
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )
        elif new:
            model.objects.bulk_create([r.instance for r in new], batch_size=BATCH)
        fields = set()
        for record in changed:
            for name, (_old, value) in record.changes.items():
                if name == "organisation":
                    value = plan.records[("organisation", record.item.parent)].instance
                setattr(record.instance, name, value)
                fields.add(name)
            if versioned:
                record.instance.version += 1
        if versioned:
            fields.add("version")
        if changed and keeps_history:
            bulk_update_with_history(
                [r.instance for r in changed],
                model,
                sorted(fields),
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )
        elif changed:
            model.objects.bulk_update([r.instance for r in changed], sorted(fields), BATCH)
        content_type = ContentType.objects.get_for_model(model)
        for record in records:
            for name, value in record.provenance.items():
                if name == "organisation" and value == NEW_ORGANISATION:
                    value = record.instance.organisation_id
                provenances.append(
                    Provenance(
                        content_type=content_type,
                        object_id=record.instance.pk,
                        field=name,
                        value=jsonable(value),
                        source=plan.source,
                        file_name=file_name,
                        reference_date=plan.reference_date,
                        run=run,
                        imported_at=now,
                    )
                )
        done += len(new) + len(changed)
        if progress:
            progress(done)
    Provenance.objects.bulk_create(
        provenances,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "field"],
        update_fields=["value", "source", "file_name", "reference_date", "run", "imported_at"],
    )
    return done

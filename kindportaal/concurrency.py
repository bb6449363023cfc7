"""No lost updates: a record someone else saved since you opened it is not silently overwritten.

Models that people edit in forms inherit `VersionedModel` (a `version` counter). Their forms carry
the version they showed (`VersionedFormMixin`); the service saves with `save_versioned()`, which
locks the row, compares the versions and raises `EditConflict` when they differ. The view then
shows the form again with `conflict.changes`: what the other person changed, who, and when. The
form now carries the current version, so saving again is a deliberate choice.
"""

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from kindportaal.history import FieldChange, changes_between


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with every save; used to detect concurrent edits."),
    )

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Somebody else saved the record after the form was opened."""

    def __init__(self, current, changes, who, when):
        self.current = current
        self.changes: list[FieldChange] = changes
        self.who = who
        self.when = when
        super().__init__(
            _(
                "Someone else saved this in the meantime. Your changes have not been saved yet: "
                "check their changes below, then save again to overwrite them."
            )
        )


def _conflict(current, expected_version):
    model = type(current)
    # Every VersionedModel keeps its history (tests/kindportaal/test_lock_versioned.py), in the
    # order of the saves, which the row lock puts one after the other.
    records = list(current.history.filter(version__gte=expected_version).order_by("history_id"))
    seen = next((r for r in records if r.version == expected_version), None)
    latest = records[-1] if records else None
    changes = []
    if seen is not None and latest is not None and latest.pk != seen.pk:
        changes = changes_between(seen, latest, model)
    who = str(latest.history_user) if latest is not None and latest.history_user else None
    return EditConflict(current, changes, who, latest.history_date if latest else None)


def lock_versioned(instance, *, expected_version):
    """Lock `instance`'s row for the rest of the transaction and return it as stored; raise
    EditConflict when it changed since `expected_version`. For services that check more rules
    before they save, so a stale form hears about the conflict first."""
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is None or current.version != expected_version:
        raise _conflict(current, expected_version or 0)
    return current


def save_versioned(instance, *, expected_version, update_fields=None):
    """Save `instance` unless its row changed since `expected_version`; bump the version."""
    with transaction.atomic():
        current = lock_versioned(instance, expected_version=expected_version)
        instance.version = current.version + 1
        if update_fields is not None:
            update_fields = [*update_fields, "version"]
        instance.save(update_fields=update_fields)
        return instance


class VersionedFormMixin(forms.Form):
    """Adds the hidden version the form was opened with; use on forms of a VersionedModel."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version

    def show_conflict(self, conflict: EditConflict):
        """Keep what the person typed, report the conflict, and carry the current version."""
        self.add_error(None, conflict.args[0])
        data = self.data.copy()
        data[self.add_prefix("version")] = conflict.current.version
        self.data = data


def delete_versioned(instance, *, expected_version):
    """Delete `instance` unless its row changed since `expected_version` (then EditConflict)."""
    with transaction.atomic():
        model = type(instance)
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is None or current.version != expected_version:
            raise _conflict(current, expected_version or 0)
        current.delete()

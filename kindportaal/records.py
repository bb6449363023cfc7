"""Saving and deleting records: checked against the model's rules and against concurrent edits,
and refused with a message people understand instead of a database error.

Services save through these (views show the outcome with kindportaal.editing):

    save_checked(location)                                    # a new record
    save_checked(location, expected_version=version)          # an edit of a VersionedModel
    save_checked(meeting, changes={"attendees": people, ...}) # many-to-many set after the save
    delete_checked(organisation, expected_version=version)    # DeletionRefused while still in use
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kindportaal.concurrency import VersionedModel, delete_versioned, save_versioned

# How many linked records a refused deletion names per kind before it summarises the rest.
BLOCKERS_SHOWN = 10


@dataclass
class Blockers:
    label: str
    names: list[str]
    more: int = 0


class DeletionRefused(ValidationError):
    """Other records still need this one (on_delete=PROTECT); `blockers` says which."""

    def __init__(self, instance, blockers: list[Blockers]):
        self.blockers = blockers
        super().__init__(
            _("“%(name)s” cannot be deleted while other records are linked to it."),
            params={"name": str(instance)},
        )


def _blockers(objects) -> list[Blockers]:
    grouped: dict = {}
    for obj in objects:
        grouped.setdefault(type(obj), []).append(str(obj))
    return [
        Blockers(
            label=capfirst(model._meta.verbose_name_plural),
            names=sorted(names)[:BLOCKERS_SHOWN],
            more=max(len(names) - BLOCKERS_SHOWN, 0),
        )
        for model, names in sorted(grouped.items(), key=lambda item: item[0]._meta.label)
    ]


def save_checked(instance, *, changes: Mapping[str, Any] | None = None, expected_version=None):
    """Apply `changes` (field name to value), validate `instance` as a form would, then save it:
    a new record as it is, an existing VersionedModel only while its version is still
    `expected_version` (else EditConflict). The many-to-many fields among `changes` are set once
    the record is saved.

    A database constraint that fails anyway, because someone saved a clashing record at the same
    moment, becomes a ValidationError instead of an error page.
    """
    changes = dict(changes or {})
    many = {name: changes.pop(name) for name in list(changes) if _many_to_many(instance, name)}
    for field, value in changes.items():
        setattr(instance, field, value)
    instance.full_clean()
    try:
        with transaction.atomic():
            if instance._state.adding or not isinstance(instance, VersionedModel):
                instance.save()
            else:
                save_versioned(instance, expected_version=expected_version)
    except type(instance).DoesNotExist as error:
        raise ValidationError(
            _("Someone else has deleted this in the meantime; it can no longer be saved.")
        ) from error
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Someone else saved something that clashes with this at the same moment. "
                "Check what you entered and save again."
            )
        ) from error
    for name, value in many.items():
        getattr(instance, name).set(value)
    return instance


def _many_to_many(instance, name):
    try:
        return instance._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


def delete_checked(instance, *, expected_version=None):
    """Delete `instance`; EditConflict when a VersionedModel changed since `expected_version`,
    DeletionRefused while other records still need it. Deleting what is already gone is done."""
    model = type(instance)
    try:
        with transaction.atomic():
            if isinstance(instance, VersionedModel):
                delete_versioned(instance, expected_version=expected_version)
            else:
                model._default_manager.filter(pk=instance.pk).select_for_update().get().delete()
    except model.DoesNotExist:
        return
    except ProtectedError as error:
        raise DeletionRefused(instance, _blockers(error.protected_objects)) from error

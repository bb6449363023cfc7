"""Edits that cross: lock_versioned, save_versioned and delete_versioned refuse a stale version, and
the form tells who changed what and when, keeps what was typed and saves again on request."""

import pytest
from django.apps import apps
from django.db import transaction
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation

from kindportaal.concurrency import (
    EditConflict,
    VersionedModel,
    delete_versioned,
    lock_versioned,
    save_versioned,
)
from kindportaal.models import Wijk
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db


def test_lock_versioned_returns_the_stored_row_or_raises_a_conflict(policy_officer):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    stale = Wijk.objects.get(pk=wijk.pk)
    stale.name = "Binnenstad (niet opgeslagen)"
    with transaction.atomic():
        current = lock_versioned(stale, expected_version=1)
    assert (current.name, current.version) == ("Centrum", 1)

    theirs = Wijk.objects.get(pk=wijk.pk)
    theirs.children_0_4 = 500
    theirs._history_user = policy_officer
    save_versioned(theirs, expected_version=1)
    with pytest.raises(EditConflict) as raised, transaction.atomic():
        lock_versioned(stale, expected_version=1)
    assert [(c.old, c.new) for c in raised.value.changes] == [("400", "500")]
    assert raised.value.current.version == 2


def wijk_form(wijk, **changes):
    data = {
        "name": wijk.name,
        "cbs_code": wijk.cbs_code,
        "children_0_4": wijk.children_0_4,
        "children_4_12": wijk.children_4_12 or "",
        "reference_year": wijk.reference_year or "",
        "version": wijk.version,
    }
    return {**data, **changes}


def test_the_form_of_a_stale_edit_says_who_changed_what_and_when_and_saves_on_request(
    client_for, policy_officer, administrator
):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    opened = wijk_form(wijk)
    mine = client_for(policy_officer)
    url = reverse("kindcentra:wijk_edit", args=[wijk.pk])
    assert f'name="version" value="{wijk.version}"' in mine.get(url).content.decode()

    # Someone else saves twice while the form is open.
    for children in (450, 520):
        theirs = Wijk.objects.get(pk=wijk.pk)
        theirs.children_0_4 = children
        theirs._history_user = administrator
        save_versioned(theirs, expected_version=theirs.version)
    latest = Wijk.objects.get(pk=wijk.pk).history.first()

    html = mine.post(url, {**opened, "name": "Binnenstad"}).content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen." in html
    with translation.override("nl"):
        when = date(timezone.localtime(latest.history_date), "j F Y H:i")
    assert f"{administrator} heeft het opgeslagen op {when}." in html
    assert "kinderen 0–4: “400” werd “520”" in html
    assert 'value="Binnenstad"' in html  # what I typed is still there
    assert 'name="version" value="3"' in html  # the form now holds the version I have seen
    assert Wijk.objects.get(pk=wijk.pk).name == "Centrum"

    # Saving again is a deliberate choice, and overwrites their change with mine.
    mine.post(url, {**opened, "name": "Binnenstad", "version": 3})
    saved = Wijk.objects.get(pk=wijk.pk)
    assert (saved.name, saved.children_0_4, saved.version) == ("Binnenstad", 400, 4)


def test_a_conflict_without_the_version_shown_lists_no_changes(administrator):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    theirs = Wijk.objects.get(pk=wijk.pk)
    theirs.children_0_4 = 500
    theirs._history_user = administrator
    save_versioned(theirs, expected_version=1)
    for refuse in (save_versioned, delete_versioned):
        with pytest.raises(EditConflict) as raised:
            refuse(Wijk.objects.get(pk=wijk.pk), expected_version=None)
        # Nobody knows what the form showed, so nothing is listed as changed since then.
        assert (raised.value.changes, raised.value.who) == ([], str(administrator))
    with pytest.raises(EditConflict) as raised:
        delete_versioned(Wijk.objects.get(pk=wijk.pk), expected_version=1)
    assert [(c.old, c.new) for c in raised.value.changes] == [("400", "500")]
    assert Wijk.objects.filter(pk=wijk.pk).exists()


def test_saving_some_fields_saves_those_and_the_new_version_only():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    wijk.name = "Binnenstad"
    wijk.children_0_4 = 999  # changed in memory, not among the fields to save
    save_versioned(wijk, expected_version=1, update_fields=["name"])
    saved = Wijk.objects.get(pk=wijk.pk)
    assert (saved.name, saved.children_0_4, saved.version) == ("Binnenstad", 400, 2)


def test_every_model_people_edit_keeps_the_history_a_conflict_tells_from():
    versioned = [model for model in apps.get_models() if issubclass(model, VersionedModel)]
    assert versioned
    assert [model.__name__ for model in versioned if not hasattr(model, "history")] == []

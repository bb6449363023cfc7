"""lock_versioned: a service locks the row and hears about a stale version before it checks more."""

import pytest
from django.db import transaction

from kindportaal.concurrency import EditConflict, lock_versioned, save_versioned
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

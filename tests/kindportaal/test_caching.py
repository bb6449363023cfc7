"""The data versions kept pages are keyed on (kindportaal.caching): every save, delete or
many-to-many change of an app's model raises that app's number and no other's; a write past the
model layer is marked by bump(). What a kept page then shows:
tests/kindportaal/test_page_cache.py."""

import pytest

from kindportaal.caching import bump, versions
from kindportaal.models import Wijk
from tests.agenda.factories import AgreementFactory
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db


def version(app):
    return versions((app,))


def test_a_save_and_a_delete_raise_their_apps_version_and_no_other():
    budgets = version("budgets")
    seen = [version("kindportaal")]
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    seen.append(version("kindportaal"))
    wijk.children_0_4 = 450
    wijk.save()
    seen.append(version("kindportaal"))
    wijk.delete()
    seen.append(version("kindportaal"))

    assert len(set(seen)) == 4, seen
    assert version("budgets") == budgets


def test_a_many_to_many_change_raises_the_version():
    agreement = AgreementFactory()
    before = version("agenda")
    agreement.parties.clear()
    assert version("agenda") != before


def test_an_update_past_the_model_layer_is_marked_by_hand():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    before = version("kindportaal")
    Wijk.objects.filter(pk=wijk.pk).update(children_0_4=500)
    assert version("kindportaal") == before  # the signals do not see it
    bump("kindportaal")
    assert version("kindportaal") != before

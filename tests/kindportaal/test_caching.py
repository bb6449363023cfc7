"""The data versions kept pages are keyed on (kindportaal.caching): every statement that writes
to an app's table raises that app's number and no other's, whatever makes it (a save, a delete, a
many-to-many change, `update()`, `bulk_create`, `loaddata`, raw SQL). What a kept page then shows:
tests/kindportaal/test_page_cache.py."""

import json

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from agenda.models import Agreement
from kindportaal import caching
from kindportaal.caching import versions
from kindportaal.models import Notice, NoticeKind, User, Wijk
from tests.agenda.factories import AgreementFactory
from tests.kindportaal.factories import UserFactory, WijkFactory

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


def test_an_update_past_the_model_layer_raises_the_version():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    before = version("kindportaal")
    Wijk.objects.filter(pk=wijk.pk).update(children_0_4=500)
    assert version("kindportaal") != before
    agenda = version("agenda")
    Agreement.objects.filter(pk=AgreementFactory().pk).update(title="Anders")
    assert version("agenda") != agenda


def test_bulk_writes_and_raw_sql_raise_the_version():
    before = version("kindportaal")
    Wijk.objects.bulk_create(
        [Wijk(name="Noord", cbs_code="WK000001"), Wijk(name="Zuid", cbs_code="WK000002")]
    )
    after_bulk = version("kindportaal")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE kindportaal_wijk SET children_0_4 = 1")
    assert len({before, after_bulk, version("kindportaal")}) == 3


def test_loading_a_fixture_raises_the_version(tmp_path):
    fixture = tmp_path / "wijk.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "kindportaal.wijk",
                    "fields": {"name": "Oost", "cbs_code": "WK000003", "version": 1},
                }
            ]
        )
    )
    before = version("kindportaal")
    call_command("loaddata", str(fixture), verbosity=0)
    assert Wijk.objects.filter(name="Oost").exists()
    assert version("kindportaal") != before


def test_a_login_and_the_notices_leave_the_version_as_it_was():
    user = UserFactory()
    before = version("kindportaal")
    user_logged_in.send(sender=User, request=None, user=user)  # saves last_login only
    Notice.objects.create(recipient=user, kind=NoticeKind.values[0], key="k", subject="Nieuw")
    Notice.objects.filter(recipient=user).update(read_at=timezone.now())
    assert version("kindportaal") == before
    user.first_name = "Anders"
    user.save()
    assert version("kindportaal") != before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_raises_the_number_at_once_and_once_more_when_it_commits():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    start = int(version("kindportaal"))
    with transaction.atomic():
        for children in range(10):
            Wijk.objects.filter(pk=wijk.pk).update(children_0_4=children)
        assert int(version("kindportaal")) == start + 10
    assert int(version("kindportaal")) == start + 11


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_does_not_lose_the_raise_on_commit():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    with transaction.atomic():
        try:
            with transaction.atomic():
                wijk.save()
                raise RuntimeError
        except RuntimeError:
            pass
        Wijk.objects.filter(pk=wijk.pk).update(children_0_4=1)
        during = int(version("kindportaal"))
    assert int(version("kindportaal")) == during + 1


def test_a_request_reads_the_numbers_once_and_again_after_it_writes():
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    caching._request_started()  # as at the start of a request (its signal closes the db)
    try:
        first = version("kindportaal")
        cache.incr("dataversion:kindportaal")  # another process's change, seen next request
        assert version("kindportaal") == first
        wijk.save()  # this request's own change
        assert version("kindportaal") not in (first, None)
    finally:
        caching._request_finished()
    assert int(version("kindportaal")) > int(first) + 1

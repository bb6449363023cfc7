"""Exports within each person's limits (kindportaal/limits.py): one at a time and a number per
minute, a Dutch 429 page with Retry-After beyond them, nobody else held up, and no limit at all
when Redis cannot count. A streamed CSV holds every row, its formulas neutralised; an XLSX too
long to make in the request offers the CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kindportaal import settings as portal_settings
from partners.models import Organisation, OrganisationKind
from tests.kindportaal.test_cache_outage import NOBODY_LISTENS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _the_deployed_limits(settings):
    """The limits as deployed (the suite lifts them for every other test, tests/conftest.py)."""
    settings.EXPENSIVE_CONCURRENT = portal_settings.EXPENSIVE_CONCURRENT
    settings.EXPENSIVE_PER_MINUTE = portal_settings.EXPENSIVE_PER_MINUTE
    assert (settings.EXPENSIVE_CONCURRENT, settings.EXPENSIVE_PER_MINUTE) == (1, 10)


LIST = reverse("partners:organisation_list")
FORMULAS = ['=HYPERLINK("http://x")', "+31 20 123", "-2+3", "@SUM(A1)", "\t=1+1"]


def organisations(count, names=None):
    names = names or [f"Organisatie {number:05}" for number in range(count)]
    Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.CHILDCARE, name=name, kvk_number=f"{60000000 + number}")
        for number, name in enumerate(names)
    )


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_a_second_export_while_the_first_still_streams_gets_the_dutch_429_page(
    client_for, policy_officer
):
    organisations(3)
    client = client_for(policy_officer)
    first = client.get(LIST, {"export": "csv"})
    assert first.streaming  # not read yet: the download still runs

    second = client.get(LIST, {"export": "xlsx"})

    assert second.status_code == 429
    assert second["Retry-After"] == "10"
    text = second.content.decode()
    assert "Je vorige download wordt nog gemaakt" in text
    assert "over ongeveer 10 seconden" in text
    assert '<h1 class="utrecht-heading-1">Even geduld</h1>' in text

    assert len(csv_rows(first)) == 4  # the first one is complete, and gives its place back
    assert client.get(LIST, {"export": "xlsx"}).status_code == 200


def test_an_export_over_the_limit_is_refused_before_the_view_or_the_database(
    client_for, policy_officer
):
    organisations(3)
    client = client_for(policy_officer)
    client.get(LIST)  # the person is known to the process, as after any page
    running = client.get(LIST, {"export": "csv"})
    with CaptureQueriesContext(connection) as queries:
        refused = client.get(LIST, {"export": "csv"})
    assert refused.status_code == 429
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert "private" in refused["Cache-Control"]
    assert len(csv_rows(running)) == 4


def test_one_persons_running_export_does_not_hold_up_anothers(
    client_for, policy_officer, council_member
):
    organisations(3)
    running = client_for(policy_officer).get(LIST, {"export": "csv"})
    other = client_for(council_member).get(LIST, {"export": "csv"})
    assert other.status_code == 200
    assert len(csv_rows(other)) == 4
    assert len(csv_rows(running)) == 4


def test_more_exports_a_minute_than_the_limit_wait_until_the_minute_is_over(
    client_for, policy_officer, settings
):
    settings.EXPENSIVE_PER_MINUTE = 3
    organisations(2)
    client = client_for(policy_officer)
    for _ in range(3):
        download = client.get(LIST, {"export": "xlsx"})
        assert download.status_code == 200
        download.getvalue()  # read to its end, so only the minute's count holds the next back

    refused = client.get(LIST, {"export": "xlsx"})

    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 61
    text = refused.content.decode()
    assert "meer dan 3 downloads gevraagd" in text
    assert f"Probeer het over {seconds} seconden opnieuw" in text
    # the list itself is not limited
    assert client.get(LIST).status_code == 200


def test_an_export_that_fails_gives_its_place_back(client_for, policy_officer, monkeypatch):
    from kindportaal import exports

    organisations(1)
    client = client_for(policy_officer)
    monkeypatch.setattr(exports, "_xlsx_stream", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        client.get(LIST, {"export": "xlsx"})
    monkeypatch.undo()
    assert client.get(LIST, {"export": "xlsx"}).status_code == 200


@pytest.mark.redis
def test_without_redis_exports_are_not_limited_rather_than_refused(
    settings, client_for, policy_officer
):
    organisations(2)
    client = client_for(policy_officer)
    suite = settings.CACHES
    settings.CACHES = {"default": {**suite["default"], "LOCATION": NOBODY_LISTENS}}
    try:
        first = client.get(LIST, {"export": "csv"})
        second = client.get(LIST, {"export": "csv"})
        assert (first.status_code, second.status_code) == (200, 200)
        assert len(csv_rows(second)) == len(csv_rows(first)) == 3
    finally:
        settings.CACHES = suite


def test_a_streamed_csv_holds_every_row_with_its_formulas_neutralised(client_for, policy_officer):
    # More rows than one chunk the export reads at a time (2,000), so the stream goes on.
    names = [f"{FORMULAS[number % len(FORMULAS)]} {number:05}" for number in range(4_100)]
    organisations(len(names), names)
    response = client_for(policy_officer).get(LIST, {"export": "csv", "sort": "name"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"

    header, *rows = csv_rows(response)

    assert header[0] == "Naam"
    assert len(rows) == len(names)
    exported = [row[0] for row in rows]
    assert sorted(exported) == sorted("'" + name for name in names)
    assert all(cell.startswith("'") for cell in exported)


def test_an_xlsx_over_its_bound_offers_the_csv_instead(client_for, policy_officer, settings):
    settings.EXPORT_XLSX_MAX_ROWS = 2
    organisations(3)
    client = client_for(policy_officer)

    page = client.get(LIST, {"export": "xlsx", "q": "Organisatie"})

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert "Te veel rijen voor Excel (XLSX)" in text
    assert "Deze lijst heeft 3 rijen; een Excel-bestand wordt gemaakt voor hoogstens 2" in text
    assert 'href="?export=csv&amp;q=Organisatie"' in text
    assert 'href="?q=Organisatie"' in text

    settings.EXPORT_XLSX_MAX_ROWS = 3
    sheet = load_workbook(io.BytesIO(client.get(LIST, {"export": "xlsx"}).getvalue())).active
    assert sheet.max_row == 4

"""The helpers every app builds on: export, lists, history, edit conflicts and charts."""

import csv
import io
from decimal import Decimal
from operator import attrgetter
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from openpyxl import load_workbook

from kindportaal.charts import Chart, Series
from kindportaal.concurrency import EditConflict, save_versioned
from kindportaal.exports import ExportColumn, export_response
from kindportaal.history import history_entries
from kindportaal.listing import Column, ListFilterForm, ListSpec, list_response
from kindportaal.models import Wijk
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_export_is_for_dutch_spreadsheets_and_defuses_formulas():
    response = export_response(
        name="Geldstromen",
        columns=[ExportColumn("Naam"), ExportColumn("Bedrag", "money"), ExportColumn("Actief")],
        rows=[
            ['=HYPERLINK("http://evil")', Decimal("1234.5"), True],
            ["Eigen middelen", None, False],
        ],
        fmt="csv",
    )
    content = body(response).decode("utf-8")
    assert content.startswith("\ufeffNaam;Bedrag;Actief")
    assert response["Content-Disposition"].startswith('attachment; filename="geldstromen-')
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "1234,50", "ja"]
    assert rows[2] == ["Eigen middelen", "", "nee"]


def test_xlsx_export_keeps_numbers_as_numbers():
    response = export_response(
        name="Geldstromen",
        columns=[ExportColumn("Naam"), ExportColumn("Bedrag", "money")],
        rows=[["SPUK OAB", Decimal("1500000.25")]],
        fmt="xlsx",
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [cell.value for cell in sheet[1]] == ["Naam", "Bedrag"]
    assert sheet["B2"].value == pytest.approx(1500000.25)
    assert "€" in sheet["B2"].number_format


class WijkFilters(ListFilterForm):
    search_fields = ("name", "cbs_code")


WIJKEN = ListSpec(
    name="Wijken",
    columns=[
        Column("name", "Naam", attrgetter("name"), order_by="name"),
        Column(
            "young",
            "Kinderen 0–4",
            attrgetter("children_0_4"),
            kind="number",
            order_by="children_0_4",
        ),
    ],
    filter_form=WijkFilters,
    default_sort="name",
    per_page=2,
)


def render_list(query):
    request = RequestFactory().get("/wijken/", query)
    request.user = AnonymousUser()
    return list_response(
        request, Wijk.objects.all(), spec=WIJKEN, template_name="components/list.html"
    )


def test_list_searches_sorts_paginates_and_exports_what_it_shows():
    for name, young in [
        ("Centrum", 400),
        ("Oosterpark", 900),
        ("Oostrand", 100),
        ("Westhaven", 650),
    ]:
        WijkFactory(name=name, children_0_4=young)
    html = render_list({"q": "oost", "sort": "-young"}).content.decode()
    assert html.index("Oosterpark") < html.index("Oostrand")
    assert "Centrum" not in html
    assert 'aria-sort="descending"' in html
    assert "2 resultaten" in html

    paged = render_list({"sort": "name", "page": "2"}).content.decode()
    assert "Oostrand" in paged and "Westhaven" in paged and "Centrum" not in paged

    exported = body(render_list({"q": "oost", "sort": "-young", "export": "csv"})).decode()
    lines = exported.lstrip("\ufeff").strip().splitlines()
    assert lines == ["Naam;Kinderen 0–4", "Oosterpark;900", "Oostrand;100"]


def test_list_ignores_unknown_sorting_and_pages_without_error():
    WijkFactory(name="Centrum")
    html = render_list({"sort": "password", "page": "9999"}).content.decode()
    assert "Centrum" in html
    html = render_list({"q": "x" * 500}).content.decode()
    assert "Zorg dat deze waarde niet meer dan 100 tekens bevat" in html


def test_history_shows_who_changed_which_field(policy_officer):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    wijk.children_0_4 = 450
    wijk._history_user = policy_officer
    wijk.save()
    entries = history_entries(wijk)
    assert [entry.kind for entry in entries] == ["~", "+"]
    change = entries[0].changes[0]
    assert (change.label, change.old, change.new) == ("kinderen 0–4", "400", "450")
    assert entries[0].who == str(policy_officer)


def test_a_stale_save_raises_a_conflict_with_the_other_change(policy_officer):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    opened_at = wijk.version
    mine = Wijk.objects.get(pk=wijk.pk)

    theirs = Wijk.objects.get(pk=wijk.pk)
    theirs.children_0_4 = 500
    theirs._history_user = policy_officer
    save_versioned(theirs, expected_version=opened_at)

    mine.name = "Binnenstad"
    with pytest.raises(EditConflict) as raised:
        save_versioned(mine, expected_version=opened_at)
    conflict = raised.value
    assert conflict.who == str(policy_officer)
    assert [(c.label, c.old, c.new) for c in conflict.changes] == [("kinderen 0–4", "400", "500")]
    assert Wijk.objects.get(pk=wijk.pk).name == "Centrum"

    save_versioned(mine, expected_version=conflict.current.version)
    saved = Wijk.objects.get(pk=wijk.pk)
    assert (saved.name, saved.children_0_4, saved.version) == ("Binnenstad", 400, 3)


def test_charts_are_accessible_svg_with_their_numbers_as_a_table():
    chart = Chart(
        title="Bereik VVE",
        description="Het bereik stijgt van 62 naar 74 procent.",
        categories=["2023", "2024", "2025"],
        series=[Series("Bereik", [Decimal("62"), Decimal("68.5"), Decimal("74")])],
        unit="%",
        targets=[("2025", Decimal("85"))],
    )
    svg = str(chart.svg())
    tree = ElementTree.fromstring(svg)
    assert tree.get("role") == "img"
    title_id, desc_id = tree.get("aria-labelledby").split()
    ns = "{http://www.w3.org/2000/svg}"
    assert tree.find(f"{ns}title").text == "Bereik VVE"
    assert tree.find(f"{ns}title").get("id") == title_id
    assert tree.find(f"{ns}desc").get("id") == desc_id
    assert "74\u00a0%" in svg
    header, rows = chart.formatted_table()
    assert header == ["", "Bereik"]
    assert rows == [["2023", "62\u00a0%"], ["2024", "68,5\u00a0%"], ["2025", "74\u00a0%"]]
    other = Chart(
        title="x", description="y", categories=["a"], series=[Series("s", [1])], kind="bar"
    )
    assert ElementTree.fromstring(str(other.svg())).get("aria-labelledby") != tree.get(
        "aria-labelledby"
    )


@pytest.mark.parametrize("kind", ["line", "bar", "stacked", "hbar"])
def test_every_chart_kind_draws_valid_svg_even_without_data(kind):
    chart = Chart(
        title="Leeg",
        description="Nog geen gegevens.",
        categories=["2024", "2025"],
        series=[Series("A", [None, None]), Series("B", [Decimal(3), None])],
        kind=kind,
    )
    ElementTree.fromstring(str(chart.svg()))

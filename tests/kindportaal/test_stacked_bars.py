"""Horizontal stacked bars: one bar per category, its parts told apart by pattern, the total
written at its end, a legend that wraps instead of running off the picture."""

from decimal import Decimal
from xml.etree import ElementTree

from kindportaal.charts import Chart, Series

NS = "{http://www.w3.org/2000/svg}"


def chart(**overrides):
    return Chart(
        title="Afspraken per thema",
        description="Per thema het aantal afspraken naar status.",
        categories=["VVE en onderwijsachterstanden", "Doorgaande leerlijn"],
        series=[
            Series("Concept", [2, 0]),
            Series("In uitvoering", [3, None]),
            Series("Gerealiseerd", [1, 4]),
        ],
        kind="hstacked",
        category_label="Thema",
        **overrides,
    )


def test_each_category_is_one_bar_of_its_parts_with_the_total_at_the_end():
    tree = ElementTree.fromstring(str(chart().svg()))
    parts = [
        rect.find(f"{NS}title").text
        for rect in tree.iter(f"{NS}rect")
        if rect.find(f"{NS}title") is not None
    ]
    # Nothing is drawn for zero or no value.
    assert parts == ["Concept: 2", "In uitvoering: 3", "Gerealiseerd: 1", "Gerealiseerd: 4"]
    texts = [text.text for text in tree.iter(f"{NS}text")]
    assert texts[:2] == ["VVE en onderwijsachterstanden", "6"]
    assert texts[2:4] == ["Doorgaande leerlijn", "4"]
    fills = {
        rect.get("fill") for rect in tree.iter(f"{NS}rect") if rect.find(f"{NS}title") is not None
    }
    assert len(fills) == 3  # one pattern per series


def test_the_parts_of_a_bar_lie_end_to_end():
    tree = ElementTree.fromstring(str(chart().svg()))
    first_bar = [
        rect
        for rect in tree.iter(f"{NS}rect")
        if rect.find(f"{NS}title") is not None and rect.get("y") == "23"
    ]
    ends = [float(r.get("x")) + float(r.get("width")) for r in first_bar[:-1]]
    starts = [float(r.get("x")) for r in first_bar[1:]]
    assert [round(x, 1) for x in ends] == [round(x, 1) for x in starts]


def test_the_table_names_what_the_categories_are():
    header, rows = chart().table()
    assert header == ["Thema", "Concept", "In uitvoering", "Gerealiseerd"]
    assert rows[1] == ["Doorgaande leerlijn", 0, None, 4]


def test_a_long_legend_wraps_and_the_picture_grows_to_hold_it():
    many = [Series(f"Een lange naam van reeks {number}", [Decimal(1)]) for number in range(6)]
    wide = Chart(title="t", description="d", categories=["a"], series=many, kind="hstacked")
    tree = ElementTree.fromstring(str(wide.svg()))
    height = float(tree.get("height"))
    legend = [t for t in tree.iter(f"{NS}text") if (t.text or "").startswith("Een lange naam")]
    assert len({t.get("y") for t in legend}) > 1
    assert all(float(t.get("x")) + 7 * len(t.text) <= wide.width + 10 for t in legend)
    assert all(float(t.get("y")) < height for t in legend)


def test_without_any_value_it_still_draws_valid_svg():
    empty = Chart(
        title="Leeg",
        description="Nog niets.",
        categories=["2024", "2025"],
        series=[Series("A", [None, None]), Series("B", [0, None])],
        kind="hstacked",
    )
    ElementTree.fromstring(str(empty.svg()))


def test_numbers_are_rounded_to_what_is_shown_not_cut_off():
    money = Chart(
        title="Geld",
        description="Per jaar.",
        categories=["2025"],
        series=[Series("Gerealiseerd", [Decimal("9711393.60")])],
        kind="bar",
        unit="€",
        decimals=0,
    )
    assert money.formatted_table()[1] == [["2025", "€\u00a09.711.394"]]
    assert "€\u00a09.711.394" in str(money.svg())

"""Chart labels have room: long category names wrap instead of running off the picture, value
labels that do not fit over bars turn the chart on its side, a line's end labels move apart, and
a chart of one data point is a sentence."""

from decimal import Decimal
from xml.etree import ElementTree

from kindportaal.charts import Chart, Series, text_width

NS = "{http://www.w3.org/2000/svg}"


def texts(chart):
    tree = ElementTree.fromstring(str(chart.svg()))
    return tree, list(tree.iter(f"{NS}text"))


def lines_of(text):
    spans = list(text.iter(f"{NS}tspan"))
    return [span.text for span in spans] if spans else [text.text]


def test_a_long_category_name_wraps_and_ends_where_it_still_fits_on_the_chart():
    long_label = "VVE en het verminderen van onderwijsachterstanden in de wijken van de stad"
    chart = Chart(
        title="Per thema",
        description="Afspraken per thema.",
        categories=[long_label, "Provincie"],
        series=[Series("Afspraken", [Decimal(10), Decimal(5)])],
        kind="hbar",
    )
    _tree, found = texts(chart)
    label = next(t for t in found if t.get("text-anchor") == "end" and len(lines_of(t)) > 1)
    assert " ".join(lines_of(label)) == long_label
    # Right-aligned at x: every line runs to the left of it and stays inside the picture.
    assert all(text_width(line) <= float(label.get("x")) for line in lines_of(label))


def test_value_labels_that_do_not_fit_over_their_bars_turn_the_chart_on_its_side():
    money = Chart(
        title="Geld per jaar",
        description="Per jaar.",
        categories=["2024", "2025", "2026", "2027", "2028"],
        series=[
            Series(name, [Decimal("12345678") + n for n in range(5)])
            for name in ("Beschikbaar", "Ontschot", "Begroot", "Gerealiseerd")
        ],
        kind="bar",
        unit="€",
        decimals=0,
        width=880,
    )
    tree, found = texts(money)
    values = [t for t in found if (t.text or "").startswith("€") and t.get("text-anchor") is None]
    assert len(values) == 20  # every value, each after its bar rather than over it
    assert float(tree.get("height")) > 20 * 20


def test_a_line_ends_with_one_label_per_value_and_they_do_not_overlap():
    goal = Chart(
        title="Traject",
        description="Gemeten en pad.",
        categories=["2024", "2025", "2026"],
        series=[
            Series("Gemeten", [Decimal(80), Decimal(85), Decimal(89)]),
            Series("Pad naar het doel", [Decimal(80), Decimal(85), Decimal(90)]),
        ],
        kind="line",
        unit="%",
        targets=[None, ("2026", Decimal(90))],
    )
    _tree, found = texts(goal)
    ends = [t for t in found if t.get("font-weight") == "bold"]
    assert sorted(t.text for t in ends) == ["89\u00a0%", "90\u00a0%"]  # the target once
    first, second = sorted(float(t.get("y")) for t in ends)
    assert second - first >= 14


def test_a_chart_of_one_data_point_is_a_sentence():
    one = Chart(
        title="Ontwikkeling",
        description="Per jaar.",
        categories=["2026"],
        series=[Series("Samenwerking", [3]), Series("Brede school", [2])],
        kind="hstacked",
    )
    assert one.is_single
    assert one.sentence() == "2026: Samenwerking 3, Brede school 2."
    two = Chart(title="t", description="d", categories=["2025", "2026"], series=[], kind="bar")
    assert not two.is_single

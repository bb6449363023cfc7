"""Horizontal bar charts leave room for long category labels instead of cutting them off."""

from decimal import Decimal
from xml.etree import ElementTree

from kindportaal.charts import Chart, Series

NS = "{http://www.w3.org/2000/svg}"


def label_positions(chart):
    tree = ElementTree.fromstring(str(chart.svg()))
    return {
        text.text: float(text.get("x"))
        for text in tree.iter(f"{NS}text")
        if text.get("text-anchor") == "end"
    }


def test_a_long_label_ends_where_it_still_fits_on_the_chart():
    long_label = "Gemeentefonds / integratie-uitkering"
    chart = Chart(
        title="Per bron",
        description="Ontschot en niet ontschot.",
        categories=[long_label, "Provincie"],
        series=[Series("Ontschot", [Decimal(10), Decimal(5)])],
        kind="hbar",
    )
    positions = label_positions(chart)
    # Right-aligned at x: the text runs about 7 px a character to the left of it.
    assert positions[long_label] >= 7 * len(long_label)
    assert positions["Provincie"] == positions[long_label]


def test_short_labels_keep_the_usual_margin():
    chart = Chart(
        title="Kort",
        description="Korte namen.",
        categories=["A", "B"],
        series=[Series("S", [Decimal(1), Decimal(2)])],
        kind="hbar",
    )
    assert set(label_positions(chart).values()) == {192.0}

"""Server-rendered, accessible SVG charts: the one chart module of the portal and the LEA document.

A Chart holds the numbers (categories × series); `chart.svg()` draws it and `chart.table()` gives
the same numbers as a table, so every picture is followed by its data. The SVG has a title and a
description for screen readers, and series differ by pattern and marker shape as well as colour,
with values written next to bars and at the end of lines, so colour is never the only carrier.
The output is plain SVG 1.1 that browsers and WeasyPrint both render.
"""

import itertools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import mark_safe

# Colour-blind-safe palette (Okabe–Ito), dark enough for text on white.
COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#5b5b5b", "#8a6d00"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
MARKERS = ["circle", "square", "triangle", "diamond", "cross", "circle-open"]
PATTERNS = ["solid", "diagonal", "dots", "crosshatch", "horizontal", "vertical"]
_ids = itertools.count(1)


def _number(value, decimals=None):
    if value is None:
        return "—"
    value = Decimal(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    # Rounded, not cut off (number_format drops the decimals it does not show).
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@dataclass
class Series:
    name: str
    values: list  # one per category; None where there is no value


@dataclass
class Chart:
    """Numbers to draw. `kind` is "line", "bar" (vertical, grouped), "hbar" (horizontal,
    grouped), "stacked" (vertical) or "hstacked" (horizontal, one bar per category)."""

    title: str
    description: str
    categories: list[str]
    series: list[Series]
    kind: str = "line"
    unit: str = ""
    decimals: int | None = None
    # A target per series for line charts (e.g. a goal's target): (category, value) or None.
    targets: list = field(default_factory=list)
    y_min: Decimal | None = None
    y_max: Decimal | None = None
    width: int = 640
    height: int = 320
    # The heading of the table's first column (what the categories are: year, wijk, theme).
    category_label: str = ""

    def format(self, value):
        text = _number(value, self.decimals)
        if value is None or not self.unit:
            return text
        if self.unit == "€":
            return f"€\u00a0{text}"
        return f"{text}\u00a0{self.unit}"

    def table(self):
        """(header, rows): the first column the category, then one column per series."""
        header = [self.category_label, *[series.name for series in self.series]]
        rows = [
            [category, *[series.values[index] for series in self.series]]
            for index, category in enumerate(self.categories)
        ]
        return header, rows

    def formatted_table(self):
        header, rows = self.table()
        return header, [[row[0], *[self.format(v) for v in row[1:]]] for row in rows]

    def svg(self):
        drawer = {
            "line": _line,
            "bar": _bars,
            "stacked": _bars,
            "hbar": _hbars,
            "hstacked": _hstacked,
        }[self.kind]
        return mark_safe(drawer(self))


# Drawing


def _values(chart):
    return [Decimal(v) for s in chart.series for v in s.values if v is not None]


def _scale(chart, stacked=False):
    values = _values(chart)
    if stacked:
        totals = [
            sum(Decimal(s.values[i] or 0) for s in chart.series)
            for i in range(len(chart.categories))
        ]
        values = totals or [Decimal(0)]
    targets = [Decimal(t[1]) for t in chart.targets if t]
    low = min([*values, *targets, Decimal(0)]) if chart.y_min is None else Decimal(chart.y_min)
    high = max([*values, *targets, Decimal(1)]) if chart.y_max is None else Decimal(chart.y_max)
    if high == low:
        high = low + 1
    step = _nice_step((high - low) / 4)
    high = ((high / step).to_integral_value(rounding="ROUND_CEILING")) * step
    low = ((low / step).to_integral_value(rounding="ROUND_FLOOR")) * step
    return low, high, step


def _nice_step(raw):
    raw = Decimal(raw) if raw > 0 else Decimal(1)
    exponent = raw.adjusted()
    base = Decimal(10) ** exponent
    for multiple in (1, 2, 2.5, 5, 10):
        step = base * Decimal(str(multiple))
        if step >= raw:
            return step
    return base * 10


def _new_id():
    return f"chart{next(_ids)}"


def _open(chart, uid, extra_defs="", height=None):
    height = height or chart.height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kp-chart" role="img" '
        f'viewBox="0 0 {chart.width} {height}" width="{chart.width}" '
        f'height="{height}" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="sans-serif" font-size="12">'
        f'<title id="{uid}-title">{escape(chart.title)}</title>'
        f'<desc id="{uid}-desc">{escape(chart.description)}</desc>'
        f"<defs>{extra_defs}</defs>"
    )


def _pattern_defs(uid, count):
    defs = []
    for index in range(count):
        colour = COLOURS[index % len(COLOURS)]
        kind = PATTERNS[index % len(PATTERNS)]
        pid = f"{uid}-p{index}"
        shapes = {
            "solid": "",
            "diagonal": '<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "crosshatch": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.5"/>',
            "horizontal": '<path d="M0,4 L8,4" stroke="#fff" stroke-width="2"/>',
            "vertical": '<path d="M4,0 L4,8" stroke="#fff" stroke-width="2"/>',
        }[kind]
        defs.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{shapes}</pattern>'
        )
    return "".join(defs)


def _axis(chart, left, top, right, bottom, low, high, step):
    parts = []
    value = low
    while value <= high:
        y = bottom - (value - low) / (high - low) * (bottom - top)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(chart.format(value))}</text>"
        )
        value += step
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>')
    return "".join(parts)


def _marker(kind, x, y, colour):
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" '
            f'fill="{colour}"/>'
        )
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
            f'L{x - 5:.1f},{y:.1f} Z" fill="{colour}"/>'
        )
    if kind == "cross":
        return (
            f'<path d="M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x + 4:.1f},{y - 4:.1f} '
            f'L{x - 4:.1f},{y + 4:.1f}" stroke="{colour}" stroke-width="2"/>'
        )
    if kind == "circle-open":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="{colour}" '
            f'stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _legend(chart, y, swatch):
    parts, x = [], 60
    for index, series in enumerate(chart.series):
        parts.append(swatch(index, x, y))
        parts.append(f'<text x="{x + 22}" y="{y + 4}" fill="#1a1a1a">{escape(series.name)}</text>')
        x += 30 + 7 * len(series.name)
    return "".join(parts)


def _line(chart):
    uid = _new_id()
    head = _open(chart, uid)
    left, right, top, bottom = 70, chart.width - 90, 20, chart.height - 60
    low, high, step = _scale(chart)
    count = max(len(chart.categories), 1)
    slot = (right - left) / max(count - 1, 1)

    def xy(index, value):
        x = left + (index * slot if count > 1 else (right - left) / 2)
        y = bottom - (Decimal(value) - low) / (high - low) * (bottom - top)
        return x, float(y)

    parts = [head, _axis(chart, left, top, right, bottom, low, high, step)]
    for index, category in enumerate(chart.categories):
        x = left + (index * slot if count > 1 else (right - left) / 2)
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#333">'
            f"{escape(str(category))}</text>"
        )
    for number, series in enumerate(chart.series):
        colour = COLOURS[number % len(COLOURS)]
        dash = DASHES[number % len(DASHES)]
        points = [xy(i, v) for i, v in enumerate(series.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash_attr}/>"
            )
        for x, y in points:
            parts.append(_marker(MARKERS[number % len(MARKERS)], x, y, colour))
        last = next(
            ((i, v) for i, v in reversed(list(enumerate(series.values))) if v is not None), None
        )
        if last is not None:
            x, y = xy(*last)
            parts.append(
                f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" fill="{colour}" font-weight="bold">'
                f"{escape(chart.format(last[1]))}</text>"
            )
        target = chart.targets[number] if number < len(chart.targets) else None
        if target:
            category, value = target
            if category in chart.categories:
                x, y = xy(chart.categories.index(category), value)
                parts.append(
                    f'<path d="M{x - 7:.1f},{y:.1f} L{x:.1f},{y - 7:.1f} L{x + 7:.1f},{y:.1f} '
                    f'L{x:.1f},{y + 7:.1f} Z" fill="none" stroke="{colour}" stroke-width="2"/>'
                    f'<text x="{x + 10:.1f}" y="{y - 8:.1f}" fill="#1a1a1a">'
                    f"{escape(chart.format(value))} ◇</text>"
                )

    def swatch(index, x, y):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<line x1="{x}" y1="{y}" x2="{x + 18}" y2="{y}" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>" + _marker(MARKERS[index % len(MARKERS)], x + 9, y, colour)
        )

    parts.append(_legend(chart, chart.height - 20, swatch))
    parts.append("</svg>")
    return "".join(parts)


def _bars(chart):
    stacked = chart.kind == "stacked"
    uid = _new_id()
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)))
    left, right, top, bottom = 70, chart.width - 20, 20, chart.height - 60
    low, high, step = _scale(chart, stacked=stacked)
    count = max(len(chart.categories), 1)
    group = (right - left) / count
    groups = 1 if stacked else max(len(chart.series), 1)
    bar = group * 0.7 / groups

    def y_of(value):
        return float(bottom - (Decimal(value) - low) / (high - low) * (bottom - top))

    parts = [head, _axis(chart, left, top, right, bottom, low, high, step)]
    for index, category in enumerate(chart.categories):
        x0 = left + index * group + group * 0.15
        base = Decimal(0)
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is None:
                continue
            value = Decimal(value)
            if stacked:
                y1, y2 = y_of(base + value), y_of(base)
                x = x0
                base += value
            else:
                y1, y2 = sorted((y_of(value), y_of(0)))
                x = x0 + number * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{max(y2 - y1, 0):.1f}" '
                f'fill="url(#{uid}-p{number})" stroke="#1a1a1a" stroke-width="0.5">'
                f"<title>{escape(series.name)}: {escape(chart.format(value))}</title></rect>"
            )
            if not stacked:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y1 - 4:.1f}" text-anchor="middle" '
                    f'font-size="10" fill="#1a1a1a">{escape(chart.format(value))}</text>'
                )
        if stacked:
            parts.append(
                f'<text x="{x0 + bar / 2:.1f}" y="{y_of(base) - 4:.1f}" text-anchor="middle" '
                f'font-size="10" fill="#1a1a1a">{escape(chart.format(base))}</text>'
            )
        parts.append(
            f'<text x="{left + index * group + group / 2:.1f}" y="{bottom + 16}" '
            f'text-anchor="middle" fill="#333">{escape(str(category))}</text>'
        )

    def swatch(index, x, y):
        return (
            f'<rect x="{x}" y="{y - 7}" width="18" height="14" fill="url(#{uid}-p{index})" '
            f'stroke="#1a1a1a" stroke-width="0.5"/>'
        )

    parts.append(_legend(chart, chart.height - 20, swatch))
    parts.append("</svg>")
    return "".join(parts)


def _label_width(chart):
    """Room for the longest category label (about 7 px a character), up to half the width."""
    longest = max((len(str(category)) for category in chart.categories), default=0)
    return max(200, min(chart.width // 2, 16 + 7 * longest))


def _row_label(category, left, y, row):
    """A category's name, right-aligned before its horizontal bar(s)."""
    return (
        f'<text x="{left - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end" fill="#1a1a1a">'
        f"{escape(str(category))}</text>"
    )


def _row_bar(chart, uid, number, value, x1, x2, y, row):
    """A horizontal bar (or part of one) of series `number` from x1 to x2, named by its title."""
    name = chart.series[number].name
    return (
        f'<rect x="{x1:.1f}" y="{y + 3}" width="{max(x2 - x1, 0):.1f}" '
        f'height="{row - 6}" fill="url(#{uid}-p{number})" stroke="#1a1a1a" '
        f'stroke-width="0.5"><title>{escape(name)}: '
        f"{escape(chart.format(value))}</title></rect>"
    )


def _hbars(chart):
    uid = _new_id()
    label_width = _label_width(chart)
    row = 22
    rows = len(chart.categories) * max(len(chart.series), 1)
    height = 40 + rows * row + (40 if len(chart.series) > 1 else 10)
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)), height=height)
    left, right = label_width, chart.width - 90
    low, high, _step = _scale(chart)
    low = min(low, Decimal(0))

    def x_of(value):
        return float(left + (Decimal(value) - low) / (high - low) * (right - left))

    parts = [head]
    y = 20
    for index, category in enumerate(chart.categories):
        parts.append(_row_label(category, left, y, row))
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is not None:
                x1, x2 = sorted((x_of(0), x_of(value)))
                parts.append(_row_bar(chart, uid, number, value, x1, x2, y, row))
                parts.append(
                    f'<text x="{x2 + 4:.1f}" y="{y + row / 2 + 4:.1f}" fill="#1a1a1a">'
                    f"{escape(chart.format(value))}</text>"
                )
            y += row
    parts.append(
        f'<line x1="{x_of(0):.1f}" y1="16" x2="{x_of(0):.1f}" y2="{y + 4}" stroke="#333"/>'
    )

    def swatch(index, x, sy):
        return (
            f'<rect x="{x}" y="{sy - 7}" width="18" height="14" fill="url(#{uid}-p{index})" '
            f'stroke="#1a1a1a" stroke-width="0.5"/>'
        )

    if len(chart.series) > 1:
        parts.append(_legend(chart, y + 24, swatch))
    parts.append("</svg>")
    return "".join(parts)


def _legend_rows(chart, left=60):
    """(series index, x, row) of each legend entry, wrapped onto more rows when needed."""
    entries, x, line = [], left, 0
    for index, series in enumerate(chart.series):
        width = 30 + 7 * len(series.name)
        if x > left and x + width > chart.width:
            x, line = left, line + 1
        entries.append((index, x, line))
        x += width
    return entries


def _hstacked(chart):
    """One horizontal bar per category, its series stacked left to right, the total at its end."""
    uid = _new_id()
    label_width = _label_width(chart)
    row = 24
    legend = _legend_rows(chart)
    legend_lines = (legend[-1][2] + 1) if legend else 0
    height = 30 + len(chart.categories) * row + 20 + 22 * legend_lines
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)), height=height)
    left, right = label_width, chart.width - 70
    _low, high, _step = _scale(chart, stacked=True)

    def x_of(value):
        return float(left + Decimal(value) / high * (right - left))

    parts = [head]
    y = 20
    for index, category in enumerate(chart.categories):
        parts.append(_row_label(category, left, y, row))
        base = Decimal(0)
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if not value:
                continue
            value = Decimal(value)
            parts.append(
                _row_bar(chart, uid, number, value, x_of(base), x_of(base + value), y, row)
            )
            base += value
        parts.append(
            f'<text x="{x_of(base) + 4:.1f}" y="{y + row / 2 + 4:.1f}" fill="#1a1a1a">'
            f"{escape(chart.format(base))}</text>"
        )
        y += row
    parts.append(f'<line x1="{left}" y1="16" x2="{left}" y2="{y + 4}" stroke="#333"/>')
    for index, x, line in legend:
        ly = y + 24 + 22 * line
        parts.append(
            f'<rect x="{x}" y="{ly - 7}" width="18" height="14" fill="url(#{uid}-p{index})" '
            f'stroke="#1a1a1a" stroke-width="0.5"/>'
            f'<text x="{x + 22}" y="{ly + 4}" fill="#1a1a1a">'
            f"{escape(chart.series[index].name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

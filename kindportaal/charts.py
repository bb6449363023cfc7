"""Server-rendered, accessible SVG charts: the one chart module of the portal and the LEA document.

A Chart holds the numbers (categories × series); `chart.svg()` draws it and `chart.table()` gives
the same numbers as a table, so every picture is followed by its data. The SVG has a title and a
description for screen readers, and series differ by pattern and marker shape as well as colour,
with values written next to bars and at the end of lines, so colour is never the only carrier.
The output is plain SVG 1.1 that browsers and WeasyPrint both render.

Every text is placed from its measured width (the advance widths of DejaVu Sans, the widest of
the fonts the SVG names), so no two labels overlap and none runs off the picture at any data size:
long category names wrap, legends wrap, value labels that would not fit over their bars turn the
chart on its side, end labels of lines move apart, and a label with no free place is left out
(its number stays in the table and in the bar's tooltip). A chart of one data point is a
sentence, not a picture (`is_single`).
"""

import itertools
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kindportaal import formatting

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
    # Rounded, not cut off (`number` drops the decimals it does not show).
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formatting.number(value, decimals)


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

    @property
    def table_header(self):
        return self.table()[0]

    def table_rows_html(self):
        """The rows of the numbers table (components/chart.html) as HTML, a category heading and
        a cell per series each: written here at once, since a template's loops and conditions
        per cell made a chart of a hundred wijken slow to render."""
        _header, rows = self.formatted_table()
        return mark_safe(
            "".join(
                '<tr><th class="utrecht-table__header-cell" scope="row">'
                f"{conditional_escape(localize(row[0]))}</th>"
                + "".join(f"<td>{conditional_escape(cell)}</td>" for cell in row[1:])
                + "</tr>"
                for row in rows
            )
        )

    @property
    def is_single(self):
        """One data point (one category, or a line with one value): a sentence says it better."""
        if self.kind == "line":
            filled = [
                i
                for i in range(len(self.categories))
                if any(s.values[i] is not None for s in self.series)
            ]
            return len(filled) <= 1
        return len(self.categories) <= 1

    def sentence(self):
        """The one data point in words: “2026: Samenwerking 3, Brede school 2.”"""
        if not self.categories:
            return ""
        index = next(
            (
                i
                for i in range(len(self.categories))
                if any(s.values[i] is not None for s in self.series)
            ),
            0,
        )
        values = ", ".join(
            f"{series.name} {self.format(series.values[index])}"
            for series in self.series
            if series.values[index] is not None
        )
        return f"{self.categories[index]}: {values}." if values else ""

    def svg(self):
        drawer = {
            "line": _line,
            "bar": _bars,
            "stacked": _bars,
            "hbar": _hbars,
            "hstacked": _hstacked,
        }[self.kind]
        return mark_safe(drawer(self))


# Measuring text

# Advance widths (em) of DejaVu Sans, the font Debian's browsers and WeasyPrint fall back to and
# about as wide as Verdana: measured with these, a label has room in any of the SVG's fonts.
_WIDTH_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
    "{|}~€–—◇éëïöüáàèç\u00a0’“”…·"
)
_WIDTHS = [
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
    0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752,
    0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732,
    0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55,
    0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635,
    0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636,
    0.838, 0.636, 0.5, 1.0, 0.769, 0.615, 0.615, 0.278, 0.612, 0.634, 0.613, 0.613, 0.615, 0.55,
    0.318, 0.318, 0.518, 0.518, 1.0, 0.318,
]  # fmt: skip
_EM = dict(zip(_WIDTH_CHARS, _WIDTHS, strict=True))
FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"
SIZE = 12  # the size of every label
SMALL = 11  # value labels over bars
LINE = 15  # the height of a line of labels


def text_width(text, size=SIZE, bold=False):
    """The width in px of `text` at `size` (an unknown character counts as a wide one)."""
    width = sum(_EM.get(char, 0.8) for char in str(text)) * size
    return width * (1.1 if bold else 1.0)


def wrap(text, width, size=SIZE):
    """`text` in lines of at most `width` px, broken between words (a longer word stays whole)."""
    lines, line = [], ""
    for word in str(text).split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines or [""]


def _text(x, y, text, *, anchor="start", size=SIZE, fill="#1a1a1a", bold=False, lines=None):
    """A text element; with `lines`, one tspan per line below each other from `y`."""
    attrs = f'x="{x:.1f}" y="{y:.1f}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size != SIZE:
        attrs += f' font-size="{size}"'
    if bold:
        attrs += ' font-weight="bold"'
    if not lines or len(lines) == 1:
        return f"<text {attrs}>{escape(str(lines[0] if lines else text))}</text>"
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if number == 0 else LINE}">{escape(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


class _Boxes:
    """The boxes of the labels placed so far, to find a free place for the next."""

    def __init__(self):
        self.boxes = []

    def free(self, box):
        x1, y1, x2, y2 = box
        return all(x2 <= a1 or x1 >= a2 or y2 <= b1 or y1 >= b2 for a1, b1, a2, b2 in self.boxes)

    def add(self, box):
        self.boxes.append(box)


def _label_box(x, baseline, width, size=SIZE, anchor="start"):
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left, baseline - size * 0.95, left + width, baseline + size * 0.3)


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


def _ticks(low, high, step):
    ticks, value = [], low
    while value <= high:
        ticks.append(value)
        value += step
    return ticks


def _new_id():
    return f"chart{next(_ids)}"


def _open(chart, uid, extra_defs="", height=None):
    height = round(height or chart.height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kp-chart" role="img" '
        f'viewBox="0 0 {chart.width} {height}" width="{chart.width}" '
        f'height="{height}" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{SIZE}">'
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


def _axis_width(chart, ticks):
    """Room left of the plot for the widest value on the axis."""
    return max(40, 14 + max(text_width(chart.format(value)) for value in ticks))


def _axis(chart, left, top, right, bottom, low, high, ticks):
    parts = []
    for value in ticks:
        y = bottom - float((value - low) / (high - low)) * (bottom - top)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            + _text(left - 6, y + 4, chart.format(value), anchor="end", fill="#333")
        )
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>')
    return "".join(parts)


def _category_step(labels, slot):
    """Every how many categories a label fits under the axis (all of them, ideally)."""
    widest = max((text_width(label) for label in labels), default=0) + 8
    if slot <= 0:
        return 1
    return max(1, math.ceil(widest / slot))


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


def _legend_layout(chart, left=16):
    """(series index, x, line) of each legend entry, wrapped onto more lines when needed."""
    entries, x, line = [], left, 0
    for index, series in enumerate(chart.series):
        width = 22 + text_width(series.name) + 18
        if x > left and x + width - 18 > chart.width - 4:
            x, line = left, line + 1
        entries.append((index, x, line))
        x += width
    return entries


def _legend_height(chart):
    if len(chart.series) < 2:
        return 0
    return 22 * (_legend_layout(chart)[-1][2] + 1) + 8


def _legend(chart, top, swatch):
    """The legend from `top` down: a swatch and the series' name, per entry."""
    if len(chart.series) < 2:
        return ""
    parts = []
    for index, x, line in _legend_layout(chart):
        y = top + 11 + 22 * line
        parts.append(swatch(index, x, y))
        parts.append(_text(x + 22, y + 4, chart.series[index].name))
    return "".join(parts)


def _bar_swatch(uid):
    def swatch(index, x, y):
        return (
            f'<rect x="{x}" y="{y - 7}" width="18" height="14" fill="url(#{uid}-p{index})" '
            f'stroke="#1a1a1a" stroke-width="0.5"/>'
        )

    return swatch


def _spread(wanted, low, high, gap=LINE):
    """Baselines near `wanted`, at least `gap` apart and between `low` and `high` as far as the
    room allows."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = {}
    previous = None
    for i in order:
        y = max(wanted[i], low)
        if previous is not None:
            y = max(y, previous + gap)
        placed[i] = previous = y
    following = None
    for i in reversed(order):  # what ran past the bottom moves up again
        y = min(placed[i], high)
        if following is not None:
            y = min(y, following - gap)
        placed[i] = following = y
    return [placed[i] for i in range(len(wanted))]


def _line(chart):
    uid = _new_id()
    low, high, step = _scale(chart)
    ticks = _ticks(low, high, step)
    count = max(len(chart.categories), 1)
    # End labels: each series' last value, and a target where no series ends on it already.
    ends = []
    for number, series in enumerate(chart.series):
        last = next(
            ((i, v) for i, v in reversed(list(enumerate(series.values))) if v is not None), None
        )
        if last is not None:
            ends.append((number, last[0], last[1], chart.format(last[1]), True))
    for number, target in enumerate(chart.targets):
        if not target or target[0] not in chart.categories:
            continue
        index = chart.categories.index(target[0])
        text = chart.format(target[1])
        if not any(e[1] == index and e[3] == text for e in ends):
            ends.append((number, index, target[1], text, False))
    end_room = max((text_width(e[3], bold=True) for e in ends), default=0) + 14
    left = _axis_width(chart, ticks)
    right = chart.width - max(end_room, 20)
    top = 16
    legend_height = _legend_height(chart)
    height = chart.height + legend_height - (40 if legend_height else 0)
    bottom = height - legend_height - 32
    slot = (right - left) / max(count - 1, 1)

    def x_of(index):
        return left + (index * slot if count > 1 else (right - left) / 2)

    def y_of(value):
        return bottom - float((Decimal(value) - low) / (high - low)) * (bottom - top)

    parts = [
        _open(chart, uid, height=height),
        _axis(chart, left, top, right, bottom, low, high, ticks),
    ]
    every = _category_step([str(c) for c in chart.categories], slot if count > 1 else right - left)
    for index, category in enumerate(chart.categories):
        if index % every == 0:
            x = x_of(index)
            width = text_width(str(category))
            # Kept inside the picture: the first and last labels may not be centred.
            x = min(max(x, width / 2 + 2), chart.width - width / 2 - 2)
            parts.append(_text(x, bottom + 20, category, anchor="middle", fill="#333"))
    # The first series is drawn last, on top: a goal's measured values over the path to it.
    for number in reversed(range(len(chart.series))):
        series = chart.series[number]
        colour = COLOURS[number % len(COLOURS)]
        dash = DASHES[number % len(DASHES)]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(series.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            width = 3 if number == 0 else 2
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dash_attr}/>'
            )
        for x, y in points:
            parts.append(_marker(MARKERS[number % len(MARKERS)], x, y, colour))
    for number, target in enumerate(chart.targets):
        if target and target[0] in chart.categories:
            x, y = x_of(chart.categories.index(target[0])), y_of(target[1])
            colour = COLOURS[number % len(COLOURS)]
            parts.append(
                f'<path d="M{x - 8:.1f},{y:.1f} L{x:.1f},{y - 8:.1f} L{x + 8:.1f},{y:.1f} '
                f'L{x:.1f},{y + 8:.1f} Z" fill="none" stroke="{colour}" stroke-width="2">'
                f"<title>{escape(chart.format(target[1]))}</title></path>"
            )
    baselines = _spread([y_of(e[2]) + 4 for e in ends], top + 8, bottom - 2)
    for (number, index, _value, text, _is_end), baseline in zip(ends, baselines, strict=True):
        parts.append(
            _text(
                x_of(index) + 10,
                baseline,
                text,
                fill=COLOURS[number % len(COLOURS)],
                bold=True,
            )
        )

    def swatch(index, x, y):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<line x1="{x}" y1="{y}" x2="{x + 18}" y2="{y}" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>" + _marker(MARKERS[index % len(MARKERS)], x + 9, y, colour)
        )

    parts.append(_legend(chart, bottom + 26, swatch))
    parts.append("</svg>")
    return "".join(parts)


def _bars(chart):
    """Vertical bars, while their values fit over them; else the same chart on its side."""
    stacked = chart.kind == "stacked"
    low, high, step = _scale(chart, stacked=stacked)
    ticks = _ticks(low, high, step)
    left = _axis_width(chart, ticks)
    right = chart.width - 12
    count = max(len(chart.categories), 1)
    group = (right - left) / count
    groups = 1 if stacked else max(len(chart.series), 1)
    bar = group * 0.8 / groups
    if stacked:
        labels = [
            chart.format(sum(Decimal(s.values[i] or 0) for s in chart.series))
            for i in range(len(chart.categories))
        ]
    else:
        labels = [chart.format(v) for s in chart.series for v in s.values if v is not None]
    widest_value = max((text_width(label, SMALL) for label in labels), default=0)
    widest_category = max((text_width(str(c)) for c in chart.categories), default=0)
    if widest_value + 2 > bar or widest_category + 6 > group:
        return _hstacked(chart) if stacked else _hbars(chart)
    uid = _new_id()
    legend_height = _legend_height(chart)
    height = chart.height + legend_height - (40 if legend_height else 0)
    top, bottom = 24, height - legend_height - 32
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)), height=height)

    def y_of(value):
        return bottom - float((Decimal(value) - low) / (high - low)) * (bottom - top)

    parts = [head, _axis(chart, left, top, right, bottom, low, high, ticks)]
    for index, category in enumerate(chart.categories):
        x0 = left + index * group + group * 0.1
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
                    _text(
                        x + bar / 2,
                        max(y1 - 4, top - 6),
                        chart.format(value),
                        anchor="middle",
                        size=SMALL,
                    )
                )
        if stacked:
            parts.append(
                _text(
                    x0 + bar / 2,
                    max(y_of(base) - 4, top - 6),
                    chart.format(base),
                    anchor="middle",
                    size=SMALL,
                )
            )
        parts.append(
            _text(
                left + index * group + group / 2,
                bottom + 20,
                category,
                anchor="middle",
                fill="#333",
            )
        )
    parts.append(_legend(chart, bottom + 26, _bar_swatch(uid)))
    parts.append("</svg>")
    return "".join(parts)


def _label_width(chart):
    """Room for the category labels: their longest line, wrapped at half the picture's width."""
    longest = max((text_width(str(category)) for category in chart.categories), default=0)
    return max(120, min(chart.width * 0.45, longest + 16))


def _row_lines(chart, label_width):
    return [wrap(str(category), label_width - 16) for category in chart.categories]


def _row_label(lines, left, y, height):
    """A category's name, right-aligned before its bar(s), its lines centred on them."""
    first = y + height / 2 + 4 - (len(lines) - 1) * LINE / 2
    return _text(left - 8, first, "", anchor="end", lines=lines)


def _row_bar(chart, uid, number, value, x1, x2, y, row):
    """A horizontal bar (or part of one) of series `number` from x1 to x2, named by its title."""
    name = chart.series[number].name
    return (
        f'<rect x="{x1:.1f}" y="{y + 3:.1f}" width="{max(x2 - x1, 0):.1f}" '
        f'height="{row - 6}" fill="url(#{uid}-p{number})" stroke="#1a1a1a" '
        f'stroke-width="0.5"><title>{escape(name)}: '
        f"{escape(chart.format(value))}</title></rect>"
    )


def _hbars(chart):
    uid = _new_id()
    label_width = _label_width(chart)
    lines = _row_lines(chart, label_width)
    row = 22
    bars = max(len(chart.series), 1)
    blocks = [max(bars * row, len(ls) * LINE + 8) + (6 if bars > 1 else 0) for ls in lines]
    values = [chart.format(v) for s in chart.series for v in s.values if v is not None]
    value_room = max((text_width(v) for v in values), default=0) + 12
    legend_height = _legend_height(chart)
    height = 20 + sum(blocks) + 8 + legend_height
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)), height=height)
    left, right = label_width, chart.width - value_room
    low, high, _step = _scale(chart)
    low = min(low, Decimal(0))

    def x_of(value):
        return left + float((Decimal(value) - low) / (high - low)) * (right - left)

    parts = [head]
    y = 14
    for index, block in enumerate(blocks):
        parts.append(_row_label(lines[index], left, y, block))
        bar_y = y + (block - bars * row) / 2
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is not None:
                x1, x2 = sorted((x_of(0), x_of(value)))
                parts.append(_row_bar(chart, uid, number, value, x1, x2, bar_y, row))
                parts.append(_text(x2 + 4, bar_y + row / 2 + 4, chart.format(value)))
            bar_y += row
        y += block
    parts.append(
        f'<line x1="{x_of(0):.1f}" y1="10" x2="{x_of(0):.1f}" y2="{y + 4}" stroke="#333"/>'
    )
    parts.append(_legend(chart, y + 12, _bar_swatch(uid)))
    parts.append("</svg>")
    return "".join(parts)


def _hstacked(chart):
    """One horizontal bar per category, its series stacked left to right, the total at its end."""
    uid = _new_id()
    label_width = _label_width(chart)
    lines = _row_lines(chart, label_width)
    row = 24
    blocks = [max(row, len(ls) * LINE + 8) for ls in lines]
    totals = [
        chart.format(sum(Decimal(s.values[i] or 0) for s in chart.series))
        for i in range(len(chart.categories))
    ]
    total_room = max((text_width(t) for t in totals), default=0) + 12
    legend_height = _legend_height(chart) if len(chart.series) > 1 else 0
    height = 20 + sum(blocks) + 8 + legend_height
    head = _open(chart, uid, _pattern_defs(uid, len(chart.series)), height=height)
    left, right = label_width, chart.width - total_room
    _low, high, _step = _scale(chart, stacked=True)

    def x_of(value):
        return left + float(Decimal(value) / high) * (right - left)

    parts = [head]
    y = 14
    for index, block in enumerate(blocks):
        parts.append(_row_label(lines[index], left, y, block))
        bar_y = y + (block - row) / 2
        base = Decimal(0)
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if not value:
                continue
            value = Decimal(value)
            parts.append(
                _row_bar(chart, uid, number, value, x_of(base), x_of(base + value), bar_y, row)
            )
            base += value
        parts.append(_text(x_of(base) + 4, bar_y + row / 2 + 4, chart.format(base)))
        y += block
    parts.append(f'<line x1="{left}" y1="10" x2="{left}" y2="{y + 4}" stroke="#333"/>')
    parts.append(_legend(chart, y + 12, _bar_swatch(uid)))
    parts.append("</svg>")
    return "".join(parts)

"""The overview at the top of the council's dashboard: headline figures for one period (and
wijk), and the map of the wijken coloured by a measure the reader picks.

Both are made from the sections' numbers (reports.selectors), so they count exactly what the
charts below them count, and follow the same visibility: the money only for those who may read
the budgets. The LEA document may use them as they are."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Agreement, Goal, Health
from agenda.selectors import BEHIND, NOT_MEASURED, ON_COURSE, REACHED, goal_progress
from kindcentra.models import Phase
from kindportaal.charts import FONT_FAMILY, text_width
from kindportaal.formatting import display_value
from kindportaal.geo import svg_paths
from kindportaal.models import Gemeente, Wijk
from reports.filters import DEFAULT_MEASURE
from reports.selectors import HEALTHS, RUNNING_STATUSES

# Goals


def goal_figures(scope):
    """Every goal of the scope's LEA period (in its theme) with where it stands."""
    if scope.agenda is None:
        return []
    goals = Goal.objects.filter(theme__agenda=scope.agenda)
    if scope.theme is not None:
        goals = goals.filter(theme=scope.theme)
    goals = goals.select_related("theme").prefetch_related("measurements")
    return [goal_progress(goal) for goal in goals.order_by("theme__order", "order", "pk")]


# Headline figures


@dataclass
class Money:
    year: int
    available: Decimal | None  # the gemeente's streams; None for a wijk (its kindcentra's share)
    budgeted: Decimal
    realised: Decimal
    pooled: Decimal

    @property
    def realised_share(self):
        return self.realised / self.budgeted * 100 if self.budgeted else None


@dataclass
class Headline:
    goals: list
    verdicts: dict  # verdict → number of goals
    kindcentra_total: int
    phases: list  # (label, count) from losse voorzieningen to integraal kindcentrum
    moved_up: int
    vve_per_100: Decimal | None
    childcare_per_100: Decimal | None
    norm_vve: Decimal | None
    norm_childcare: Decimal | None
    healths: dict = field(default_factory=dict)  # health or "" (no update yet) → agreements
    overdue: int | None = None
    money: Money | None = None
    # Places against children in the housing plan's outlook year (housing.selectors.Outlook).
    places_year: int | None = None
    short_wijken: int | None = None
    closed_by_plan: int | None = None

    @property
    def phases_text(self):
        """The phases that have kindcentra, with their numbers: “Samenwerking 1; Kindcentrum 2”."""
        return "; ".join(f"{label} {count}" for label, count in self.phases if count)


def _money(scope, numbers):
    year = scope.headline_year
    money = numbers.get("money")
    if money is None:
        return None
    if scope.wijk is not None:
        row = next((row for row in money.years if row.year == year), None)
        if row is None:
            return None
        return Money(year, None, row.budgeted, row.realised, row.pooled)
    overview = next((o for o in money.years if o.year == year), None)
    if overview is None:
        return None
    total = overview.total
    return Money(year, total.available, total.budgeted, total.realised, total.pooled)


def headline_figures(scope, numbers, *, gemeente, can_read_budgets, places=None):
    """The tiles: the goals' verdicts, the kindcentra by phase and how many moved up this year,
    places per 100 children against the gemeente's norm, the running agreements by health and
    the overdue ones, and the money of one year (for those who may read the budgets)."""
    goals = numbers.get("goals") or []
    verdicts = dict.fromkeys([REACHED, ON_COURSE, BEHIND, NOT_MEASURED], 0)
    for progress in goals:
        verdicts[progress.verdict] += 1
    kindcentra = numbers["kindcentra"]
    reach = numbers["reach"].focus
    agenda = numbers.get("agenda")
    return Headline(
        goals=goals,
        verdicts=verdicts,
        kindcentra_total=kindcentra.total,
        phases=list(zip([str(label) for label in Phase.labels], kindcentra.phases, strict=True)),
        moved_up=kindcentra.moved_up,
        vve_per_100=reach.vve_per_100,
        childcare_per_100=reach.childcare_per_100,
        norm_vve=gemeente.norm_vve_per_100,
        norm_childcare=gemeente.norm_childcare_per_100,
        healths=dict(zip(HEALTHS, agenda.total.healths, strict=True)) if agenda else {},
        overdue=agenda.total.overdue if agenda else None,
        money=_money(scope, numbers) if can_read_budgets else None,
        **_places(scope, places),
    )


def _places(scope, places):
    """The wijken still short of places in the plan's outlook year, and the shortages the plan
    closes: of the gemeente, or of the scope's wijk."""
    if places is None:
        return {}
    wijk_id = scope.wijk.pk if scope.wijk is not None else None
    return {
        "places_year": places.year,
        "short_wijken": len(places.short_wijken(wijk_id)),
        "closed_by_plan": len(places.closed(wijk_id)),
    }


# The map

MAP_MEASURES = {
    "vve": gettext_lazy("VVE places per 100 children 0–4"),
    "opvang": gettext_lazy("Childcare places per 100 children 0–4"),
    "fase": gettext_lazy("Phase of the kindcentra"),
    "risico": gettext_lazy("Agreements at risk or off track"),
    "plaatsen": gettext_lazy("School places against the norm, with the housing plan"),
}
# The gap of school places in the housing plan's outlook year: (lowest, highest) gap per class.
PLACES_CLASSES = [(None, -51), (-50, -1), (0, None)]
# Light to dark, told apart by lightness (colour-blind safe); no value is a hatched white.
BLUES = ["#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
ORANGES = ["#feedde", "#fdbe85", "#fd8d3c", "#d94701", "#7f2704"]
UNKNOWN = "unknown"
RISK_CLASSES = [(0, 0), (1, 2), (3, 5), (6, None)]
BANDS = [(0, 25), (25, 50), (50, 75), (75, 100), (100, None)]


@dataclass
class MapClass:
    label: str
    colour: str  # a fill colour, or "" for the hatched "unknown"
    count: int = 0


@dataclass
class MapRow:
    wijk_id: int
    name: str
    value: object  # a number, a phase's label, or None
    shown: str  # the value as the table writes it
    klass: int | None  # index into the map's classes, None when unknown
    path: str = ""


@dataclass
class WijkMap:
    measure: str
    title: str
    classes: list[MapClass]
    rows: list[MapRow]
    width: int = 360
    height: int = 0
    highlighted: int | None = None  # the wijk whose page this is
    query: str = ""  # the other filters, for the links to the wijken's pages
    drawn: bool = False  # whether any wijk has a boundary
    norm: Decimal | None = None  # the gemeente's norm the classes are drawn against

    def svg(self):
        return mark_safe(_map_svg(self))

    def print_svg(self):
        """The map for print (the LEA document): one image named by its title, without links."""
        return mark_safe(_map_svg(self, links=False))

    def link(self, wijk_id):
        head, tail = self._link_around_id
        return f"{head}{wijk_id}{tail}"

    @cached_property
    def _link_around_id(self):
        """A wijk's link before and after its id, reversed once: the map links a hundred."""
        head, _id, tail = reverse("reports:wijk", args=[0]).rpartition("/0/")
        return f"{head}/", f"/{tail}?{self.query}" if self.query else f"/{tail}"


def _per_100_classes(norm):
    """(low, high, label) of each class, and their colours: against the norm when there is one."""
    if norm:
        half = (norm / 2).quantize(Decimal("0.1"))
        half_text, norm_text = display_value(half), display_value(norm)
        return (
            [
                (None, half, _("fewer than %(value)s") % {"value": half_text}),
                (half, norm, _("%(low)s to %(high)s") % {"low": half_text, "high": norm_text}),
                (norm, None, _("%(value)s or more") % {"value": norm_text}),
            ],
            [BLUES[0], BLUES[2], BLUES[4]],
        )
    labels = []
    for low, high in BANDS:
        if low == 0:
            labels.append((None, high, _("fewer than %(high)s") % {"high": high}))
        elif high is None:
            labels.append((low, None, _("%(low)s or more") % {"low": low}))
        else:
            labels.append((low, high, f"{low}–{high}"))
    return labels, BLUES


def _risk_counts(scope):
    """Per wijk id the running agreements at risk or off track for it or a kindcentrum in it."""
    agreements = Agreement.objects.filter(
        theme__agenda=scope.agenda,
        status__in=RUNNING_STATUSES,
        health__in=[Health.AT_RISK, Health.OFF_TRACK],
    )
    if scope.theme is not None:
        agreements = agreements.filter(theme=scope.theme)
    pairs = set(
        Agreement.wijken.through.objects.filter(agreement__in=agreements).values_list(
            "wijk_id", "agreement_id"
        )
    )
    pairs |= set(
        Agreement.kindcentra.through.objects.filter(agreement__in=agreements).values_list(
            "kindcentrum__wijk_id", "agreement_id"
        )
    )
    counts = defaultdict(int)
    for wijk_id, _agreement in pairs:
        counts[wijk_id] += 1
    return counts


def _median_phase(phases):
    order = sorted(Phase.values.index(phase) for phase in phases)
    return order[(len(order) - 1) // 2]


def wijk_map(scope, *, reach, kindcentra, gemeente=None, query="", places=None):
    """Every wijk of the gemeente with its value of the scope's measure, its class and its
    outline as an SVG path; the wijk of a wijk's page is highlighted."""
    measure = scope.map_measure if scope.map_measure in MAP_MEASURES else DEFAULT_MEASURE
    gemeente = gemeente or Gemeente.current()
    outlines = dict(Wijk.objects.filter(boundary__isnull=False).values_list("pk", "boundary"))
    rows = []
    norm = None
    if measure in ("vve", "opvang"):
        norm = gemeente.norm_vve_per_100 if measure == "vve" else gemeente.norm_childcare_per_100
        bands, colours = _per_100_classes(norm)
        classes = [
            MapClass(label, colour) for (_l, _h, label), colour in zip(bands, colours, strict=False)
        ]
        for row in reach.every_wijk:
            value = row.vve_per_100 if measure == "vve" else row.childcare_per_100
            klass = None
            if value is not None:
                klass = next(
                    index
                    for index, (_low, high, _label) in enumerate(bands)
                    if high is None or value < high
                )
            rows.append(MapRow(row.wijk_id, row.label, value, display_value(value), klass))
    elif measure == "plaatsen":
        classes = [
            MapClass(_("more than 50 too few"), ORANGES[4]),
            MapClass(_("1 to 50 too few"), ORANGES[2]),
            MapClass(_("enough"), BLUES[1]),
        ]
        for wijk in scope.wijken:
            row = places.row_of(wijk.pk) if places is not None else None
            gap = row.school_gap if row is not None else None
            klass = None
            if gap is not None:
                klass = next(
                    index
                    for index, (low, high) in enumerate(PLACES_CLASSES)
                    if (low is None or gap >= low) and (high is None or gap <= high)
                )
            rows.append(MapRow(wijk.pk, wijk.name, gap, display_value(gap), klass))
    elif measure == "fase":
        classes = [
            MapClass(str(label), colour) for label, colour in zip(Phase.labels, BLUES, strict=True)
        ]
        for wijk in scope.wijken:
            phases = kindcentra.phases_per_wijk.get(wijk.pk, [])
            klass = _median_phase(phases) if phases else None
            shown = str(Phase.labels[klass]) if klass is not None else _("no kindcentrum")
            rows.append(
                MapRow(wijk.pk, wijk.name, shown if klass is not None else None, shown, klass)
            )
    else:
        counts = _risk_counts(scope) if scope.agenda is not None else {}
        classes = []
        for (low, high), colour in zip(RISK_CLASSES, ORANGES, strict=False):
            if high is None:
                label = _("%(low)s or more") % {"low": low}
            elif low == high:
                label = str(low)
            else:
                label = f"{low}–{high}"
            classes.append(MapClass(label, colour))
        for wijk in scope.wijken:
            value = counts.get(wijk.pk, 0)
            klass = next(
                index
                for index, (_low, high) in enumerate(RISK_CLASSES)
                if high is None or value <= high
            )
            rows.append(MapRow(wijk.pk, wijk.name, value, display_value(value), klass))
    unknown = MapClass(_("not known"), "")
    for row in rows:
        (classes[row.klass] if row.klass is not None else unknown).count += 1
    if unknown.count:
        classes.append(unknown)
    result = WijkMap(
        measure=measure,
        title=str(MAP_MEASURES[measure]),
        classes=classes,
        rows=rows,
        highlighted=scope.wijk.pk if scope.wijk is not None else None,
        query=query,
        norm=norm if measure in ("vve", "opvang") else None,
    )
    paths, result.height = svg_paths(
        {row.wijk_id: outlines.get(row.wijk_id) for row in rows}, result.width
    )
    for row in rows:
        row.path = paths.get(row.wijk_id, "")
    result.drawn = bool(paths)
    return result


def class_label(wijk_map, row):
    if row.klass is None:
        return wijk_map.classes[-1].label
    return wijk_map.classes[row.klass].label


def _centre(path):
    """The middle of a path's points (good enough to put a name in a compact wijk)."""
    numbers = [
        float(n)
        for n in path.replace("M", " ")
        .replace("L", " ")
        .replace("Z", " ")
        .replace(",", " ")
        .split()
    ]
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs), max(ys) - min(ys)


def _is_dark(colour):
    """Whether white text reads better than black on `colour` ("#rrggbb"): its relative
    luminance (WCAG 2.1) is below the point where the two contrasts are equal."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return luminance < 0.179


def _map_svg(wijk_map, *, links=True):
    """The choropleth: each wijk a link to its page, named with its value and class; the names
    written in the wijken that have room for them. Without `links` (print) it is one image, its
    numbers given by the text beside it."""
    role = "" if links else 'role="img" '
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kp-map" {role}'
        f'viewBox="0 0 {wijk_map.width} {wijk_map.height}" '
        f'width="{wijk_map.width}" height="{wijk_map.height}" '
        f'aria-labelledby="kp-map-title" font-family="{FONT_FAMILY}" font-size="12">'
        f'<title id="kp-map-title">{escape(wijk_map.title)}</title>'
        '<defs><pattern id="kp-map-unknown" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#fff"/><path d="M0,8 L8,0" stroke="#767676" '
        'stroke-width="1"/></pattern></defs>'
    ]
    labels = []
    highlighted = None
    for row in wijk_map.rows:
        if not row.path:
            continue
        colour = (
            wijk_map.classes[row.klass].colour if row.klass is not None else "url(#kp-map-unknown)"
        )
        name = _("%(wijk)s: %(value)s (%(class)s)") % {
            "wijk": row.name,
            "value": row.shown,
            "class": class_label(wijk_map, row),
        }
        current = row.wijk_id == wijk_map.highlighted
        current_attr = ' aria-current="page"' if current else ""
        shape = (
            f'<path d="{row.path}" fill="{colour}" stroke="#1a1a1a" stroke-width="0.8">'
            f"<title>{escape(name)}</title></path>"
        )
        if links:
            shape = (
                f'<a href="{escape(wijk_map.link(row.wijk_id))}" aria-label="{escape(name)}"'
                f"{current_attr}>{shape}</a>"
            )
        if current:
            highlighted = (shape, row.path)
        else:
            parts.append(shape)
        x, y, width, height = _centre(row.path)
        if text_width(row.name) + 6 <= width * 0.9 and height >= 20:
            labels.append((x, y, row.name, row.klass is not None and _is_dark(colour)))
    if highlighted is not None:  # on top, with a thick outline that is not a colour alone
        parts.append(highlighted[0])
        parts.append(
            f'<path d="{highlighted[1]}" fill="none" stroke="#000" stroke-width="4" '
            'stroke-dasharray="10 4" pointer-events="none"/>'
        )
    placed = []
    for x, y, name, dark in labels:
        half = text_width(name) / 2 + 2
        box = (x - half, y - 9, x + half, y + 8)
        if any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in placed):
            continue
        placed.append(box)
        # Light on the dark classes, dark on the light ones; on screen with a halo over the
        # outlines. Print has none: WeasyPrint does not know paint-order and would draw the
        # halo over the letters.
        ink, halo = ("#fff", "#08306b") if dark else ("#1a1a1a", "#fff")
        halo = f'stroke="{halo}" stroke-width="3" paint-order="stroke" ' if links else ""
        parts.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="{ink}" '
            f'{halo}pointer-events="none" aria-hidden="true">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

"""The figures of the dashboard: each a chart (kindportaal.charts, with its numbers as a table) or a
table, built from one section's numbers, and downloadable as CSV with exactly those numbers.

FIGURES lists them in the order the page shows them; each names the section whose numbers it
draws, so the download of one figure reads only that section."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda.models import AgreementStatus, Health
from budgets import figures as budget_figures
from housing.selectors import places_outlook
from kindcentra.models import Dimension, Phase
from kindportaal.charts import Chart, Series
from kindportaal.exports import ExportColumn
from kindportaal.formatting import display_value, euro, percent
from reports import overview, selectors

# Which reads feed which section; the money of a wijk is what went to its kindcentra.
SECTIONS = {
    "kindcentra": selectors.kindcentra_figures,
    "reach": selectors.reach_figures,
    "agenda": selectors.agenda_figures,
    "goals": overview.goal_figures,
    "money": lambda scope: (
        selectors.wijk_money(scope) if scope.wijk is not None else selectors.money_figures(scope)
    ),
}
GEMEENTE, WIJK, BOTH = "gemeente", "wijk", "both"


@dataclass
class Table:
    """A table without a chart (one row per wijk does not fit a picture at city scale)."""

    title: str
    columns: list[ExportColumn]
    rows: list[list]
    links: list = field(default_factory=list)  # per row: the wijk its first cell links to

    def display_rows(self):
        """Rows as the page shows them: each cell with the kind of its column."""
        links = self.links or [None] * len(self.rows)
        return [
            {
                "link": link,
                "cells": [
                    {"value": value, "kind": column.kind}
                    for value, column in zip(row, self.columns, strict=True)
                ],
            }
            for row, link in zip(self.rows, links, strict=True)
        ]


@dataclass(frozen=True)
class Figure:
    key: str  # its name in the template
    slug: str  # its name in the download's URL
    section: str
    build: Callable  # (section numbers, scope) -> Chart, Table or None when there is nothing
    where: str = BOTH  # on the gemeente's page, a wijk's page, or both

    def shown_for(self, scope):
        return self.where == BOTH or (self.where == WIJK) == (scope.wijk is not None)


def export_table(figure):
    """(columns, rows) of a chart or a table, for kindportaal.exports."""
    if isinstance(figure, Table):
        return figure.columns, figure.rows
    kind = {"€": "money", "%": "number"}.get(figure.unit, "number")
    header, rows = figure.table()
    columns = [ExportColumn(header[0] or _("Category"))]
    columns += [ExportColumn(name, kind) for name in header[1:]]
    return columns, rows


def _n(value):
    """A number as the page writes it in a sentence: 1.512, 3,5, or — when it is not known."""
    return display_value(value)


def _where(scope):
    if scope.wijk is not None:
        return scope.wijk.name
    return _("the gemeente")


def _phase_labels():
    return [str(label) for label in Phase.labels]


# Kindcentra


def phases_chart(data, scope):
    integral = data.phases[Phase.values.index(Phase.INTEGRAL)]
    return Chart(
        title=_("Kindcentra in %(where)s by phase") % {"where": _where(scope)},
        description=_(
            "On %(day)s %(where)s has %(total)s kindcentra, %(integral)s of them an integraal "
            "kindcentrum."
        )
        % {
            "day": date_format(data.on, "j F Y"),
            "where": _where(scope),
            "total": _n(data.total),
            "integral": _n(integral),
        },
        categories=_phase_labels(),
        series=[Series(_("Kindcentra"), data.phases)],
        kind="hbar",
        category_label=_("Phase"),
    )


def phases_per_wijk_table(data, scope):
    return Table(
        title=_("Kindcentra per wijk by phase"),
        columns=[
            ExportColumn(_("Wijk")),
            *[ExportColumn(label, "number") for label in _phase_labels()],
            ExportColumn(_("Total"), "number"),
        ],
        rows=[[row.label, *row.counts, row.total] for row in data.by_wijk],
        links=[row.wijk_id for row in data.by_wijk],
    )


def phases_per_year_chart(data, scope):
    if not data.by_year:
        return None
    first, last = data.by_year[0], data.by_year[-1]
    return Chart(
        title=_("Kindcentra in %(where)s by phase over the years") % {"where": _where(scope)},
        description=_(
            "The kindcentra at the end of each year (the last year: on %(day)s), from the changes "
            "recorded to them: %(first)s in %(first_year)s, %(last)s in %(last_year)s."
        )
        % {
            "day": date_format(data.on, "j F Y"),
            "first": _n(first.total),
            "first_year": first.label,
            "last": _n(last.total),
            "last_year": last.label,
        },
        categories=[row.label for row in data.by_year],
        series=[
            Series(label, [row.counts[index] for row in data.by_year])
            for index, label in enumerate(_phase_labels())
        ],
        kind="hstacked",
        category_label=_("Year"),
    )


def scores_chart(data, scope):
    if not any(row.assessed for row in data.scores):
        return None
    latest = next(row for row in reversed(data.scores) if row.assessed)
    return Chart(
        title=_("Self-assessments in %(where)s: average scores per year")
        % {"where": _where(scope)},
        description=_(
            "The average score of the kindcentra's yearly self-assessments on six dimensions, "
            "from 1 (beginning) to 4 (fully realised); %(assessed)s self-assessments in %(year)s."
        )
        % {"assessed": _n(latest.assessed), "year": latest.year},
        categories=[str(row.year) for row in data.scores],
        series=[
            Series(str(label), [row.averages[index] for row in data.scores])
            for index, label in enumerate(Dimension.labels)
        ],
        kind="line",
        y_min=1,
        y_max=4,
        decimals=1,
        width=720,
        category_label=_("Year"),
    )


# Reach

REACH_MEASURES = [
    ("vve_per_100", lambda: _("VVE places per 100 children 0–4")),
    ("childcare_per_100", lambda: _("Childcare places per 100 children 0–4")),
    ("pupils_per_100", lambda: _("Pupils per 100 children 4–12")),
]


def reach_chart(data, scope):
    rows = [*data.rows, data.gemeente] if scope.wijk is not None else [data.gemeente]
    names = [row.label or _("The whole gemeente") for row in rows]
    gemeente = data.gemeente
    return Chart(
        title=_("Reach in %(where)s per 100 children") % {"where": _where(scope)},
        description=_(
            "In the whole gemeente %(vve)s VVE places and %(childcare)s childcare places per 100 "
            "children of 0–4, and %(pupils)s pupils per 100 children of 4–12."
        )
        % {
            "vve": _n(gemeente.vve_per_100),
            "childcare": _n(gemeente.childcare_per_100),
            "pupils": _n(gemeente.pupils_per_100),
        },
        categories=[label() for _name, label in REACH_MEASURES],
        series=[
            Series(name, [getattr(row, measure) for measure, _label in REACH_MEASURES])
            for name, row in zip(names, rows, strict=True)
        ],
        kind="hbar",
        decimals=1,
        category_label=_("Measure"),
    )


REACH_BANDS = [(0, 25), (25, 50), (50, 75), (75, 100), (100, None)]


def _band(value):
    if value is None:
        return len(REACH_BANDS)
    return next(
        index for index, (low, high) in enumerate(REACH_BANDS) if high is None or value < high
    )


def reach_spread_chart(data, scope):
    labels = [
        _("fewer than %(high)s") % {"high": high}
        if low == 0
        else (_("%(high)s or more") % {"high": low} if high is None else f"{low}–{high}")
        for low, high in REACH_BANDS
    ]
    labels.append(_("unknown"))
    series = []
    for measure, label in REACH_MEASURES:
        counts = [0] * len(labels)
        for row in data.rows:
            counts[_band(getattr(row, measure))] += 1
        series.append(Series(label(), counts))
    return Chart(
        title=_("Wijken by reach"),
        description=_(
            "The number of wijken by how many places or pupils there are per 100 children "
            "living there; unknown where the number of children is not known."
        ),
        categories=labels,
        series=series,
        kind="bar",
        width=720,
        category_label=_("Per 100 children"),
    )


def reach_per_wijk_table(data, scope):
    columns = [
        ExportColumn(_("Wijk")),
        ExportColumn(_("Children 0–4"), "number"),
        ExportColumn(_("VVE places"), "number"),
        ExportColumn(_("VVE places per 100 children 0–4"), "number"),
        ExportColumn(_("Childcare places 0–4"), "number"),
        ExportColumn(_("Childcare places per 100 children 0–4"), "number"),
        ExportColumn(_("Children 4–12"), "number"),
        ExportColumn(_("Pupils"), "number"),
        ExportColumn(_("Pupils per 100 children 4–12"), "number"),
    ]
    return Table(
        title=_("Reach per wijk"),
        columns=columns,
        rows=[
            [
                row.label,
                row.children_0_4,
                row.vve_places,
                row.vve_per_100,
                row.childcare_places,
                row.childcare_per_100,
                row.children_4_12,
                row.pupils,
                row.pupils_per_100,
            ]
            for row in data.rows
        ],
        links=[row.wijk_id for row in data.rows],
    )


# The agenda


def _themes(data):
    return [row.title for row in data.themes]


def status_chart(data, scope):
    total = data.total
    return Chart(
        title=_("Agreements per theme by status"),
        description=_(
            "%(total)s agreements in %(agenda)s: %(realised)s realised, %(running)s adopted or in "
            "progress, %(overdue)s overdue."
        )
        % {
            "total": _n(total.total),
            "agenda": data.agenda,
            "realised": _n(total.realised),
            "running": _n(total.running),
            "overdue": _n(total.overdue),
        },
        categories=_themes(data),
        series=[
            Series(str(label), [row.statuses[index] for row in data.themes])
            for index, label in enumerate(AgreementStatus.labels)
        ],
        kind="hstacked",
        width=720,
        category_label=_("Theme"),
    )


def _health_labels():
    return [*[str(label) for label in Health.labels], _("No update yet")]


def health_chart(data, scope):
    counts = dict(zip(_health_labels(), data.total.healths, strict=True))
    return Chart(
        title=_("Adopted and running agreements per theme by health"),
        description=_("The health of their latest progress update: %(counts)s.")
        % {"counts": ", ".join(f"{label.lower()} {_n(count)}" for label, count in counts.items())},
        categories=_themes(data),
        series=[
            Series(label, [row.healths[index] for row in data.themes])
            for index, label in enumerate(_health_labels())
        ],
        kind="hstacked",
        width=720,
        category_label=_("Theme"),
    )


def overdue_chart(data, scope):
    return Chart(
        title=_("Overdue agreements per theme"),
        description=_(
            "Agreements past their due date that are neither realised nor lapsed: %(overdue)s."
        )
        % {"overdue": _n(data.total.overdue)},
        categories=_themes(data),
        series=[Series(_("Overdue"), [row.overdue for row in data.themes])],
        kind="hbar",
        width=720,
        category_label=_("Theme"),
    )


def realised_chart(data, scope):
    if not data.moments:
        return None
    last = data.moments[-1]
    return Chart(
        title=_("Share of the agreements realised, per quarter"),
        description=_(
            "Of the agreements that had started by the end of each quarter (not drafts, not "
            "lapsed): the share realised and the share past its due date. At the end of "
            "%(quarter)s: %(realised)s realised, %(due)s past its due date."
        )
        % {
            "quarter": _quarter(last),
            "realised": percent(last.realised_share or 0, 1),
            "due": percent(last.due_share or 0, 1),
        },
        categories=[_quarter(moment) for moment in data.moments],
        series=[
            Series(_("Realised"), [moment.realised_share for moment in data.moments]),
            Series(_("Past its due date"), [moment.due_share for moment in data.moments]),
        ],
        kind="line",
        unit="%",
        decimals=1,
        y_min=0,
        y_max=100,
        # Room for the labels of up to four years of quarters.
        width=720 if len(data.moments) <= 10 else 960,
        category_label=_("Quarter"),
    )


def _quarter(moment):
    return _("Q%(quarter)s %(year)s") % {"quarter": moment.quarter, "year": moment.year}


def topics_chart(data, scope):
    if not data.topics:
        return None
    uncovered = data.uncovered_topics
    description = _("%(covered)s of the %(total)s statutory topics are covered.") % {
        "covered": _n(len(data.topics) - len(uncovered)),
        "total": _n(len(data.topics)),
    }
    if uncovered:
        description += " " + _("Not covered: %(topics)s.") % {
            "topics": ", ".join(topic.title for topic in uncovered)
        }
    return Chart(
        title=_("Statutory topics: the themes and agreements that cover them"),
        description=description,
        categories=[topic.title for topic in data.topics],
        series=[
            Series(_("Themes"), [topic.themes for topic in data.topics]),
            Series(_("Agreements"), [topic.agreements for topic in data.topics]),
        ],
        kind="hbar",
        width=720,
        category_label=_("Statutory topic"),
    )


def pending_chart(data, scope):
    if not data.pending_total:
        return None
    categories = [name for name, _count in data.pending]
    values = [count for _name, count in data.pending]
    if data.pending_others:
        categories.append(_("%(count)s other organisations") % {"count": _n(data.pending_others)})
        values.append(data.pending_others_count)
    return Chart(
        title=_("Proposed agreements waiting for an organisation's answer"),
        description=_(
            "Per organisation, the proposed agreements whose current version it has not yet "
            "confirmed or declined: %(total)s answers awaited."
        )
        % {"total": _n(data.pending_total)},
        categories=categories,
        series=[Series(_("Answers awaited"), values)],
        kind="hbar",
        width=720,
        category_label=_("Organisation"),
    )


# The money


def _years(data):
    return [str(overview.year) for overview in data.years]


def _per_year(data, value):
    """`value(overview)` per year; None for a year without funding streams."""
    return [value(overview) if overview.stream_count else None for overview in data.years]


def money_per_year_chart(data, scope):
    total = data.period.total
    return Chart(
        title=_("Money per year"),
        description=_(
            "In %(period)s %(available)s is available, of which %(pooled)s pooled; %(budgeted)s "
            "is budgeted and %(realised)s realised."
        )
        % {
            "period": scope.label,
            "available": euro(total.available, 0),
            "pooled": euro(total.pooled, 0),
            "budgeted": euro(total.budgeted, 0),
            "realised": euro(total.realised, 0),
        },
        categories=_years(data),
        series=[
            Series(_("Available"), _per_year(data, lambda o: o.total.available)),
            Series(_("Pooled"), _per_year(data, lambda o: o.total.pooled)),
            Series(_("Budgeted"), _per_year(data, lambda o: o.total.budgeted)),
            Series(_("Realised"), _per_year(data, lambda o: o.total.realised)),
        ],
        kind="bar",
        unit="€",
        decimals=0,
        width=880,
        height=360,
        category_label=_("Year"),
    )


def shares_per_year_chart(data, scope):
    return Chart(
        title=_("Pooled and realised share per year"),
        description=_(
            "Per year the share of the available money that is pooled, and the share of the "
            "budgeted money that is realised; in %(period)s %(pooled)s and %(realised)s."
        )
        % {
            "period": scope.label,
            "pooled": percent(data.period.total.pooled_share or 0, 1),
            "realised": percent(data.period.total.realised_share or 0, 1),
        },
        categories=_years(data),
        series=[
            Series(_("Pooled share"), _per_year(data, lambda o: o.total.pooled_share)),
            Series(_("Realised share"), _per_year(data, lambda o: o.total.realised_share)),
        ],
        kind="line",
        unit="%",
        decimals=1,
        y_min=0,
        y_max=100,
        category_label=_("Year"),
    )


def domain_chart(data, scope):
    if not data.period.by_domain:
        return None
    chart = budget_figures.domain_chart(data.period)
    chart.category_label = _("Domain")
    return chart


def source_chart(data, scope):
    if not data.period.by_source:
        return None
    chart = budget_figures.source_chart(data.period)
    chart.category_label = _("Source")
    return chart


def wijk_money_per_year_chart(data, scope):
    total = data.total
    return Chart(
        title=_("Money to the kindcentra of %(wijk)s per year") % {"wijk": scope.wijk.name},
        description=_(
            "%(count)s allocations in %(period)s: %(budgeted)s budgeted, of which %(pooled)s "
            "from pooled budgets; %(realised)s realised."
        )
        % {
            "count": _n(total.allocations),
            "period": scope.label,
            "budgeted": euro(total.budgeted, 0),
            "pooled": euro(total.pooled, 0),
            "realised": euro(total.realised, 0),
        },
        categories=[str(row.year) for row in data.years],
        series=[
            Series(label, [getattr(row, name) if row.allocations else None for row in data.years])
            for name, label in (
                ("budgeted", _("Budgeted")),
                ("pooled", _("From pooled budgets")),
                ("realised", _("Realised")),
            )
        ],
        kind="bar",
        unit="€",
        decimals=0,
        width=720,
        category_label=_("Year"),
    )


def wijk_money_by_domain_chart(data, scope):
    if not data.by_domain:
        return None
    return Chart(
        title=_("Money to the kindcentra of %(wijk)s by domain") % {"wijk": scope.wijk.name},
        description=_(
            "By the domain of the funding streams it came from; money from a pooled budget counts "
            "for each contributing stream by its share."
        ),
        categories=[str(row.label) for row in data.by_domain],
        series=[
            Series(_("Budgeted"), [row.budgeted for row in data.by_domain]),
            Series(_("Realised"), [row.realised for row in data.by_domain]),
        ],
        kind="hbar",
        unit="€",
        decimals=0,
        width=720,
        category_label=_("Domain"),
    )


# The map's numbers (what it needs of the other sections, read afresh for its download).
def map_numbers(scope, numbers=None):
    numbers = numbers or {}
    return overview.wijk_map(
        scope,
        reach=numbers.get("reach") or selectors.reach_figures(scope),
        kindcentra=numbers.get("kindcentra") or selectors.kindcentra_figures(scope),
        places=places_outlook() if scope.map_measure == "plaatsen" else None,
    )


def map_table(data, scope):
    return Table(
        title=_("Map of the wijken: %(measure)s") % {"measure": data.title},
        columns=[
            ExportColumn(_("Wijk")),
            ExportColumn(data.title, "text" if data.measure == "fase" else "number"),
            ExportColumn(_("Class")),
        ],
        rows=[
            [row.name, row.value, overview.class_label(data, row)]
            for row in sorted(data.rows, key=lambda row: row.name)
        ],
        links=[row.wijk_id for row in sorted(data.rows, key=lambda row: row.name)],
    )


# Sections made from the others' numbers on the page.
DERIVED = {"map": map_numbers}
# Sections only for those who may read the budgets (budgets.permissions.can_read_budgets): a
# sum of a few allocations would tell a partner director another organisation's.
BUDGET_SECTIONS = {"money"}

FIGURES = [
    Figure("map", "kaart", "map", map_table),
    Figure("phases", "fasen", "kindcentra", phases_chart),
    Figure("phases_per_wijk", "fasen-per-wijk", "kindcentra", phases_per_wijk_table, GEMEENTE),
    Figure("phases_per_year", "fasen-per-jaar", "kindcentra", phases_per_year_chart),
    Figure("scores", "zelfevaluaties", "kindcentra", scores_chart),
    Figure("reach", "bereik", "reach", reach_chart),
    Figure("reach_spread", "bereik-spreiding", "reach", reach_spread_chart, GEMEENTE),
    Figure("reach_per_wijk", "bereik-per-wijk", "reach", reach_per_wijk_table, GEMEENTE),
    Figure("status", "afspraken-status", "agenda", status_chart),
    Figure("health", "afspraken-koers", "agenda", health_chart),
    Figure("overdue", "afspraken-te-laat", "agenda", overdue_chart),
    Figure("realised", "afspraken-gerealiseerd", "agenda", realised_chart),
    Figure("topics", "wettelijke-onderwerpen", "agenda", topics_chart),
    Figure("pending", "bevestigingen", "agenda", pending_chart),
    Figure("money_per_year", "geld-per-jaar", "money", money_per_year_chart, GEMEENTE),
    Figure("shares_per_year", "geld-aandelen", "money", shares_per_year_chart, GEMEENTE),
    Figure("by_domain", "geld-per-domein", "money", domain_chart, GEMEENTE),
    Figure("by_source", "geld-per-bron", "money", source_chart, GEMEENTE),
    Figure("wijk_money", "geld-wijk-per-jaar", "money", wijk_money_per_year_chart, WIJK),
    Figure("wijk_by_domain", "geld-wijk-per-domein", "money", wijk_money_by_domain_chart, WIJK),
]
BY_SLUG = {figure.slug: figure for figure in FIGURES}


def build(figure, numbers, scope):
    """The figure's chart or table, or None: not on this page, or nothing to show."""
    if not figure.shown_for(scope) or numbers is None:
        return None
    return figure.build(numbers, scope)

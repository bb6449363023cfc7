"""Reads of the council's dashboard: kindcentra, reach, the agenda and the money, counted and summed
across the apps for a period, a wijk and a theme. Each section asks a fixed number of queries
however large the gemeente is; `reports.figures` draws what they return."""

import datetime
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DateField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from agenda.models import (
    RUNNING_STATUSES,
    Agreement,
    AgreementStatus,
    Health,
    StatutoryTopic,
    Theme,
    is_overdue,
    overdue_q,
)
from agenda.selectors import in_wijk_q, unanswered_parties
from budgets.accounting import fraction
from budgets.attribution import pooled_per_domain
from budgets.models import Allocation, Domain
from budgets.selectors import Totals, YearOverview, combined_overview, year_overviews
from kindcentra.models import Dimension, Kindcentrum, Phase, SelfAssessment
from kindportaal.selectors import count_of
from partners.models import SCHOOL_KINDS, Location, LocationKind

ZERO = Decimal("0.00")
# Childcare for children under 4: the places that count against the children 0–4 of a wijk.
YOUNG_CHILDCARE_KINDS = [LocationKind.DAY_CARE, LocationKind.PRESCHOOL]
NO_HEALTH = ""
HEALTHS = [*Health.values, NO_HEALTH]
OVERDUE_SHOWN = 10
PENDING_SHOWN = 10
DEVELOPMENT_YEARS = 5


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: a period (an LEA period or one year), the LEA period whose
    agreements count, optionally one wijk and one theme. `wijken` holds every wijk of the
    gemeente (id, name, children) and `themes` the LEA period's, as the filters loaded them."""

    label: str
    years: tuple[int, ...]
    agenda: object | None
    wijken: tuple = ()
    themes: tuple = ()  # the themes of `agenda`, in their order
    wijk: object | None = None
    theme: object | None = None
    today: datetime.date = field(default_factory=timezone.localdate)
    map_measure: str = "vve"  # what the map of the wijken colours them by (MAP_MEASURES)

    @property
    def headline_year(self):
        """The one year whose money the headline shows: this year while the period runs, else
        the period's nearest year. Money is never summed over years in a headline."""
        return min(max(self.today.year, self.years[0]), self.years[-1])

    @property
    def last_day(self):
        """The day the counts describe: the end of the period, or today while it runs."""
        return min(self.today, datetime.date(self.years[-1], 12, 31))

    @property
    def development_years(self):
        """The years of the development charts: the period's, and at least the last five."""
        last = self.last_day.year
        return list(range(min(self.years[0], last - DEVELOPMENT_YEARS + 1), last + 1))


def _average(total, number):
    if not number:
        return None
    return (Decimal(total) / number).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _day_after(day):
    """The first moment after `day` in the portal's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


# Kindcentra


@dataclass
class PhaseRow:
    label: str
    counts: list[int]  # in the order of Phase.values
    wijk_id: int | None = None

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class ScoreRow:
    year: int
    assessed: int
    averages: list  # per dimension in the order of Dimension.values; None without assessments


@dataclass
class KindcentraFigures:
    on: datetime.date
    phases: list[int]
    by_wijk: list[PhaseRow]
    by_year: list[PhaseRow]
    scores: list[ScoreRow]
    moved_up: int = 0  # kindcentra in a higher phase than at the start of the year
    # Per wijk id the phases of its kindcentra on `on`, for the map (every wijk, also on a
    # wijk's page).
    phases_per_wijk: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.phases)


def _timelines(current, history):
    """Per kindcentrum its states over time: a sorted list of (moment, (phase, wijk id) or None
    when it was deleted or inactive). Kindcentra made without history (imports, bulk) exist in
    their current state from the moment they were made."""
    timelines = defaultdict(list)
    for pk, when, kind, phase, wijk_id, active in history:
        timelines[pk].append((when, (phase, wijk_id) if kind != "-" and active else None))
    for pk, phase, wijk_id, active, created_at in current:
        events = timelines[pk]
        state = (phase, wijk_id) if active else None
        if not events:
            events.append((created_at, state))
        elif events[0][0] > created_at:
            # Made before its history was kept: as its first recorded state since it was made.
            events.insert(0, (created_at, events[0][1]))
    return timelines


def _states_by_kindcentrum(timelines, moment):
    states = {}
    for pk, events in timelines.items():
        index = bisect_left([when for when, _state in events], moment)
        if index and events[index - 1][1] is not None:
            states[pk] = events[index - 1][1]
    return states


def _states_at(timelines, moment):
    return list(_states_by_kindcentrum(timelines, moment).values())


def _moved_up(timelines, current, scope, wijk_id):
    """How many kindcentra (in the wijk, when one is chosen) are in a higher phase on the scope's
    last day than they were at the start of that year."""
    start = _states_by_kindcentrum(
        timelines, _day_after(datetime.date(scope.last_day.year, 1, 1) - datetime.timedelta(1))
    )
    if scope.last_day >= scope.today:
        end = {pk: (phase, wijk) for pk, phase, wijk, active, _made in current if active}
    else:
        end = _states_by_kindcentrum(timelines, _day_after(scope.last_day))
    order = Phase.values
    return sum(
        1
        for pk, (phase, wijk) in end.items()
        if pk in start
        and (wijk_id is None or wijk == wijk_id)
        and order.index(phase) > order.index(start[pk][0])
    )


def _count_phases(phases):
    counts = dict.fromkeys(Phase.values, 0)
    for phase in phases:
        counts[phase] += 1
    return list(counts.values())


def _phase_counts(states, wijk_id=None):
    return _count_phases(
        phase for phase, state_wijk in states if wijk_id is None or state_wijk == wijk_id
    )


def kindcentra_figures(scope):
    """Kindcentra per phase and per wijk on the scope's last day, the same at the end of each
    year (from the kindcentra's history), and the average self-assessment scores per year."""
    current = list(
        Kindcentrum.objects.values_list("id", "phase", "wijk_id", "is_active", "created_at")
    )
    history = Kindcentrum.history.order_by("id", "history_date", "history_id").values_list(
        "id", "history_date", "history_type", "phase", "wijk_id", "is_active"
    )
    timelines = _timelines(current, history)
    today = [(phase, wijk) for _pk, phase, wijk, active, _made in current if active]

    def states_on(day):
        if day >= scope.today:
            return today
        return _states_at(timelines, _day_after(day))

    wijk_id = scope.wijk.pk if scope.wijk else None
    states = states_on(scope.last_day)
    # The years since the first kindcentrum was recorded: before that nothing is known.
    first = min((events[0][0] for events in timelines.values()), default=None)
    first_year = timezone.localtime(first).year if first else scope.last_day.year + 1
    by_year = [
        PhaseRow(
            label=str(year),
            counts=_phase_counts(
                states_on(min(datetime.date(year, 12, 31), scope.last_day)), wijk_id
            ),
        )
        for year in scope.development_years
        if year >= first_year
    ]
    wijken = [w for w in scope.wijken if wijk_id is None or w.pk == wijk_id]
    phases_per_wijk = defaultdict(list)
    for phase, state_wijk in states:
        phases_per_wijk[state_wijk].append(phase)
    return KindcentraFigures(
        on=scope.last_day,
        phases=_phase_counts(states, wijk_id),
        # From the phases grouped per wijk: not every state again for each of a city's wijken.
        by_wijk=[
            PhaseRow(
                label=w.name, counts=_count_phases(phases_per_wijk.get(w.pk, ())), wijk_id=w.pk
            )
            for w in wijken
        ],
        by_year=by_year,
        scores=_scores(scope, wijk_id),
        moved_up=_moved_up(timelines, current, scope, wijk_id),
        phases_per_wijk=dict(phases_per_wijk),
    )


def _scores(scope, wijk_id):
    assessments = SelfAssessment.objects.filter(year__in=scope.development_years)
    if wijk_id is not None:
        assessments = assessments.filter(kindcentrum__wijk_id=wijk_id)
    sums = {
        row["year"]: row
        for row in assessments.order_by()
        .values("year")
        .annotate(
            assessed=Count("pk"),
            **{dimension: Sum(f"{dimension}_score") for dimension in Dimension.values},
        )
    }
    rows = []
    for year in scope.development_years:
        row = sums.get(year, {"assessed": 0})
        rows.append(
            ScoreRow(
                year=year,
                assessed=row["assessed"],
                averages=[_average(row.get(d, 0), row["assessed"]) for d in Dimension.values],
            )
        )
    return rows


# Reach


@dataclass
class ReachRow:
    label: str
    children_0_4: int | None
    children_4_12: int | None
    vve_places: int = 0
    childcare_places: int = 0
    pupils: int = 0
    wijk_id: int | None = None

    @property
    def vve_per_100(self):
        return fraction(self.vve_places, self.children_0_4 or 0)

    @property
    def childcare_per_100(self):
        return fraction(self.childcare_places, self.children_0_4 or 0)

    @property
    def pupils_per_100(self):
        return fraction(self.pupils, self.children_4_12 or 0)


@dataclass
class ReachFigures:
    rows: list[ReachRow]  # the wijken in scope
    gemeente: ReachRow  # the whole gemeente
    focus: ReachRow  # what the page is about: the chosen wijk, or the gemeente
    every_wijk: list[ReachRow] = field(default_factory=list)  # for the map, also on a wijk's page


def reach_figures(scope):
    """Per wijk the places of active locations against the children who live there: VVE-certified
    places and childcare places (day care and preschool) against children 0–4, pupils of schools
    against children 4–12. The gemeente's row counts the wijken whose children are known."""
    sums = {
        row["wijk_id"]: row
        for row in Location.objects.filter(is_active=True, wijk__isnull=False)
        .order_by()
        .values("wijk_id")
        .annotate(
            vve=Sum("capacity", filter=Q(vve_certified=True)),
            childcare=Sum("capacity", filter=Q(kind__in=YOUNG_CHILDCARE_KINDS)),
            pupils=Sum("pupils", filter=Q(kind__in=SCHOOL_KINDS)),
        )
    }
    rows = []
    for wijk in scope.wijken:
        found = sums.get(wijk.pk, {})
        rows.append(
            ReachRow(
                label=wijk.name,
                wijk_id=wijk.pk,
                children_0_4=wijk.children_0_4,
                children_4_12=wijk.children_4_12,
                vve_places=found.get("vve") or 0,
                childcare_places=found.get("childcare") or 0,
                pupils=found.get("pupils") or 0,
            )
        )
    young = [row for row in rows if row.children_0_4 is not None]
    older = [row for row in rows if row.children_4_12 is not None]
    gemeente = ReachRow(
        label="",
        children_0_4=sum(row.children_0_4 for row in young),
        children_4_12=sum(row.children_4_12 for row in older),
        vve_places=sum(row.vve_places for row in young),
        childcare_places=sum(row.childcare_places for row in young),
        pupils=sum(row.pupils for row in older),
    )
    every_wijk = rows
    if scope.wijk is not None:
        rows = [row for row in rows if row.wijk_id == scope.wijk.pk]
    focus = rows[0] if scope.wijk is not None and rows else gemeente
    return ReachFigures(rows=rows, gemeente=gemeente, focus=focus, every_wijk=every_wijk)


# The agenda


@dataclass
class ThemeRow:
    title: str
    statuses: list[int] = field(default_factory=lambda: [0] * len(AgreementStatus.values))
    healths: list[int] = field(default_factory=lambda: [0] * len(HEALTHS))
    overdue: int = 0
    theme_id: int | None = None

    @property
    def total(self):
        return sum(self.statuses)

    @property
    def realised(self):
        return self.statuses[AgreementStatus.values.index(AgreementStatus.REALISED)]

    @property
    def running(self):
        return sum(self.healths)


@dataclass
class Moment:
    """The agreements at the end of a quarter: how many had started, were due, were realised."""

    year: int
    quarter: int
    end: datetime.date
    started: int = 0
    due: int = 0
    realised: int = 0

    @property
    def realised_share(self):
        return fraction(self.realised, self.started)

    @property
    def due_share(self):
        return fraction(self.due, self.started)


@dataclass
class TopicRow:
    title: str
    themes: int
    agreements: int

    @property
    def covered(self):
        return bool(self.themes or self.agreements)


@dataclass
class AgendaFigures:
    agenda: object
    themes: list[ThemeRow]
    total: ThemeRow
    overdue: list  # the agreements longest overdue
    moments: list[Moment]
    topics: list[TopicRow]
    pending: list  # (organisation name, number of agreements waiting for its answer)
    pending_others: int  # organisations beyond those listed
    pending_others_count: int  # their waiting answers

    @property
    def uncovered_topics(self):
        return [topic for topic in self.topics if not topic.covered]

    @property
    def pending_total(self):
        return sum(count for _name, count in self.pending) + self.pending_others_count


def scoped_agreements(scope):
    """The agreements of the scope's LEA period, in its theme and wijk when those are chosen."""
    agreements = Agreement.objects.filter(theme__agenda=scope.agenda)
    if scope.theme is not None:
        agreements = agreements.filter(theme=scope.theme)
    if scope.wijk is not None:
        agreements = agreements.filter(in_wijk_q(scope.wijk.pk))
    return agreements


def _realised_on():
    """The day an agreement was realised: its first recorded change to realised; for agreements
    without that history (imports), the day of its latest progress update, else its due date."""
    first = (
        Agreement.history.filter(id=OuterRef("pk"), status=AgreementStatus.REALISED)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Case(
        When(
            status=AgreementStatus.REALISED,
            then=Coalesce(TruncDate(Subquery(first)), "last_progress_on", "due_date"),
        ),
        output_field=DateField(),
    )


def _quarters(scope):
    """The quarters from the start of the period up to its last day, each ending on its last day
    (or on the scope's last day, for the quarter that is still running)."""
    moments = []
    for year in range(scope.years[0], scope.last_day.year + 1):
        for quarter in range(1, 5):
            if datetime.date(year, 3 * quarter - 2, 1) > scope.last_day:
                return moments
            next_start = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1)
            end = min(next_start - datetime.timedelta(days=1), scope.last_day)
            moments.append(Moment(year=year, quarter=quarter, end=end))
    return moments


def agenda_figures(scope):
    if scope.agenda is None:
        return None
    agreements = scoped_agreements(scope)
    themes = [t for t in scope.themes if scope.theme is None or t.pk == scope.theme.pk]
    rows = {theme.pk: ThemeRow(title=theme.title, theme_id=theme.pk) for theme in themes}
    total = ThemeRow(title="")
    moments = _quarters(scope)
    statuses = AgreementStatus.values
    rows_of_agreements = agreements.annotate(realised_on=_realised_on()).values_list(
        "theme_id", "status", "health", "start_date", "due_date", "realised_on"
    )
    # An agreement counts at a quarter's end once it has started and, for due and realised,
    # once that day has come too: the later of the two days, counted in sorted lists.
    started, due_by, realised_by = [], [], []
    # Counted per kind first: a city's agreements are a few dozen kinds of a theme, a status, a
    # health and overdue or not, each added to its theme's row and the total once.
    kinds = Counter()
    for theme_id, status, health, start, due, realised_on in rows_of_agreements:
        kinds[theme_id, status, health, is_overdue(status, due, scope.today)] += 1
        if status in (AgreementStatus.DRAFT, AgreementStatus.LAPSED):
            continue
        started.append(start)
        due_by.append(max(start, due))
        if realised_on is not None:
            realised_by.append(max(start, realised_on))
    for (theme_id, status, health, overdue), count in kinds.items():
        for row in (rows[theme_id], total):
            row.statuses[statuses.index(status)] += count
            if status in RUNNING_STATUSES:
                row.healths[HEALTHS.index(health)] += count
            if overdue:
                row.overdue += count
    for days in (started, due_by, realised_by):
        days.sort()
    for moment in moments:
        moment.started = bisect_right(started, moment.end)
        moment.due = bisect_right(due_by, moment.end)
        moment.realised = bisect_right(realised_by, moment.end)
    overdue = list(
        agreements.filter(overdue_q(scope.today))
        .select_related("owner", "theme")
        .order_by("due_date", "pk")[:OVERDUE_SHOWN]
    )
    pending = [
        (name, waiting)
        for _pk, name, waiting in unanswered_parties()
        .filter(agreement__in=agreements)
        .values_list("organisation_id", "organisation__name")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "organisation__name", "organisation_id")
    ]
    return AgendaFigures(
        agenda=scope.agenda,
        themes=list(rows.values()),
        total=total,
        overdue=overdue,
        moments=moments,
        topics=_topics(scope, agreements),
        pending=pending[:PENDING_SHOWN],
        pending_others=len(pending[PENDING_SHOWN:]),
        pending_others_count=sum(count for _name, count in pending[PENDING_SHOWN:]),
    )


def _topics(scope, agreements):
    """Each statutory topic with the themes of the period and the agreements (not lapsed) in scope
    that cover it; a topic neither covers is not covered."""
    themes = Theme.statutory_topics.through.objects.filter(theme__agenda=scope.agenda)
    if scope.theme is not None:
        themes = themes.filter(theme=scope.theme)
    covering = Agreement.statutory_topics.through.objects.filter(
        agreement__in=agreements.exclude(status=AgreementStatus.LAPSED)
    )
    return [
        TopicRow(title=title, themes=n_themes, agreements=n_agreements)
        for title, n_themes, n_agreements in StatutoryTopic.objects.annotate(
            n_themes=count_of(themes, "statutorytopic"),
            n_agreements=count_of(covering, "statutorytopic"),
        ).values_list("title", "n_themes", "n_agreements")
    ]


# The money


@dataclass
class MoneyFigures:
    """The gemeente's money per year and for the whole period (budgets.selectors' overviews)."""

    years: list[YearOverview]
    period: YearOverview


def money_figures(scope):
    overviews = year_overviews(list(scope.years))
    return MoneyFigures(years=overviews, period=combined_overview(overviews, label=scope.label))


@dataclass
class WijkMoneyYear:
    year: int
    allocations: int = 0
    budgeted: Decimal = ZERO
    realised: Decimal = ZERO
    pooled: Decimal = ZERO  # the part of `budgeted` that came through pooled budgets

    @property
    def realised_share(self):
        return fraction(self.realised, self.budgeted)

    @property
    def pooled_share(self):
        return fraction(self.pooled, self.budgeted)


@dataclass
class WijkMoney:
    years: list[WijkMoneyYear]
    total: WijkMoneyYear
    by_domain: list[Totals]


def wijk_money(scope):
    """The allocations to the kindcentra of the wijk per year, and per domain of the streams they
    came from; money from a pooled budget counts for each contributing stream's domain by its
    share (budgets.accounting, so the cents agree with the streams' accounts)."""
    allocations = Allocation.objects.filter(year__in=scope.years, kindcentrum__wijk=scope.wijk)
    rows = allocations.values_list(
        "year", "stream__domain", "pooled_budget_id", "budgeted", "realised"
    )
    years = {year: WijkMoneyYear(year=year) for year in scope.years}
    by_domain = {value: Totals(label=label, key=value) for value, label in Domain.choices}
    for year, domain, pool_id, budgeted, realised in rows:
        summary = years[year]
        summary.allocations += 1
        summary.budgeted += budgeted
        summary.realised += realised
        if pool_id is None:
            by_domain[domain].budgeted += budgeted
            by_domain[domain].realised += realised
        else:
            summary.pooled += budgeted
    for domain, (budgeted, realised) in pooled_per_domain(allocations).items():
        by_domain[domain].budgeted += budgeted
        by_domain[domain].realised += realised
    total = WijkMoneyYear(year=0)
    for summary in years.values():
        total.allocations += summary.allocations
        total.budgeted += summary.budgeted
        total.realised += summary.realised
        total.pooled += summary.pooled
    return WijkMoney(
        years=list(years.values()),
        total=total,
        by_domain=[row for row in by_domain.values() if row.budgeted],
    )

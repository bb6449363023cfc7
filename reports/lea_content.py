"""What the LEA document says: everything read from the other apps in a fixed number of queries,
grouped for the template, plus a compact summary that the next version compares itself with."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import (
    LATEST_PROGRESS_FIRST,
    RUNNING_STATUSES,
    Agreement,
    AgreementStatus,
    Confirmation,
    Goal,
    Measurement,
    ProgressUpdate,
    StatutoryTopic,
    Theme,
)
from agenda.selectors import goal_trajectory
from budgets import selectors as budget_selectors
from budgets.models import PooledBudget
from housing.models import HousingProject
from housing.selectors import places_outlook
from kindcentra.models import Kindcentrum, Phase
from kindportaal.formatting import euro
from kindportaal.models import Gemeente, Wijk
from partners.models import OrganisationKind
from reports import figures, overview
from reports.filters import agenda_label
from reports.overview import class_label
from reports.selectors import Scope

# Long lists are cut into tables of at most this many rows: WeasyPrint lays out one long table
# spanning many pages much more slowly than several short ones.
TABLE_ROWS = 30
# The stream × pool matrix shows at most this many pooled budgets side by side: with four, a
# pool's name ("Stadsprogramma 1") no longer fits its column and is hyphenated.
MATRIX_COLUMNS = 3


def chunks(items, size=TABLE_ROWS):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class AgreementEntry:
    agreement: Agreement
    parties: list
    scope: str
    progress: ProgressUpdate | None
    confirmations: list
    waiting_for: list


@dataclass
class ThemeEntry:
    theme: Theme
    number: int
    goals: list = field(default_factory=list)  # (goal, chart)
    agreements: list = field(default_factory=list)  # every agreement, for the summary

    @property
    def running(self):
        """The agreements the parties carry out (adopted or in progress): the theme's body."""
        return [item for item in self.agreements if item.agreement.status in RUNNING_STATUSES]

    @property
    def realised(self):
        return [
            item for item in self.agreements if item.agreement.status == AgreementStatus.REALISED
        ]

    @property
    def groups(self):
        """The theme's agreements as the document shows them: running first, then realised."""
        return [
            (heading, items)
            for heading, items in [
                (_("Running agreements (adopted or in progress)"), self.running),
                (_("Realised agreements"), self.realised),
            ]
            if items
        ]

    @property
    def elsewhere(self):
        """Drafts, proposals and lapsed agreements: listed briefly in the appendix."""
        return [item for item in self.agreements if item.agreement.status in APPENDIX_STATUSES]


# The agreements not (or no longer) carried out, in the appendix's order: every status that is
# neither running nor realised.
APPENDIX_STATUSES = [AgreementStatus.PROPOSED, AgreementStatus.DRAFT, AgreementStatus.LAPSED]


def _appendix(themes):
    """(status label, [(theme entry, agreement entry)]) for every status of the appendix."""
    labels = dict(AgreementStatus.choices)
    groups = defaultdict(list)
    for entry in themes:
        for item in entry.elsewhere:
            groups[item.agreement.status].append((entry, item))
    return [(labels[status], rows) for status in APPENDIX_STATUSES if (rows := groups.get(status))]


def _status_counts(agreements):
    """The opening chapter's figures: how many agreements run, were realised, are prepared or
    lapsed, each with its statuses."""
    counts = defaultdict(int)
    for agreement in agreements:
        counts[agreement.status] += 1
    return {
        "running": sum(counts[status] for status in RUNNING_STATUSES),
        "statuses": [(label, counts[value]) for value, label in AgreementStatus.choices],
        "realised": counts[AgreementStatus.REALISED],
        "elsewhere": sum(counts[status] for status in APPENDIX_STATUSES),
    }


def _scope(agreement):
    if agreement.whole_gemeente:
        return _("The whole gemeente")
    names = [k.name for k in agreement.kindcentra.all()] + [w.name for w in agreement.wijken.all()]
    return ", ".join(sorted(names)) or "—"


def _themes(agenda):
    themes = list(
        agenda.themes.order_by("order", "title").prefetch_related(
            "statutory_topics",
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
                ),
            ),
        )
    )
    latest_progress = (
        ProgressUpdate.objects.filter(agreement=OuterRef("pk"))
        .order_by(*LATEST_PROGRESS_FIRST)
        .values("pk")[:1]
    )
    of_agenda = Agreement.objects.filter(theme__agenda=agenda).annotate(
        latest_progress_id=Subquery(latest_progress)
    )
    agreements = list(
        of_agenda.select_related("owner", "goal")
        .prefetch_related("parties", "kindcentra", "wijken", "statutory_topics")
        .order_by("theme_id", "due_date", "title", "pk")
    )
    # One query however many there are (in_bulk of a list of ids splits a long one).
    progress = {
        update.pk: update
        for update in ProgressUpdate.objects.select_related("organisation").filter(
            pk__in=of_agenda.values("latest_progress_id")
        )
    }
    confirmations = defaultdict(list)
    for confirmation in (
        Confirmation.objects.filter(
            version__agreement__theme__agenda=agenda,
            version__number=F("version__agreement__revision"),
        )
        .select_related("organisation", "version")
        .order_by("organisation__name")
    ):
        confirmations[confirmation.version.agreement_id].append(confirmation)

    by_theme = defaultdict(list)
    for agreement in agreements:
        answers = confirmations.get(agreement.pk, [])
        parties = sorted(agreement.parties.all(), key=lambda o: o.name)
        answered = {c.organisation_id for c in answers}
        waiting = (
            [p for p in parties if p.pk not in answered]
            if agreement.status == AgreementStatus.PROPOSED
            else []
        )
        by_theme[agreement.theme_id].append(
            AgreementEntry(
                agreement=agreement,
                parties=parties,
                scope=_scope(agreement),
                progress=progress.get(agreement.latest_progress_id),
                confirmations=answers,
                waiting_for=waiting,
            )
        )
    entries = []
    for number, theme in enumerate(themes, start=1):
        entry = ThemeEntry(theme=theme, number=number, agreements=by_theme.get(theme.pk, []))
        entry.goals = [(goal, goal_trajectory(goal)) for goal in theme.goals.all()]
        entries.append(entry)
    return entries, agreements


def _parties(agreements):
    """The organisations bound by the agenda's agreements, per kind, with how many they lead."""
    counts = defaultdict(lambda: [0, 0])  # organisation id: [owner of, party to]
    organisations = {}
    for agreement in agreements:
        if agreement.status == AgreementStatus.LAPSED:
            continue
        organisations[agreement.owner_id] = agreement.owner
        counts[agreement.owner_id][0] += 1
        for party in agreement.parties.all():
            organisations[party.pk] = party
            counts[party.pk][1] += 1
    labels = dict(OrganisationKind.choices)
    groups = defaultdict(list)
    for organisation in sorted(organisations.values(), key=lambda o: o.name):
        owner_of, party_to = counts[organisation.pk]
        groups[organisation.kind].append((organisation, owner_of, party_to))
    return [
        (labels.get(kind, kind), rows)
        for kind in OrganisationKind.values
        if (rows := groups.get(kind))
    ]


def _topics(agenda, agreements):
    covering_agreements = defaultdict(int)
    for agreement in agreements:
        if agreement.status == AgreementStatus.LAPSED:
            continue
        for topic in agreement.statutory_topics.all():
            covering_agreements[topic.pk] += 1
    themes_by_topic = defaultdict(list)
    for theme in agenda.themes.prefetch_related("statutory_topics").order_by("order", "title"):
        for topic in theme.statutory_topics.all():
            themes_by_topic[topic.pk].append(theme.title)
    rows = []
    for topic in StatutoryTopic.objects.order_by("order", "title"):
        themes = themes_by_topic.get(topic.pk, [])
        count = covering_agreements.get(topic.pk, 0)
        rows.append({"topic": topic, "themes": themes, "agreements": count})
    return rows


def _kindcentra():
    labels = dict(Phase.choices)
    wijken = {}
    by_wijk = defaultdict(list)
    for kindcentrum in (
        Kindcentrum.objects.filter(is_active=True)
        .select_related("wijk", "lead_organisation")
        .order_by("wijk__name", "name")
    ):
        wijken[kindcentrum.wijk_id] = kindcentrum.wijk
        by_wijk[kindcentrum.wijk_id].append(kindcentrum)
    phase_totals = defaultdict(int)
    for kindcentra in by_wijk.values():
        for kindcentrum in kindcentra:
            phase_totals[kindcentrum.phase] += 1
    return {
        "wijken": [(wijken[wijk_id], kindcentra) for wijk_id, kindcentra in by_wijk.items()],
        "phases": [(labels[value], phase_totals.get(value, 0)) for value in Phase.values],
        "count": sum(phase_totals.values()),
    }


def _housing():
    """Places against children in the housing plan's outlook year: the shortages, what the
    plan does about each and the projects in the wijk ready by then, and the table per wijk."""
    outlook = places_outlook()
    if outlook.plan is None:
        return None
    projects = defaultdict(list)
    for project in (
        HousingProject.objects.filter(plan=outlook.plan, ready_year__lte=outlook.year)
        .exclude(status="cancelled")
        .select_related("building")
        .order_by("ready_year", "name")
    ):
        projects[project.building.wijk_id].append(project)
    return {
        "plan": outlook.plan,
        "year": outlook.year,
        "shortages": [(closing, projects[closing.wijk_id]) for closing in outlook.shortages],
        "tables": list(chunks(outlook.rows)),
    }


def _budgets(agenda):
    years = [
        year
        for year in budget_selectors.budget_years()
        if agenda.start_year <= year <= agenda.end_year
    ]
    if not years:
        return {"years": []}
    overviews = budget_selectors.year_overviews(years)
    pools = list(
        budget_selectors.pool_list()
        .filter(year__in=years)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.filter(theme__agenda=agenda).order_by("pk"))
        )
        .order_by("year", "name")
    )
    matrices = []
    for year in years:
        matrix = budget_selectors.matrix(year)
        if not matrix.pools:
            continue
        # Wide matrices are split into groups of pools; long ones into groups of streams.
        parts = []
        for start in range(0, len(matrix.pools), MATRIX_COLUMNS):
            end = start + MATRIX_COLUMNS
            rows = [
                (row.stream, row.cells[start:end], row.pooled)
                for row in matrix.rows
                if any(cell is not None for cell in row.cells[start:end])
            ]
            parts.append(
                {
                    "pools": matrix.pools[start:end],
                    "row_chunks": list(chunks(rows)),
                    "totals": matrix.column_totals[start:end],
                }
            )
        matrices.append({"matrix": matrix, "parts": parts})
    return {
        "years": years,
        "overviews": overviews,
        "total": budget_selectors.combined_overview(
            overviews, label=f"{agenda.start_year}–{agenda.end_year}"
        ),
        "pool_chunks": list(chunks(pools)),
        "pool_count": len(pools),
        "matrices": matrices,
    }


def summarise(themes, kindcentra, budgets):
    """What the next version compares with: names, statuses and figures, keyed by id."""
    agreements = {}
    goals = {}
    for entry in themes:
        for goal, _chart in entry.goals:
            measurements = list(goal.measurements.all())
            goals[str(goal.pk)] = {
                "name": goal.statement,
                "latest": str(measurements[-1].value) if measurements else None,
            }
        for item in entry.agreements:
            agreement = item.agreement
            agreements[str(agreement.pk)] = {
                "name": agreement.title,
                "status": agreement.status,
                "health": agreement.health,
                "revision": agreement.revision,
                "due": agreement.due_date.isoformat(),
            }
    kindcentra_summary = {
        str(k.pk): {"name": k.name, "phase": k.phase}
        for _wijk, items in kindcentra["wijken"]
        for k in items
    }
    money = {}
    if budgets["years"]:
        total = budgets["total"].total
        money = {"available": str(total.available), "pooled": str(total.pooled)}
    return {
        "agreements": agreements,
        "goals": goals,
        "kindcentra": kindcentra_summary,
        "money": money,
    }


def changes(previous, current):
    """The appendix: what differs between the previous version's summary and this one."""
    if previous is None:
        return None
    status_labels = dict(AgreementStatus.choices)
    phase_labels = dict(Phase.choices)
    rows = []

    def compare(kind, before, after, describe):
        for key, now in after.items():
            was = before.get(key)
            if was is None:
                rows.append((kind, now["name"], _("new")))
            else:
                for text in describe(was, now):
                    rows.append((kind, now["name"], text))
        for key, was in before.items():
            if key not in after:
                rows.append((kind, was["name"], _("removed")))

    def agreement_changes(was, now):
        if was["status"] != now["status"]:
            yield _("status from %(old)s to %(new)s") % {
                "old": status_labels.get(was["status"], was["status"]),
                "new": status_labels.get(now["status"], now["status"]),
            }
        if was["revision"] != now["revision"]:
            yield _("new version %(number)s") % {"number": now["revision"]}
        if was["due"] != now["due"]:
            yield _("due date changed")
        if was["health"] != now["health"] and now["health"]:
            yield _("health changed")

    def goal_changes(was, now):
        if was["latest"] != now["latest"]:
            yield _("new measurement: %(value)s") % {"value": now["latest"]}

    def kindcentrum_changes(was, now):
        if was["phase"] != now["phase"]:
            yield _("phase from %(old)s to %(new)s") % {
                "old": phase_labels.get(was["phase"], was["phase"]),
                "new": phase_labels.get(now["phase"], now["phase"]),
            }

    compare(
        _("Agreement"), previous.get("agreements", {}), current["agreements"], agreement_changes
    )
    compare(_("Goal"), previous.get("goals", {}), current["goals"], goal_changes)
    compare(
        _("Kindcentrum"), previous.get("kindcentra", {}), current["kindcentra"], kindcentrum_changes
    )
    money_before, money_now = previous.get("money", {}), current["money"]
    if money_before != money_now and money_now:
        rows.append(
            (
                _("Budgets"),
                _("Available and pooled money"),
                _("changed to %(available)s available, %(pooled)s pooled")
                % {
                    "available": _euro(money_now["available"]),
                    "pooled": _euro(money_now["pooled"]),
                },
            )
        )
    return list(chunks(rows))


def _euro(text):
    return euro(Decimal(text), 0)


def _overview(document, agenda, gemeente):
    """The opening chapter's headline figures and map of the wijken, as the council's dashboard
    shows them for the agenda's period on the day of the data (the document is the gemeente's, so
    its money is shown as to those who may read the budgets)."""
    scope = Scope(
        label=agenda_label(agenda),
        years=tuple(range(agenda.start_year, agenda.end_year + 1)),
        agenda=agenda,
        wijken=tuple(
            Wijk.objects.order_by("name").only("pk", "name", "children_0_4", "children_4_12")
        ),
        themes=tuple(agenda.themes.order_by("order", "title")),
        today=timezone.localdate(document.data_as_of),
    )
    numbers = {name: read(scope) for name, read in figures.SECTIONS.items()}
    wijk_map = overview.wijk_map(
        scope, reach=numbers["reach"], kindcentra=numbers["kindcentra"], gemeente=gemeente
    )
    rows = sorted(wijk_map.rows, key=lambda row: row.name)
    return {
        "scope": scope,
        "headline": overview.headline_figures(
            scope, numbers, gemeente=gemeente, can_read_budgets=True
        ),
        "map": wijk_map,
        # The map's text: per class (the legend's order, unknown last) its wijken with their
        # values; a table of every wijk would fill pages at city scale.
        "map_classes": [
            (klass, [row for row in rows if class_label(wijk_map, row) == klass.label])
            for klass in wijk_map.classes
        ],
    }


def lea_content(document, previous_summary=None):
    """Everything the template needs for `document` (its agenda, version and dates)."""
    agenda = document.agenda
    themes, agreements = _themes(agenda)
    kindcentra = _kindcentra()
    budgets = _budgets(agenda)
    summary = summarise(themes, kindcentra, budgets)
    pools_with_goals = PooledBudget.objects.filter(goals__theme__agenda=agenda).distinct().count()
    gemeente = Gemeente.current()
    return {
        "document": document,
        "agenda": agenda,
        "gemeente": gemeente,
        "overview": _overview(document, agenda, gemeente),
        "themes": themes,
        "agreement_count": len(agreements),
        "open_count": sum(1 for a in agreements if a.is_open),
        "parties": _parties(agreements),
        "appendix": _appendix(themes),
        "status_counts": _status_counts(agreements),
        "topics": _topics(agenda, agreements),
        "kindcentra": kindcentra,
        "housing": _housing(),
        "budgets": budgets,
        "pools_with_goals": pools_with_goals,
        "changes": changes(previous_summary, summary),
        "has_previous": previous_summary is not None,
        "summary": summary,
        "status_labels": dict(AgreementStatus.choices),
        "uncovered": [row["topic"] for row in _uncovered(agenda)],
    }


def _uncovered(agenda):
    from agenda.selectors import uncovered_topics

    return [{"topic": topic} for topic in uncovered_topics(agenda)]

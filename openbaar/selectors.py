"""What is public: the one definition, read by the public pages, the open data and the API.

Everything the gemeente publishes is read here and nowhere else. Each function returns plain
records (frozen dataclasses) that hold only the public fields, so a page, a data file or a
serializer built on them cannot show what is not public: no internal notes, no names of people,
no draft or proposed agreements, no progress texts, no answers of the parties, no versions, no
minutes unless a policy officer marked the meeting public.

- the LEA: the adopted period (the current one when it is adopted, else the latest adopted one)
  with its themes, goals and measured values;
- agreements: adopted, in progress or realised, of an adopted period, and published by a policy
  officer (`Agreement.is_public`); a changed agreement that waits for confirmation again is not
  public until it is adopted again;
- meetings: of an adopted period and marked public (`Meeting.is_public`);
- kindcentra: the active ones with their wijk and phase;
- wijken: the dashboard's public figures per wijk (children, places, kindcentra per phase);
- the LEA document: the latest made version a policy officer published (`LeaDocument.is_public`).

Nothing is public while the gemeente has not switched the public pages on
(`PUBLIC_PAGES_ENABLED`): `enabled()` says so; the views and the API answer 404 then.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

from agenda.models import (
    PUBLISHABLE_STATUSES,
    Agenda,
    AgendaStatus,
    Agreement,
    AgreementStatus,
    Goal,
    Health,
    Measurement,
    Meeting,
    MeetingDecision,
    Theme,
)
from agenda.selectors import goal_progress
from kindcentra.models import Kindcentrum, Phase
from kindportaal.models import Gemeente, Wijk
from partners.models import Organisation
from reports.models import DocumentStatus, LeaDocument
from reports.selectors import Scope, reach_figures

# The statuses of an agreement the parties adopted: only these can be public.
PUBLIC_AGREEMENT_STATUSES = PUBLISHABLE_STATUSES


def enabled() -> bool:
    """Whether the gemeente publishes at all (the setting PUBLIC_PAGES_ENABLED)."""
    return settings.PUBLIC_PAGES_ENABLED


# The records


@dataclass(frozen=True)
class PublicMeasurement:
    value: Decimal
    measured_on: datetime.date
    source: str


@dataclass(frozen=True)
class PublicGoal:
    id: int
    theme_id: int
    statement: str
    indicator: str
    unit: str
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    target_year: int
    latest_value: Decimal | None
    latest_on: datetime.date | None
    verdict: str  # reached, on_course, behind or not_measured (agenda.selectors.goal_progress)
    measurements: tuple[PublicMeasurement, ...]


@dataclass(frozen=True)
class PublicTheme:
    id: int
    title: str
    description: str
    order: int
    statutory_topics: tuple[str, ...]
    goals: tuple[PublicGoal, ...]


@dataclass(frozen=True)
class PublicAgenda:
    id: int
    title: str
    start_year: int
    end_year: int
    adopted_on: datetime.date
    adopted_by: str  # the label: Gemeenteraad or College van B&W
    foreword: str
    themes: tuple[PublicTheme, ...]


@dataclass(frozen=True)
class PublicAgreement:
    id: int
    title: str
    description: str
    agenda_id: int
    theme_id: int
    theme: str
    goal_id: int | None
    goal: str
    owner: str  # the leading organisation's name
    parties: tuple[str, ...]  # the organisations' names
    whole_gemeente: bool
    wijken: tuple[str, ...]
    kindcentra: tuple[str, ...]
    start_date: datetime.date
    due_date: datetime.date
    status: str  # adopted, in_progress or realised
    status_label: str
    adopted_on: datetime.date | None
    health: str  # on_track, at_risk, off_track or "" (no progress reported yet)
    health_label: str
    progress_percent: int | None
    last_progress_on: datetime.date | None


@dataclass(frozen=True)
class PublicDecision:
    text: str
    agreement_ids: tuple[int, ...]  # only the public agreements among those it is about


@dataclass(frozen=True)
class PublicMeeting:
    id: int
    agenda_id: int
    title: str
    held_on: datetime.date
    place: str
    organisations: tuple[str, ...]
    minutes: str
    decisions: tuple[PublicDecision, ...]


@dataclass(frozen=True)
class PublicKindcentrum:
    id: int
    name: str
    wijk_id: int
    wijk: str
    lead_organisation: str
    phase: int  # 1 to 5 (kindcentra.models.Phase)
    phase_label: str
    age_from: int
    age_to: int


@dataclass(frozen=True)
class PublicWijk:
    """The dashboard's public figures of one wijk (reports.selectors.reach_figures)."""

    id: int
    name: str
    cbs_code: str
    reference_year: int | None
    children_0_4: int | None
    children_4_12: int | None
    vve_places: int
    childcare_places: int
    vve_per_100: Decimal | None
    childcare_per_100: Decimal | None
    kindcentra: int
    kindcentra_per_phase: tuple[int, ...]  # in the order of Phase.values


@dataclass(frozen=True)
class PublicLeaDocument:
    id: int
    agenda_id: int
    agenda: str
    version: int
    made_at: datetime.datetime | None
    data_as_of: datetime.datetime | None
    page_count: int | None
    size: int | None
    sha256: str
    file_name: str


# The reads


def public_agenda_period() -> Agenda | None:
    """The adopted LEA period the public pages show: the current one when it is adopted, else
    the latest adopted one; None when no period is adopted."""
    adopted = Agenda.objects.filter(status=AgendaStatus.ADOPTED)
    return adopted.order_by("-is_current", "-start_year", "-pk").first()


def public_agenda() -> PublicAgenda | None:
    """The adopted LEA with its themes, goals and measured values."""
    agenda = public_agenda_period()
    if agenda is None:
        return None
    themes = (
        Theme.objects.filter(agenda=agenda)
        .order_by("order", "title")
        .prefetch_related(
            "statutory_topics",
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
                ),
            ),
        )
    )
    return PublicAgenda(
        id=agenda.pk,
        title=agenda.title,
        start_year=agenda.start_year,
        end_year=agenda.end_year,
        adopted_on=agenda.adopted_on,
        adopted_by=agenda.get_adopted_by_display(),
        foreword=agenda.foreword,
        themes=tuple(
            PublicTheme(
                id=theme.pk,
                title=theme.title,
                description=theme.description,
                order=theme.order,
                statutory_topics=tuple(t.title for t in theme.statutory_topics.all()),
                goals=tuple(_goal(goal) for goal in theme.goals.all()),
            )
            for theme in themes
        ),
    )


def _goal(goal):
    progress = goal_progress(goal)
    return PublicGoal(
        id=goal.pk,
        theme_id=goal.theme_id,
        statement=goal.statement,
        indicator=goal.indicator,
        unit=goal.unit,
        baseline_value=goal.baseline_value,
        baseline_year=goal.baseline_year,
        target_value=goal.target_value,
        target_year=goal.target_year,
        latest_value=progress.latest,
        latest_on=progress.latest_on,
        verdict=progress.verdict,
        measurements=tuple(
            PublicMeasurement(m.value, m.measured_on, m.source) for m in goal.measurements.all()
        ),
    )


def public_agreement_q(prefix="") -> Q:
    """The one condition of a public agreement, as a Q (`prefix` for a related agreement)."""
    return Q(
        **{
            f"{prefix}is_public": True,
            f"{prefix}status__in": PUBLIC_AGREEMENT_STATUSES,
            f"{prefix}theme__agenda__status": AgendaStatus.ADOPTED,
        }
    )


def published_agreements():
    """The queryset of the public agreements: the one condition, for pages that filter or
    paginate in the database. Give its rows to `public_agreement` to show them."""
    names = Organisation.objects.only("name").order_by("name")
    return (
        Agreement.objects.filter(public_agreement_q())
        .select_related("theme", "goal", "owner")
        .prefetch_related(
            Prefetch("parties", queryset=names, to_attr="public_parties"),
            Prefetch("wijken", queryset=Wijk.objects.only("name"), to_attr="public_wijken"),
            Prefetch(
                "kindcentra", queryset=Kindcentrum.objects.only("name"), to_attr="public_kindcentra"
            ),
        )
        .order_by("theme__order", "due_date", "title", "pk")
    )


@functools.cache
def _labels(language):
    return {
        "status": {value: str(label) for value, label in AgreementStatus.choices},
        "health": {value: str(label) for value, label in Health.choices},
    }


def public_agreement(agreement) -> PublicAgreement:
    """One agreement of `published_agreements()` as its public record."""
    labels = _labels(get_language())
    return PublicAgreement(
        id=agreement.pk,
        title=agreement.title,
        description=agreement.description,
        agenda_id=agreement.theme.agenda_id,
        theme_id=agreement.theme_id,
        theme=agreement.theme.title,
        goal_id=agreement.goal_id,
        goal=agreement.goal.statement if agreement.goal else "",
        owner=agreement.owner.name,
        parties=tuple(p.name for p in agreement.public_parties),
        whole_gemeente=agreement.whole_gemeente,
        wijken=tuple(sorted(w.name for w in agreement.public_wijken)),
        kindcentra=tuple(sorted(k.name for k in agreement.public_kindcentra)),
        start_date=agreement.start_date,
        due_date=agreement.due_date,
        status=agreement.status,
        status_label=labels["status"][agreement.status],
        adopted_on=agreement.adopted_on,
        health=agreement.health,
        health_label=labels["health"].get(agreement.health, ""),
        progress_percent=agreement.progress_percent,
        last_progress_on=agreement.last_progress_on,
    )


def public_agreement_counts() -> dict:
    """How many agreements are public, in all and per health ("" without progress yet)."""
    per_health = dict(
        published_agreements()
        .order_by()
        .values_list("health")
        .annotate(count=Count("pk"))
        .values_list("health", "count")
    )
    return {"total": sum(per_health.values()), **per_health}


def public_agreements() -> list[PublicAgreement]:
    """Every public agreement (adopted, in progress or realised; published), by theme and date."""
    return [public_agreement(agreement) for agreement in published_agreements()]


def public_agreement_by_id(pk) -> PublicAgreement | None:
    agreement = published_agreements().filter(pk=pk).first()
    return public_agreement(agreement) if agreement is not None else None


def _public_meetings_q():
    return Q(is_public=True, agenda__status=AgendaStatus.ADOPTED)


def public_meeting_count() -> int:
    return Meeting.objects.filter(_public_meetings_q()).count()


def public_meetings() -> list[PublicMeeting]:
    """The meetings marked public, of an adopted period, the latest first."""
    public_ids = set(published_agreements().values_list("pk", flat=True))
    meetings = (
        Meeting.objects.filter(_public_meetings_q())
        .order_by("-held_on", "title")
        .prefetch_related(
            "organisations",
            Prefetch(
                "decisions",
                queryset=MeetingDecision.objects.order_by("created_at", "pk").prefetch_related(
                    "agreements"
                ),
            ),
        )
    )
    return [
        PublicMeeting(
            id=meeting.pk,
            agenda_id=meeting.agenda_id,
            title=meeting.title,
            held_on=meeting.held_on,
            place=meeting.place,
            organisations=tuple(sorted(o.name for o in meeting.organisations.all())),
            minutes=meeting.minutes,
            decisions=tuple(
                PublicDecision(
                    text=decision.text,
                    agreement_ids=tuple(
                        a.pk for a in decision.agreements.all() if a.pk in public_ids
                    ),
                )
                for decision in meeting.decisions.all()
            ),
        )
        for meeting in meetings
    ]


def _active_kindcentra():
    return Kindcentrum.objects.filter(is_active=True)


def public_kindcentra_per_phase() -> dict[str, int]:
    """How many active kindcentra there are in each phase, counted by the database (the
    overview shows only the counts)."""
    return dict(_active_kindcentra().order_by().values_list("phase").annotate(Count("pk")))


def public_kindcentra() -> list[PublicKindcentrum]:
    """The active kindcentra with their wijk and phase, by wijk and name."""
    kindcentra = (
        _active_kindcentra()
        .select_related("wijk", "lead_organisation")
        .order_by("wijk__name", "name")
    )
    return [
        PublicKindcentrum(
            id=k.pk,
            name=k.name,
            wijk_id=k.wijk_id,
            wijk=k.wijk.name,
            lead_organisation=k.lead_organisation.name,
            phase=k.phase,
            phase_label=k.get_phase_display(),
            age_from=k.age_from,
            age_to=k.age_to,
        )
        for k in kindcentra
    ]


def public_scope() -> Scope:
    """The dashboard's scope of the public figures: this year, every wijk, the public period."""
    today = timezone.localdate()
    return Scope(
        label=str(today.year),
        years=(today.year,),
        agenda=public_agenda_period(),
        wijken=tuple(
            Wijk.objects.order_by("name").only("pk", "name", "children_0_4", "children_4_12")
        ),
        today=today,
    )


def public_wijken(scope=None) -> list[PublicWijk]:
    """Per wijk the dashboard's public figures: its children (CBS), the places of its active
    locations (VVE, childcare: LRK) against them, and its active kindcentra per phase."""
    scope = scope or public_scope()
    reach = {row.wijk_id: row for row in reach_figures(scope).rows}
    phases = {wijk.pk: dict.fromkeys(Phase.values, 0) for wijk in scope.wijken}
    active = Kindcentrum.objects.filter(is_active=True).values_list("wijk_id", "phase")
    for wijk_id, phase in active:
        phases.setdefault(wijk_id, dict.fromkeys(Phase.values, 0))[phase] += 1
    codes = {
        pk: (code, year)
        for pk, code, year in Wijk.objects.values_list("pk", "cbs_code", "reference_year")
    }
    rows = []
    for wijk in scope.wijken:
        row = reach[wijk.pk]
        counts = tuple(phases[wijk.pk].values())
        rows.append(
            PublicWijk(
                id=wijk.pk,
                name=wijk.name,
                cbs_code=codes[wijk.pk][0],
                reference_year=codes[wijk.pk][1],
                children_0_4=row.children_0_4,
                children_4_12=row.children_4_12,
                vve_places=row.vve_places,
                childcare_places=row.childcare_places,
                vve_per_100=row.vve_per_100,
                childcare_per_100=row.childcare_per_100,
                kindcentra=sum(counts),
                kindcentra_per_phase=counts,
            )
        )
    return rows


def public_lea_document() -> PublicLeaDocument | None:
    """The latest made version of an adopted period's LEA document that a policy officer
    published, the current period's first."""
    document = (
        LeaDocument.objects.filter(
            is_public=True,
            status=DocumentStatus.DONE,
            agenda__status=AgendaStatus.ADOPTED,
        )
        .exclude(file="")
        .select_related("agenda")
        .order_by("-agenda__is_current", "-agenda__start_year", "-version")
        .first()
    )
    if document is None:
        return None
    return PublicLeaDocument(
        id=document.pk,
        agenda_id=document.agenda_id,
        agenda=document.agenda.title,
        version=document.version,
        made_at=document.finished_at,
        data_as_of=document.data_as_of,
        page_count=document.page_count,
        size=document.size,
        sha256=document.sha256,
        file_name=document.file_name,
    )


def public_lea_file(document_id):
    """The file of a public LEA document (for its download), or None."""
    document = public_lea_document()
    if document is None or document.id != document_id:
        return None
    return LeaDocument.objects.get(pk=document_id).file


def gemeente() -> Gemeente:
    """The publisher: the gemeente that runs the portal."""
    return Gemeente.current()


def last_modified() -> datetime.datetime | None:
    """When the public data last changed, as far as the records tell: the latest history entry
    of an agreement, goal, measurement, theme, kindcentrum or wijk (for the catalogue)."""
    moments = [
        model.history.aggregate(latest=Max("history_date"))["latest"]
        for model in (Agreement, Theme, Goal, Measurement, Meeting, Kindcentrum, Wijk)
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None

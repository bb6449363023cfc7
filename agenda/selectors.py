"""Reads of the agenda that need care: prefetching, what a person is waiting on, the goal chart."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import (
    LATEST_PROGRESS_FIRST,
    OPEN_STATUSES,
    Agenda,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Confirmation,
    Goal,
    Meeting,
    MeetingDecision,
    ProgressUpdate,
    StatutoryTopic,
    Theme,
    overdue_q,
)
from kindportaal.charts import Chart, Series
from kindportaal.permissions import is_partner_director
from partners.permissions import member_organisation_ids

S = AgreementStatus
DUE_SOON_DAYS = 30


def current_agenda():
    return Agenda.objects.filter(is_current=True).first() or Agenda.objects.first()


def agreement_list():
    return Agreement.objects.select_related("theme", "owner", "goal").prefetch_related("parties")


def in_wijk_q(wijk_id):
    """Agreements for the wijk itself or for a kindcentrum in it."""
    wijken = Agreement.wijken.through.objects.filter(agreement_id=OuterRef("pk"), wijk_id=wijk_id)
    kindcentra = Agreement.kindcentra.through.objects.filter(
        agreement_id=OuterRef("pk"), kindcentrum__wijk_id=wijk_id
    )
    return Q(Exists(wijken) | Exists(kindcentra))


def unanswered_parties():
    """The parties of proposed agreements that have not answered the current version yet, as rows
    of Agreement.parties.through (agreement_id, organisation_id)."""
    answered = Confirmation.objects.filter(
        version__agreement_id=OuterRef("agreement_id"),
        version__number=OuterRef("agreement__revision"),
        organisation_id=OuterRef("organisation_id"),
    )
    return Agreement.parties.through.objects.filter(agreement__status=S.PROPOSED).exclude(
        Exists(answered)
    )


def agenda_overview(agenda):
    """The agenda page: themes in order with their goals and agreements counted by status,
    the statutory topics that nothing covers yet, and the latest meetings."""
    by_status = {
        f"n_{status}": Count("agreements", filter=Q(agreements__status=status), distinct=True)
        for status in S.values
    }
    themes = list(
        agenda.themes.annotate(
            n_agreements=Count("agreements", distinct=True),
            n_overdue=Count("agreements", filter=overdue_q(prefix="agreements__"), distinct=True),
            **by_status,
        )
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "pk")),
            "statutory_topics",
        )
        .order_by("order", "title")
    )
    for theme in themes:
        theme.status_summary = ", ".join(
            f"{str(label).lower()}: {getattr(theme, f'n_{value}')}"
            for value, label in S.choices
            if getattr(theme, f"n_{value}")
        )
    return {
        "themes": themes,
        "uncovered_topics": uncovered_topics(agenda),
        "meetings": list(agenda.meetings.order_by("-held_on")[:5]),
    }


def uncovered_topics(agenda):
    """Statutory topics that no theme of this agenda and no agreement under it covers yet."""
    by_theme = Theme.objects.filter(agenda=agenda, statutory_topics=OuterRef("pk"))
    by_agreement = Agreement.objects.filter(
        theme__agenda=agenda, statutory_topics=OuterRef("pk")
    ).exclude(status=S.LAPSED)
    return list(StatutoryTopic.objects.exclude(Exists(by_theme)).exclude(Exists(by_agreement)))


def agreement_detail_queryset():
    versions = AgreementVersion.objects.select_related("created_by").prefetch_related(
        Prefetch(
            "confirmations",
            queryset=Confirmation.objects.select_related("organisation", "decided_by"),
        )
    )
    return Agreement.objects.select_related(
        "theme", "theme__agenda", "goal", "owner", "created_by"
    ).prefetch_related(
        "parties",
        "kindcentra",
        "wijken",
        "statutory_topics",
        Prefetch("versions", queryset=versions.order_by("-number")),
        Prefetch(
            "progress_updates",
            queryset=ProgressUpdate.objects.select_related("author", "organisation").order_by(
                *LATEST_PROGRESS_FIRST
            ),
        ),
        Prefetch(
            "decisions",
            queryset=MeetingDecision.objects.select_related("meeting").order_by(
                "-meeting__held_on", "pk"
            ),
        ),
    )


@dataclass
class PartyAnswer:
    organisation: object
    confirmation: Confirmation | None


def party_answers(agreement):
    """Each party with its answer to the current version (None: not answered yet)."""
    versions = list(agreement.versions.all())
    current = next((v for v in versions if v.number == agreement.revision), None)
    answers = {c.organisation_id: c for c in current.confirmations.all()} if current else {}
    return [PartyAnswer(party, answers.get(party.pk)) for party in agreement.parties.all()]


ORGANISATION_PANEL_LIMIT = 50


def agreements_of_organisation(organisation, *, limit=ORGANISATION_PANEL_LIMIT):
    """The agreements an organisation leads or is party to, open ones first and then by due
    date, with `leads` set on each; one query. Returns the first `limit` and whether there are
    more."""
    parties = Agreement.parties.through.objects.filter(
        agreement_id=OuterRef("pk"), organisation_id=organisation.pk
    )
    agreements = list(
        Agreement.objects.filter(Q(owner=organisation) | Exists(parties))
        .annotate(
            leads=ExpressionWrapper(Q(owner=organisation), output_field=BooleanField()),
            closed=ExpressionWrapper(~Q(status__in=OPEN_STATUSES), output_field=BooleanField()),
        )
        .order_by("closed", "due_date", "title", "pk")[: limit + 1]
    )
    return agreements[:limit], len(agreements) > limit


def answers_of(agreement, *, organisation_ids):
    """The answers these organisations gave to the current version (for "your answer")."""
    return [
        answer
        for answer in party_answers(agreement)
        if answer.confirmation and answer.organisation.pk in organisation_ids
    ]


def my_agreements(user, *, limit=8):
    """ "Mijn afspraken": what waits for this person's confirmation, what is due soon, what is
    overdue. For partner directors: the agreements of their organisations; for others (who see
    the whole agenda): all agreements."""
    today = timezone.localdate()
    base = Agreement.objects.select_related("owner", "theme")
    org_ids = list(member_organisation_ids(user)) if is_partner_director(user) else None
    if org_ids is not None:
        base = base.filter(
            Q(owner_id__in=org_ids)
            | Exists(
                Agreement.parties.through.objects.filter(
                    agreement_id=OuterRef("pk"), organisation_id__in=org_ids
                )
            )
        )
        unanswered = unanswered_parties().filter(
            agreement_id=OuterRef("pk"), organisation_id__in=org_ids
        )
        pending = base.filter(status=S.PROPOSED).filter(Exists(unanswered))
    else:
        pending = base.filter(status=S.PROPOSED)
    due_soon = base.filter(
        status__in=OPEN_STATUSES,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    overdue = base.filter(overdue_q(today))
    return {
        "is_director": org_ids is not None,
        "pending": list(pending.order_by("due_date", "pk")[:limit]),
        "due_soon": list(due_soon.order_by("due_date", "pk")[:limit]),
        "overdue": list(overdue.order_by("due_date", "pk")[:limit]),
        "limit": limit,
        "due_soon_days": DUE_SOON_DAYS,
    }


def goal_detail_queryset():
    return Goal.objects.select_related("theme", "theme__agenda").prefetch_related(
        "measurements",
        Prefetch(
            "agreements",
            queryset=Agreement.objects.select_related("owner").order_by("due_date", "pk"),
        ),
    )


@dataclass(frozen=True)
class GoalProgress:
    """Where a goal stands: its latest measured value against the straight path from the
    baseline to the target. `verdict` is reached, on_course, behind or not_measured."""

    goal: object
    latest: Decimal | None
    latest_on: datetime.date | None
    expected: Decimal | None  # the path's value in the year of the latest measurement
    verdict: str

    @property
    def rising(self):
        """Whether the goal is to go up (more reach) rather than down (shorter waits)."""
        return self.goal.target_value >= self.goal.baseline_value


REACHED, ON_COURSE, BEHIND, NOT_MEASURED = "reached", "on_course", "behind", "not_measured"


def goal_progress(goal) -> GoalProgress:
    """The one definition of a goal's verdict, used by its page, the dashboard and the LEA
    document (from the goal's prefetched measurements)."""
    measurements = sorted(goal.measurements.all(), key=lambda m: (m.measured_on, m.pk))
    if not measurements:
        return GoalProgress(goal, None, None, None, NOT_MEASURED)
    latest = measurements[-1]
    span = goal.target_year - goal.baseline_year
    year = min(max(latest.measured_on.year, goal.baseline_year), goal.target_year)
    if span:
        expected = goal.baseline_value + (goal.target_value - goal.baseline_value) * Decimal(
            year - goal.baseline_year
        ) / Decimal(span)
    else:
        expected = goal.target_value
    sign = 1 if goal.target_value >= goal.baseline_value else -1
    if sign * latest.value >= sign * goal.target_value:
        verdict = REACHED
    elif sign * latest.value >= sign * expected:
        verdict = ON_COURSE
    else:
        verdict = BEHIND
    return GoalProgress(goal, latest.value, latest.measured_on, expected, verdict)


def goal_trajectory(goal):
    """The goal's chart: per year the measured value (the latest of that year, the baseline in
    its year) and the straight path from the baseline to the target."""
    measured = {goal.baseline_year: goal.baseline_value}
    for measurement in sorted(goal.measurements.all(), key=lambda m: (m.measured_on, m.pk)):
        measured[measurement.measured_on.year] = measurement.value
    first = min(goal.baseline_year, *measured)
    last = max(goal.target_year, *measured)
    years = list(range(first, last + 1))
    span = goal.target_year - goal.baseline_year

    def path(year):
        if year < goal.baseline_year or year > goal.target_year:
            return None
        if span == 0:
            return goal.target_value
        step = (goal.target_value - goal.baseline_value) / span
        return (goal.baseline_value + step * (year - goal.baseline_year)).quantize(Decimal("0.1"))

    return Chart(
        title=_("Trajectory of “%(goal)s”") % {"goal": goal.statement},
        description=_(
            "%(indicator)s: measured values per year from the baseline of %(baseline)s in "
            "%(baseline_year)s, and the path to the target of %(target)s in %(target_year)s."
        )
        % {
            "indicator": goal.indicator,
            "baseline": goal.baseline_value,
            "baseline_year": goal.baseline_year,
            "target": goal.target_value,
            "target_year": goal.target_year,
        },
        categories=[str(year) for year in years],
        series=[
            Series(_("Measured"), [measured.get(year) for year in years]),
            Series(_("Path to the target"), [path(year) for year in years]),
        ],
        kind="line",
        unit=goal.unit if len(goal.unit) <= 3 else "",
        targets=[None, (str(goal.target_year), goal.target_value)],
    )


def meeting_detail_queryset():
    return Meeting.objects.select_related("agenda", "created_by").prefetch_related(
        "organisations",
        "attendees",
        Prefetch(
            "decisions",
            queryset=MeetingDecision.objects.prefetch_related("agreements").order_by("pk"),
        ),
    )

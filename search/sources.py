"""What can be found, per kind: the fields searched, who may find which records, and how a result
is described. The permission rules are the apps' own (the same functions their pages use), so a
person finds exactly what they may open.

Only a model's own columns are searched: the database keeps an index of exactly these fields per
kind (search/migrations), current with every write. What a result says about its context (wijk,
organisation, status) comes from its related records when it is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agenda.permissions import can_read_agenda
from budgets.permissions import can_read_budgets, visible_allocations
from kindportaal.permissions import can_read_portal


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    model_label: str
    # The field shown as the result's title, then the other fields searched.
    title: str
    fields: tuple[str, ...]
    describe: Callable
    # Who may find records of this kind at all; `restrict` narrows them per record where the
    # app's rules do (a partner director's own allocations).
    can_read: Callable = can_read_portal
    restrict: Callable | None = None
    # What `describe` reads.
    related: tuple[str, ...] = ()
    url: Callable = lambda obj: obj.get_absolute_url()

    def visible(self, user):
        """The records of this kind this person may find."""
        queryset = self.model.objects.select_related(*self.related)
        if self.restrict is not None:
            return self.restrict(user, queryset)
        return queryset if self.can_read(user) else queryset.none()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def searched(self):
        return (self.title, *self.fields)

    @property
    def index_name(self):
        return f"search_{self.kind}"


def _joined(*parts):
    return " · ".join(str(part) for part in parts if part not in (None, ""))


def _allocation_source(allocation):
    return allocation.stream or allocation.pooled_budget


SOURCES = [
    Source(
        kind="agreement",
        label=_("Agreements"),
        model_label="agenda.Agreement",
        title="title",
        fields=("description",),
        can_read=can_read_agenda,
        related=("owner",),
        describe=lambda a: _joined(a.owner.name, a.get_status_display()),
    ),
    Source(
        kind="goal",
        label=_("Goals"),
        model_label="agenda.Goal",
        title="statement",
        fields=("indicator",),
        can_read=can_read_agenda,
        related=("theme",),
        describe=lambda goal: _joined(_("Theme"), goal.theme.title),
    ),
    Source(
        kind="theme",
        label=_("Themes"),
        model_label="agenda.Theme",
        title="title",
        fields=("description",),
        can_read=can_read_agenda,
        related=("agenda",),
        describe=lambda theme: theme.agenda.title,
        url=lambda theme: (
            reverse("agenda:agenda_detail", args=[theme.agenda_id]) + f"#theme-{theme.pk}"
        ),
    ),
    Source(
        kind="meeting",
        label=_("Meetings"),
        model_label="agenda.Meeting",
        title="title",
        fields=("place", "minutes"),
        can_read=can_read_agenda,
        describe=lambda meeting: _joined(date_format(meeting.held_on), meeting.place),
    ),
    Source(
        kind="decision",
        label=_("Decisions"),
        model_label="agenda.MeetingDecision",
        title="text",
        fields=(),
        can_read=can_read_agenda,
        related=("meeting",),
        describe=lambda decision: _joined(
            decision.meeting.title, date_format(decision.meeting.held_on)
        ),
        url=lambda decision: decision.meeting.get_absolute_url(),
    ),
    Source(
        kind="organisation",
        label=_("Organisations"),
        model_label="partners.Organisation",
        title="name",
        fields=("kvk_number", "duo_board_number"),
        describe=lambda organisation: organisation.get_kind_display(),
    ),
    Source(
        kind="location",
        label=_("Locations"),
        model_label="partners.Location",
        title="name",
        fields=("school_code", "lrk_number", "street", "postcode", "city"),
        related=(
            "organisation",
            "wijk",
        ),
        describe=lambda location: _joined(
            location.get_kind_display(),
            location.organisation.name,
            location.address,
            location.wijk and location.wijk.name,
        ),
    ),
    Source(
        kind="kindcentrum",
        label=_("Kindcentra"),
        model_label="kindcentra.Kindcentrum",
        title="name",
        fields=("vision",),
        related=("wijk",),
        describe=lambda kindcentrum: _joined(
            kindcentrum.wijk.name, kindcentrum.get_phase_display()
        ),
    ),
    Source(
        kind="wijk",
        label=_("Wijken"),
        model_label="kindportaal.Wijk",
        title="name",
        fields=("cbs_code",),
        describe=lambda wijk: _joined(_("Wijk"), wijk.cbs_code),
    ),
    Source(
        kind="stream",
        label=_("Funding streams"),
        model_label="budgets.FundingStream",
        title="name",
        fields=("code", "legal_basis", "purpose"),
        can_read=can_read_budgets,
        describe=lambda stream: _joined(stream.year, stream.get_source_display()),
    ),
    Source(
        kind="pool",
        label=_("Pooled budgets"),
        model_label="budgets.PooledBudget",
        title="name",
        fields=("description",),
        can_read=can_read_budgets,
        describe=lambda pool: _joined(_("Pooled budget"), pool.year),
    ),
    Source(
        kind="allocation",
        label=_("Allocations"),
        model_label="budgets.Allocation",
        title="description",
        fields=(),
        restrict=visible_allocations,
        related=("organisation", "stream", "pooled_budget"),
        describe=lambda allocation: _joined(
            allocation.organisation and allocation.organisation.name,
            allocation.year,
            _allocation_source(allocation),
        ),
    ),
]

SOURCES_BY_KIND = {source.kind: source for source in SOURCES}

"""The lists of the budgets app (streams, pooled budgets, allocations) and the account export, as
the shared list helper describes them: one set of columns for the page and the download."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from budgets.forms import AllocationFilterForm, PoolFilterForm, StreamFilterForm
from budgets.selectors import account_lines
from kindportaal.exports import ExportColumn
from kindportaal.listing import Column, ListSpec, url_of


def _display(name):
    return lambda obj: getattr(obj, f"get_{name}_display")()


def _source_name(allocation):
    return str(allocation.stream or allocation.pooled_budget)


def _source_kind(allocation):
    return str(_("Funding stream") if allocation.stream_id else _("Pooled budget"))


def _text(name):
    getter = attrgetter(name)

    def value(obj):
        related = getter(obj)
        return str(related) if related is not None else ""

    return value


STREAMS = ListSpec(
    name=_("Funding streams"),
    columns=[
        Column.attr("code", _("Code")),
        Column.attr("name", _("Name"), link=url_of),
        Column.year("year", _("Year")),
        Column("domain", _("Domain"), _display("domain"), order_by="domain"),
        Column("source", _("Source"), _display("source"), order_by="source"),
        Column(
            "accountability",
            _("Accountability"),
            _display("accountability"),
            order_by="accountability",
        ),
        Column.attr("iv3", _("Iv3 taakveld"), "iv3_taakveld"),
        Column("poolable", _("Pooling allowed"), attrgetter("poolable"), kind="bool"),
        Column.attr("amount", _("Amount"), kind="money"),
        Column.attr("allocated", _("Allocated directly"), kind="money"),
        Column.attr("pooled", _("Pooled"), kind="money"),
        Column.attr("remaining", _("Left"), kind="money"),
        Column("legal_basis", _("Legal basis"), attrgetter("legal_basis"), show=False),
        Column("purpose", _("Purpose"), attrgetter("purpose"), show=False),
        Column("earmarked", _("Earmarked"), attrgetter("earmarked"), kind="bool", show=False),
    ],
    filter_form=StreamFilterForm,
    default_sort="code",
    tiebreak="-year",
    caption=_("Funding streams with what they allocated directly, pooled and have left"),
)

POOLS = ListSpec(
    name=_("Pooled budgets"),
    columns=[
        Column.attr("name", _("Name"), link=url_of),
        Column.year("year", _("Year")),
        Column("streams", _("Streams"), attrgetter("stream_count"), kind="number"),
        Column.attr("received", _("Received"), kind="money"),
        Column.attr("allocated", _("Allocated"), kind="money"),
        Column.attr("realised", _("Realised"), kind="money"),
        Column("description", _("Description"), attrgetter("description"), show=False),
    ],
    filter_form=PoolFilterForm,
    default_sort="-year",
    tiebreak="name",
)

ALLOCATIONS = ListSpec(
    name=_("Allocations"),
    columns=[
        Column.year("year", _("Year")),
        Column.attr("description", _("Description"), link=url_of),
        Column("source_kind", _("Kind of source"), _source_kind, show=False),
        Column("source", _("From"), _source_name),
        Column(
            "organisation",
            _("Organisation"),
            _text("organisation"),
            order_by="organisation__name",
        ),
        Column("kindcentrum", _("Kindcentrum"), _text("kindcentrum"), order_by="kindcentrum__name"),
        Column("agreement", _("Agreement"), _text("agreement"), show=False),
        Column("period_start", _("From date"), attrgetter("period_start"), kind="date", show=False),
        Column("period_end", _("Until date"), attrgetter("period_end"), kind="date", show=False),
        Column.attr("budgeted", _("Budgeted"), kind="money"),
        Column.attr("realised", _("Realised"), kind="money"),
    ],
    filter_form=AllocationFilterForm,
    default_sort="-year",
    tiebreak="pk",
)


ACCOUNT_COLUMNS = [
    ExportColumn(_("Stream code")),
    ExportColumn(_("Year")),
    ExportColumn(_("Iv3 taakveld")),
    ExportColumn(_("Accountability")),
    ExportColumn(_("Route")),
    ExportColumn(_("Pooled budget")),
    ExportColumn(_("Stream's share of the pool (%)"), "percent"),
    ExportColumn(_("Allocation")),
    ExportColumn(_("Organisation")),
    ExportColumn(_("Kindcentrum")),
    ExportColumn(_("Agreement")),
    ExportColumn(_("From date"), "date"),
    ExportColumn(_("Until date"), "date"),
    ExportColumn(_("Allocation budgeted"), "money"),
    ExportColumn(_("Allocation realised"), "money"),
    ExportColumn(_("Budgeted for this stream"), "money"),
    ExportColumn(_("Realised for this stream"), "money"),
]


def account_rows(account):
    """One row per allocation in the account: direct ones, then the shares of pooled ones."""
    stream = account.stream
    for line in account_lines(account, list(account.allocations())):
        allocation = line.allocation
        yield [
            stream.code,
            str(stream.year),
            stream.iv3_taakveld,
            stream.get_accountability_display(),
            str(_("via pooled budget") if line.pool else _("direct")),
            line.pool.name if line.pool else "",
            line.share,
            allocation.description,
            str(allocation.organisation or ""),
            str(allocation.kindcentrum or ""),
            str(allocation.agreement or ""),
            allocation.period_start,
            allocation.period_end,
            allocation.budgeted,
            allocation.realised,
            line.budgeted,
            line.realised,
        ]

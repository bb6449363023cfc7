"""Pages of the budgets app: the overview per year, the ontschotting matrix, streams with their
accounts, pooled budgets with their contributions, and allocations."""

import dataclasses

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import figures, selectors, services
from budgets.forms import (
    AllocationForm,
    ContributionForm,
    FundingStreamForm,
    PooledBudgetForm,
    allocation_filter_form,
)
from budgets.lists import ACCOUNT_COLUMNS, ALLOCATIONS, POOLS, STREAMS, account_rows, url_of
from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from budgets.permissions import (
    can_manage_budgets,
    can_read_allocations,
    can_read_budgets,
    get_allocation_for_reader,
)
from kindportaal.caching import cached_page
from kindportaal.editing import delete_page, edits, form_page, model_changes, trail
from kindportaal.exports import FORMATS, export_response
from kindportaal.history import history_entries
from kindportaal.listing import list_response
from kindportaal.permissions import permission_required

POOL_ALLOCATIONS_SHOWN = 50
ACCOUNT_LINES_SHOWN = 50
SECTIONS = {
    FundingStream: ("budgets:stream_list", gettext_lazy("Funding streams")),
    PooledBudget: ("budgets:pool_list", gettext_lazy("Pooled budgets")),
    Allocation: ("budgets:allocation_list", gettext_lazy("Allocations")),
}
KEPT_IN_HISTORY = gettext_lazy("The history keeps a record of it and of who removed it.")


def _trail(model, obj=None):
    """The breadcrumb trail above a form: Budgets, the list, the object."""
    url_name, label = SECTIONS[model]
    return trail((_("Budgets"), reverse("budgets:overview")), (label, reverse(url_name)), to=obj)


def _year_context(request):
    years = selectors.budget_years()
    return selectors.chosen_year(request.GET.get("year"), years), years


# Overview and matrix


@permission_required(can_read_budgets)
@cached_page(params=("year",))
def overview(request):
    year, years = _year_context(request)
    data = selectors.year_overview(year)
    return render(
        request,
        "budgets/overview.html",
        {
            "year": year,
            "years": years,
            "overview": data,
            "domain_chart": figures.domain_chart(data),
            "source_chart": figures.source_chart(data),
        },
    )


@permission_required(can_read_budgets)
@cached_page(params=("year",))
def matrix(request):
    year, years = _year_context(request)
    data = selectors.matrix(year)
    return render(
        request,
        "budgets/matrix.html",
        {
            "year": year,
            "years": years,
            "matrix": data,
            "chart": figures.matrix_chart(data) if data.pools else None,
        },
    )


# Funding streams


@permission_required(can_read_budgets)
def stream_list(request):
    return list_response(
        request,
        selectors.stream_list(),
        spec=STREAMS,
        template_name="budgets/stream_list.html",
        context={"can_manage": can_manage_budgets(request.user)},
    )


@permission_required(can_read_budgets)
def stream_detail(request, pk):
    stream = get_object_or_404(selectors.stream_list(), pk=pk)
    return render(
        request,
        "budgets/stream_detail.html",
        {
            "stream": stream,
            "contributions": stream.contributions.select_related("pooled_budget").order_by(
                "pooled_budget__name"
            ),
            "history": history_entries(stream),
            "can_manage": can_manage_budgets(request.user),
        },
    )


@permission_required(can_manage_budgets)
def stream_create(request):
    form = FundingStreamForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.stream_create(**model_changes(form)),
        title=_("New funding stream"),
        trail=_trail(FundingStream),
        cancel_url=reverse("budgets:stream_list"),
        message=_("The funding stream has been saved."),
    )


@permission_required(can_manage_budgets)
def stream_update(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    form = FundingStreamForm(request.POST or None, instance=stream)
    return form_page(
        request,
        form,
        save=lambda: services.stream_update(stream=stream, **edits(form)),
        title=_("Change %(name)s") % {"name": stream},
        trail=_trail(FundingStream, stream),
        cancel_url=stream.get_absolute_url(),
        message=_("The funding stream has been saved."),
        context={"history": history_entries(stream)},
    )


@permission_required(can_manage_budgets)
def stream_delete(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    return delete_page(
        request,
        stream,
        delete=lambda version: services.stream_delete(stream=stream, expected_version=version),
        done_url=reverse("budgets:stream_list"),
        trail=_trail(FundingStream),
        consequences=KEPT_IN_HISTORY,
    )


@permission_required(can_read_budgets)
def stream_account(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    account = selectors.stream_account(stream)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            name=_("Account %(code)s %(year)s") % {"code": stream.code, "year": stream.year},
            columns=ACCOUNT_COLUMNS,
            rows=account_rows(account),
            fmt=fmt,
            request=request,
            row_count=account.line_count,
        )
    paginator = Paginator(account.allocations(), ACCOUNT_LINES_SHOWN)
    paginator.count = account.line_count  # counted with the totals, not asked again
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "budgets/stream_account.html",
        {
            "stream": stream,
            "account": account,
            "page": page,
            "lines": selectors.account_lines(account, list(page)),
            "chart": figures.account_chart(account),
        },
    )


# Pooled budgets


@permission_required(can_read_budgets)
def pool_list(request):
    return list_response(
        request,
        selectors.pool_list(),
        spec=POOLS,
        template_name="budgets/pool_list.html",
        context={"can_manage": can_manage_budgets(request.user)},
    )


@permission_required(can_read_budgets)
def pool_detail(request, pk):
    pool = get_object_or_404(selectors.pool_list().prefetch_related("goals"), pk=pk)
    contributions, received = selectors.pool_contributions(pool)
    allocations = pool.allocations.select_related("organisation", "kindcentrum").order_by(
        "period_start", "pk"
    )
    return render(
        request,
        "budgets/pool_detail.html",
        {
            "pool": pool,
            "contributions": contributions,
            "received": received,
            "allocations": allocations[:POOL_ALLOCATIONS_SHOWN],
            "allocation_count": allocations.count(),
            "history": history_entries(pool),
            "can_manage": can_manage_budgets(request.user),
        },
    )


@permission_required(can_manage_budgets)
def pool_create(request):
    form = PooledBudgetForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.pool_create(**model_changes(form)),
        title=_("New pooled budget"),
        trail=_trail(PooledBudget),
        cancel_url=reverse("budgets:pool_list"),
        message=_("The pooled budget has been saved. Now add the streams that contribute to it."),
    )


@permission_required(can_manage_budgets)
def pool_update(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    form = PooledBudgetForm(request.POST or None, instance=pool)
    return form_page(
        request,
        form,
        save=lambda: services.pool_update(pool=pool, **edits(form)),
        title=_("Change %(name)s") % {"name": pool},
        trail=_trail(PooledBudget, pool),
        cancel_url=pool.get_absolute_url(),
        message=_("The pooled budget has been saved."),
        context={"history": history_entries(pool)},
    )


@permission_required(can_manage_budgets)
def pool_delete(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    return delete_page(
        request,
        pool,
        delete=lambda version: services.pool_delete(pool=pool, expected_version=version),
        done_url=reverse("budgets:pool_list"),
        trail=_trail(PooledBudget),
        consequences=KEPT_IN_HISTORY,
    )


# Contributions: edited on the page of their pooled budget


@permission_required(can_manage_budgets)
def contribution_create(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    form = ContributionForm(request.POST or None, pooled_budget=pool)
    return form_page(
        request,
        form,
        save=lambda: services.contribution_create(pooled_budget=pool, **model_changes(form)),
        title=_("Add a contribution to %(pool)s") % {"pool": pool},
        trail=_trail(PooledBudget, pool),
        cancel_url=pool.get_absolute_url(),
        message=_("The contribution has been saved."),
        next_url=pool.get_absolute_url(),
    )


def _get_contribution(pk):
    return get_object_or_404(Contribution.objects.select_related("stream", "pooled_budget"), pk=pk)


@permission_required(can_manage_budgets)
def contribution_update(request, pk):
    contribution = _get_contribution(pk)
    pool = contribution.pooled_budget
    form = ContributionForm(request.POST or None, instance=contribution, pooled_budget=pool)
    return form_page(
        request,
        form,
        save=lambda: services.contribution_update(contribution=contribution, **edits(form)),
        title=_("Change the contribution of %(stream)s") % {"stream": contribution.stream},
        trail=_trail(PooledBudget, pool),
        cancel_url=pool.get_absolute_url(),
        message=_("The contribution has been saved."),
        next_url=pool.get_absolute_url(),
        context={"history": history_entries(contribution)},
    )


@permission_required(can_manage_budgets)
def contribution_delete(request, pk):
    contribution = _get_contribution(pk)
    pool = contribution.pooled_budget
    return delete_page(
        request,
        contribution,
        delete=lambda version: services.contribution_delete(
            contribution=contribution, expected_version=version
        ),
        done_url=pool.get_absolute_url(),
        trail=_trail(PooledBudget, pool),
        consequences=KEPT_IN_HISTORY,
    )


# Allocations


@permission_required(can_read_allocations)
def allocation_list(request):
    spec = dataclasses.replace(ALLOCATIONS, filter_form=allocation_filter_form(request.user))
    return list_response(
        request,
        selectors.allocation_list(user=request.user),
        spec=spec,
        template_name="budgets/allocation_list.html",
        context={
            "can_manage": can_manage_budgets(request.user),
            "can_read_sources": can_read_budgets(request.user),
        },
    )


@permission_required(can_read_allocations)
def allocation_detail(request, pk):
    allocation = get_allocation_for_reader(
        request.user, pk, selectors.allocation_list(user=request.user)
    )
    return render(
        request,
        "budgets/allocation_detail.html",
        {
            "allocation": allocation,
            "agreement_url": url_of(allocation.agreement),
            "can_manage": can_manage_budgets(request.user),
            "can_read_sources": can_read_budgets(request.user),
            "history": history_entries(allocation),
        },
    )


def _initial_source(request):
    """?stream=<id> or ?pooled_budget=<id> preselects the source of a new allocation."""
    initial = {}
    for name in ("stream", "pooled_budget"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    return initial


@permission_required(can_manage_budgets)
def allocation_create(request):
    form = AllocationForm(request.POST or None, initial=_initial_source(request))
    return form_page(
        request,
        form,
        save=lambda: services.allocation_create(**model_changes(form)),
        title=_("New allocation"),
        trail=_trail(Allocation),
        cancel_url=reverse("budgets:allocation_list"),
        message=_("The allocation has been saved."),
    )


@permission_required(can_manage_budgets)
def allocation_update(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    form = AllocationForm(request.POST or None, instance=allocation)
    return form_page(
        request,
        form,
        save=lambda: services.allocation_update(allocation=allocation, **edits(form)),
        title=_("Change allocation “%(name)s”") % {"name": allocation},
        trail=_trail(Allocation, allocation),
        cancel_url=allocation.get_absolute_url(),
        message=_("The allocation has been saved."),
        context={"history": history_entries(allocation)},
    )


@permission_required(can_manage_budgets)
def allocation_delete(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    return delete_page(
        request,
        allocation,
        delete=lambda version: services.allocation_delete(
            allocation=allocation, expected_version=version
        ),
        done_url=reverse("budgets:allocation_list"),
        trail=_trail(Allocation),
        consequences=KEPT_IN_HISTORY,
    )

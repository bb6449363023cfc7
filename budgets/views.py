"""Pages of the budgets app: the overview per year, the ontschotting matrix, streams with their
accounts, pooled budgets with their contributions, and allocations."""

import dataclasses
from functools import partial

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
from kindportaal.editing import delete_page, form_page
from kindportaal.exports import FORMATS, export_response
from kindportaal.history import history_entries
from kindportaal.listing import list_response
from kindportaal.permissions import permission_required

POOL_ALLOCATIONS_SHOWN = 50
SECTIONS = {
    FundingStream: ("budgets:stream_list", gettext_lazy("Funding streams")),
    PooledBudget: ("budgets:pool_list", gettext_lazy("Pooled budgets")),
    Allocation: ("budgets:allocation_list", gettext_lazy("Allocations")),
}


def _crumbs(model, obj=None):
    """The breadcrumb trail above a form: Budgets, the list, the object."""
    url_name, label = SECTIONS[model]
    crumbs = [(_("Budgets"), reverse("budgets:overview")), (label, reverse(url_name))]
    if obj is not None:
        crumbs.append((str(obj), url_of(obj)))
    return crumbs


# Editing: every form of the app through the shared form page (kindportaal.editing)


def _edit(request, form, save, *, success, next_url, crumbs, title, cancel_url, **context):
    """Validate `form`, call `save(form)` (a service); on success say so and go to `next_url(obj)`,
    otherwise show the form with the service's messages or the other person's change."""
    return form_page(
        request,
        form,
        save=lambda: save(form),
        title=title,
        trail=crumbs,
        cancel_url=cancel_url,
        message=success,
        next_url=next_url,
        context=context,
    )


def _create(request, model, form, create, *, title, success, parent=None):
    """A new object: `create(**form.service_data())`, then its page (or its parent's)."""
    return _edit(
        request,
        form,
        lambda form: create(**form.service_data()),
        success=success,
        next_url=lambda obj: url_of(parent or obj),
        crumbs=_crumbs(type(parent), parent) if parent else _crumbs(model),
        title=title,
        cancel_url=url_of(parent) if parent else reverse(SECTIONS[model][0]),
    )


def _update(request, obj, form, update, *, title, success, parent=None):
    """Changes to `obj`: `update(expected_version=..., **form.service_data())`; its history is
    shown under the form."""
    parent = parent or obj
    return _edit(
        request,
        form,
        lambda form: update(expected_version=form.cleaned_data["version"], **form.service_data()),
        success=success,
        next_url=lambda _saved: url_of(parent),
        crumbs=_crumbs(type(parent), parent),
        title=title,
        cancel_url=url_of(parent),
        history=history_entries(obj),
    )


def _delete(request, obj, delete, *, next_url, parent=None):
    """Removing `obj` after a confirmation that carries the version that was shown."""
    parent = parent or obj
    trail = _crumbs(type(parent), parent if parent is not obj else None)
    return delete_page(
        request,
        obj,
        delete=lambda version: delete(expected_version=version),
        done_url=next_url,
        trail=trail,
        consequences=_("The history keeps a record of it and of who removed it."),
    )


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
    return _create(
        request,
        FundingStream,
        FundingStreamForm(request.POST or None),
        services.stream_create,
        title=_("New funding stream"),
        success=_("The funding stream has been saved."),
    )


@permission_required(can_manage_budgets)
def stream_update(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    return _update(
        request,
        stream,
        FundingStreamForm(request.POST or None, instance=stream),
        partial(services.stream_update, stream=stream),
        title=_("Change %(name)s") % {"name": stream},
        success=_("The funding stream has been saved."),
    )


@permission_required(can_manage_budgets)
def stream_delete(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    return _delete(
        request,
        stream,
        partial(services.stream_delete, stream=stream),
        next_url=reverse("budgets:stream_list"),
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
            row_count=len(account.lines),
        )
    return render(
        request,
        "budgets/stream_account.html",
        {"stream": stream, "account": account, "chart": figures.account_chart(account)},
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
    return _create(
        request,
        PooledBudget,
        PooledBudgetForm(request.POST or None),
        services.pool_create,
        title=_("New pooled budget"),
        success=_("The pooled budget has been saved. Now add the streams that contribute to it."),
    )


@permission_required(can_manage_budgets)
def pool_update(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    return _update(
        request,
        pool,
        PooledBudgetForm(request.POST or None, instance=pool),
        partial(services.pool_update, pool=pool),
        title=_("Change %(name)s") % {"name": pool},
        success=_("The pooled budget has been saved."),
    )


@permission_required(can_manage_budgets)
def pool_delete(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    return _delete(
        request,
        pool,
        partial(services.pool_delete, pool=pool),
        next_url=reverse("budgets:pool_list"),
    )


# Contributions: edited on the page of their pooled budget


@permission_required(can_manage_budgets)
def contribution_create(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    return _create(
        request,
        Contribution,
        ContributionForm(request.POST or None, pooled_budget=pool),
        partial(services.contribution_create, pooled_budget=pool),
        title=_("Add a contribution to %(pool)s") % {"pool": pool},
        success=_("The contribution has been saved."),
        parent=pool,
    )


def _get_contribution(pk):
    return get_object_or_404(Contribution.objects.select_related("stream", "pooled_budget"), pk=pk)


@permission_required(can_manage_budgets)
def contribution_update(request, pk):
    contribution = _get_contribution(pk)
    pool = contribution.pooled_budget
    return _update(
        request,
        contribution,
        ContributionForm(request.POST or None, instance=contribution, pooled_budget=pool),
        partial(services.contribution_update, contribution=contribution),
        title=_("Change the contribution of %(stream)s") % {"stream": contribution.stream},
        success=_("The contribution has been saved."),
        parent=pool,
    )


@permission_required(can_manage_budgets)
def contribution_delete(request, pk):
    contribution = _get_contribution(pk)
    pool = contribution.pooled_budget
    return _delete(
        request,
        contribution,
        partial(services.contribution_delete, contribution=contribution),
        next_url=url_of(pool),
        parent=pool,
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
    return _create(
        request,
        Allocation,
        AllocationForm(request.POST or None, initial=_initial_source(request)),
        services.allocation_create,
        title=_("New allocation"),
        success=_("The allocation has been saved."),
    )


@permission_required(can_manage_budgets)
def allocation_update(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    return _update(
        request,
        allocation,
        AllocationForm(request.POST or None, instance=allocation),
        partial(services.allocation_update, allocation=allocation),
        title=_("Change allocation “%(name)s”") % {"name": allocation},
        success=_("The allocation has been saved."),
    )


@permission_required(can_manage_budgets)
def allocation_delete(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    return _delete(
        request,
        allocation,
        partial(services.allocation_delete, allocation=allocation),
        next_url=reverse("budgets:allocation_list"),
    )

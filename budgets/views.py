"""Pages of the budgets app: the overview per year, the ontschotting matrix, streams with their
accounts, pooled budgets with their contributions, and allocations."""

import dataclasses

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import figures, selectors, services
from budgets.forms import (
    AllocationForm,
    ContributionForm,
    DeleteForm,
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
from kindportaal.concurrency import EditConflict
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


# Editing: one way for every form of the app


def _add_service_errors(form, error):
    """Show a service's ValidationError at the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _edit(request, form, save, *, success, next_url, context):
    """Validate `form`, call `save(form)` (a service); on success say so and go to `next_url(obj)`,
    otherwise show the form with the service's messages or the other person's change."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except EditConflict as error:
            conflict = error
            form.show_conflict(error)
        except ValidationError as error:
            _add_service_errors(form, error)
        except ObjectDoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect(next_url(obj))
    template = context.pop("template", "budgets/form.html")
    return render(request, template, {"form": form, "conflict": conflict, **context})


def _delete(request, obj, delete, *, success, next_url, context):
    form = DeleteForm(request.POST or None, initial={"version": obj.version})
    return _edit(
        request,
        form,
        lambda form: delete(expected_version=form.cleaned_data["version"]),
        success=success,
        next_url=lambda _result: next_url,
        context={"template": "budgets/confirm_delete.html", "object": obj, **context},
    )


def _year_context(request):
    years = selectors.budget_years()
    return selectors.chosen_year(request.GET.get("year"), years), years


# Overview and matrix


@permission_required(can_read_budgets)
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
    return _edit(
        request,
        form,
        lambda form: services.stream_create(**_without_version(form.cleaned_data)),
        success=_("The funding stream has been saved."),
        next_url=url_of,
        context={
            "title": _("New funding stream"),
            "crumbs": _crumbs(FundingStream),
            "cancel_url": reverse("budgets:stream_list"),
        },
    )


@permission_required(can_manage_budgets)
def stream_update(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    form = FundingStreamForm(request.POST or None, instance=stream)
    return _edit(
        request,
        form,
        lambda form: services.stream_update(
            stream=stream,
            expected_version=form.cleaned_data["version"],
            **_without_version(form.cleaned_data),
        ),
        success=_("The funding stream has been saved."),
        next_url=url_of,
        context={
            "title": _("Change %(name)s") % {"name": stream},
            "crumbs": _crumbs(FundingStream, stream),
            "cancel_url": url_of(stream),
            "history": history_entries(stream),
        },
    )


@permission_required(can_manage_budgets)
def stream_delete(request, pk):
    stream = get_object_or_404(FundingStream, pk=pk)
    return _delete(
        request,
        stream,
        lambda expected_version: services.stream_delete(
            stream=stream, expected_version=expected_version
        ),
        success=_("The funding stream has been removed."),
        next_url=reverse("budgets:stream_list"),
        context={
            "title": _("Remove %(name)s") % {"name": stream},
            "crumbs": _crumbs(FundingStream, stream),
            "cancel_url": url_of(stream),
        },
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
        )
    return render(
        request,
        "budgets/stream_account.html",
        {"stream": stream, "account": account, "chart": figures.account_chart(account)},
    )


def _without_version(data):
    return {name: value for name, value in data.items() if name != "version"}


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
    return _edit(
        request,
        form,
        lambda form: services.pool_create(**_without_version(form.cleaned_data)),
        success=_("The pooled budget has been saved. Now add the streams that contribute to it."),
        next_url=url_of,
        context={
            "title": _("New pooled budget"),
            "crumbs": _crumbs(PooledBudget),
            "cancel_url": reverse("budgets:pool_list"),
        },
    )


@permission_required(can_manage_budgets)
def pool_update(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    form = PooledBudgetForm(request.POST or None, instance=pool)
    return _edit(
        request,
        form,
        lambda form: services.pool_update(
            pool=pool,
            expected_version=form.cleaned_data["version"],
            **_without_version(form.cleaned_data),
        ),
        success=_("The pooled budget has been saved."),
        next_url=url_of,
        context={
            "title": _("Change %(name)s") % {"name": pool},
            "crumbs": _crumbs(PooledBudget, pool),
            "cancel_url": url_of(pool),
            "history": history_entries(pool),
        },
    )


@permission_required(can_manage_budgets)
def pool_delete(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    return _delete(
        request,
        pool,
        lambda expected_version: services.pool_delete(pool=pool, expected_version=expected_version),
        success=_("The pooled budget has been removed."),
        next_url=reverse("budgets:pool_list"),
        context={
            "title": _("Remove %(name)s") % {"name": pool},
            "crumbs": _crumbs(PooledBudget, pool),
            "cancel_url": url_of(pool),
        },
    )


# Contributions


@permission_required(can_manage_budgets)
def contribution_create(request, pk):
    pool = get_object_or_404(PooledBudget, pk=pk)
    form = ContributionForm(request.POST or None, pooled_budget=pool)
    return _edit(
        request,
        form,
        lambda form: services.contribution_create(
            pooled_budget=pool,
            stream=form.cleaned_data["stream"],
            amount=form.cleaned_data["amount"],
        ),
        success=_("The contribution has been saved."),
        next_url=lambda contribution: url_of(pool),
        context={
            "title": _("Add a contribution to %(pool)s") % {"pool": pool},
            "crumbs": _crumbs(PooledBudget, pool),
            "cancel_url": url_of(pool),
        },
    )


@permission_required(can_manage_budgets)
def contribution_update(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("stream", "pooled_budget"), pk=pk
    )
    pool = contribution.pooled_budget
    form = ContributionForm(request.POST or None, instance=contribution, pooled_budget=pool)
    return _edit(
        request,
        form,
        lambda form: services.contribution_update(
            contribution=contribution,
            expected_version=form.cleaned_data["version"],
            amount=form.cleaned_data["amount"],
        ),
        success=_("The contribution has been saved."),
        next_url=lambda _contribution: url_of(pool),
        context={
            "title": _("Change the contribution of %(stream)s") % {"stream": contribution.stream},
            "crumbs": _crumbs(PooledBudget, pool),
            "cancel_url": url_of(pool),
            "history": history_entries(contribution),
        },
    )


@permission_required(can_manage_budgets)
def contribution_delete(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("stream", "pooled_budget"), pk=pk
    )
    pool = contribution.pooled_budget
    return _delete(
        request,
        contribution,
        lambda expected_version: services.contribution_delete(
            contribution=contribution, expected_version=expected_version
        ),
        success=_("The contribution has been removed."),
        next_url=url_of(pool),
        context={
            "title": _("Remove the contribution of %(stream)s") % {"stream": contribution.stream},
            "crumbs": _crumbs(PooledBudget, pool),
            "cancel_url": url_of(pool),
        },
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
    return _edit(
        request,
        form,
        lambda form: services.allocation_create(**form.service_data()),
        success=_("The allocation has been saved."),
        next_url=url_of,
        context={
            "title": _("New allocation"),
            "crumbs": _crumbs(Allocation),
            "cancel_url": reverse("budgets:allocation_list"),
        },
    )


@permission_required(can_manage_budgets)
def allocation_update(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    form = AllocationForm(request.POST or None, instance=allocation)
    return _edit(
        request,
        form,
        lambda form: services.allocation_update(
            allocation=allocation,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        ),
        success=_("The allocation has been saved."),
        next_url=url_of,
        context={
            "title": _("Change allocation “%(name)s”") % {"name": allocation},
            "crumbs": _crumbs(Allocation, allocation),
            "cancel_url": url_of(allocation),
            "history": history_entries(allocation),
        },
    )


@permission_required(can_manage_budgets)
def allocation_delete(request, pk):
    allocation = get_allocation_for_reader(request.user, pk)
    return _delete(
        request,
        allocation,
        lambda expected_version: services.allocation_delete(
            allocation=allocation, expected_version=expected_version
        ),
        success=_("The allocation has been removed."),
        next_url=reverse("budgets:allocation_list"),
        context={
            "title": _("Remove allocation “%(name)s”") % {"name": allocation},
            "crumbs": _crumbs(Allocation, allocation),
            "cancel_url": url_of(allocation),
        },
    )

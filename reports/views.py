"""The council's dashboard: kindcentra, reach, the agenda and the money of the gemeente or one wijk,
for a period and a theme chosen in the URL; every figure also as a CSV download. Read-only."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from budgets.permissions import can_read_budgets
from housing.selectors import places_outlook
from kindcentra.selectors import kindcentrum_list
from kindportaal.caching import cached_page
from kindportaal.exports import export_response
from kindportaal.models import Gemeente, Wijk
from kindportaal.permissions import can_read_portal, permission_required
from reports import figures, overview
from reports.filters import DASHBOARD_PARAMS, MAP_PARAMETER, read_filters


def _agreement_list(scope, **more):
    """The list of agreements, filtered as the dashboard is (theme and wijk)."""
    query = {
        "theme": scope.theme.pk if scope.theme else "",
        "wijk": scope.wijk.pk if scope.wijk else "",
    }
    query = urlencode({key: value for key, value in {**query, **more}.items() if value})
    url = reverse("agenda:agreement_list")
    return f"{url}?{query}" if query else url


# A table longer than this (one row per wijk: a hundred in a city) is not on the dashboard but on
# its own page, paginated, with a link from the dashboard: rendering every row of them made the
# dashboard slow afresh, and on a phone a council member opens one table at a time anyway.
LONG_TABLE_ROWS = 12
TABLE_ROWS_PER_PAGE = 25


def _sections(user):
    """The sections this person may see the numbers of."""
    if can_read_budgets(user):
        return figures.SECTIONS
    return {k: v for k, v in figures.SECTIONS.items() if k not in figures.BUDGET_SECTIONS}


def _page(request, filters, *, wijk=None, extra=None):
    scope = filters.scope
    may_read_budgets = can_read_budgets(request.user)
    numbers = {name: read(scope) for name, read in _sections(request.user).items()}
    gemeente = Gemeente.current()
    places = places_outlook(gemeente=gemeente, wijken=scope.wijken)
    numbers["map"] = overview.wijk_map(
        scope,
        reach=numbers["reach"],
        kindcentra=numbers["kindcentra"],
        gemeente=gemeente,
        query=filters.query(wijk=""),
        places=places,
    )
    headline = overview.headline_figures(
        scope, numbers, gemeente=gemeente, can_read_budgets=may_read_budgets, places=places
    )
    query = filters.query()
    shown = {}
    for figure in figures.FIGURES:
        if figure.section not in numbers:
            continue
        built = figures.build(figure, numbers[figure.section], scope)
        if built is not None:
            download = reverse("reports:figure_csv", args=[figure.slug])
            full = reverse("reports:figure_table", args=[figure.slug])
            is_table = isinstance(built, figures.Table)
            shown[figure.key] = {
                "object": built,
                "is_table": is_table,
                "is_long": is_table and len(built.rows) > LONG_TABLE_ROWS,
                "full": f"{full}?{query}" if query else full,
                "download": f"{download}?{query}" if query else download,
            }
    return render(
        request,
        "reports/dashboard/page.html",
        {
            "filters": filters,
            "scope": scope,
            "wijk": wijk,
            "query": filters.query(wijk=""),
            "numbers": numbers,
            "headline": headline,
            "map": numbers["map"],
            "map_measures": overview.MAP_MEASURES,
            "map_parameter": MAP_PARAMETER,
            "figures": shown,
            "agreements_url": _agreement_list(scope),
            "overdue_url": _agreement_list(scope, overdue="on"),
            "can_read_budgets": may_read_budgets,
            **(extra or {}),
        },
    )


@require_safe
@permission_required(can_read_portal)
@cached_page(params=DASHBOARD_PARAMS)
def dashboard(request):
    filters = read_filters(request.GET)
    wijk = filters.scope.wijk
    if wijk is not None:
        # A wijk chosen in the filters: its own page, with the other filters as they were asked.
        query = request.GET.copy()
        query.pop("wijk")
        url = reverse("reports:wijk", args=[wijk.pk])
        return redirect(f"{url}?{query.urlencode()}" if query else url)
    return _page(request, filters)


@require_safe
@permission_required(can_read_portal)
@cached_page(params=DASHBOARD_PARAMS)
def wijk_page(request, pk):
    wijk = get_object_or_404(Wijk, pk=pk)
    filters = read_filters(request.GET, wijk=wijk)
    kindcentra = kindcentrum_list().filter(wijk=wijk).order_by("name")
    return _page(request, filters, wijk=wijk, extra={"kindcentra": kindcentra})


def _one_figure(request, slug, filters):
    """The figure called `slug` for the filters, built from its section's numbers only."""
    figure = figures.BY_SLUG.get(slug)
    if figure is None:
        raise Http404
    if figure.section in figures.DERIVED:
        numbers = figures.DERIVED[figure.section](filters.scope)
    elif figure.section in _sections(request.user):
        numbers = figures.SECTIONS[figure.section](filters.scope)
    else:
        raise PermissionDenied

    built = figures.build(figure, numbers, filters.scope)
    if built is None:
        raise Http404
    return figure, built


@require_safe
@permission_required(can_read_portal)
def figure_csv(request, slug):
    """One figure's numbers as CSV, for the filters in the URL (as the page links them)."""
    _figure, built = _one_figure(request, slug, read_filters(request.GET))
    columns, rows = figures.export_table(built)
    return export_response(name=built.title, columns=columns, rows=rows, fmt="csv", request=request)


@require_safe
@permission_required(can_read_portal)
def figure_table(request, slug):
    """One of the dashboard's tables in full, paginated, for the filters in the URL."""
    filters = read_filters(request.GET)
    figure, built = _one_figure(request, slug, filters)
    if not isinstance(built, figures.Table):
        raise Http404
    query = filters.query()
    download = reverse("reports:figure_csv", args=[figure.slug])
    dashboard = reverse("reports:dashboard")
    return render(
        request,
        "reports/dashboard/figure_table.html",
        {
            "table": built,
            "page": Paginator(built.display_rows(), TABLE_ROWS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "query": filters.query(wijk=""),
            "dashboard_url": f"{dashboard}?{query}" if query else dashboard,
            "download": f"{download}?{query}" if query else download,
        },
    )

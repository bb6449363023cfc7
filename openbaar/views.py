"""The public pages and the open data: what the gemeente publishes, for anyone, without login.

Every view reads only `openbaar.selectors` (the one definition of what is public), answers 404
while the gemeente does not publish (PUBLIC_PAGES_ENABLED), and is kept once for everyone by
`openbaar.cache.public_view`."""

from collections import Counter
from dataclasses import replace
from types import SimpleNamespace

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agenda.selectors import BEHIND, NOT_MEASURED, ON_COURSE, REACHED
from kindcentra.models import Phase
from kindportaal.exports import export_response
from openbaar import catalogue as dcat
from openbaar import opendata, selectors
from openbaar.cache import public_view
from reports.filters import MAP_PARAMETER
from reports.overview import MAP_MEASURES, wijk_map
from reports.selectors import reach_figures

AGREEMENTS_PER_PAGE = 50
# The map's measures that are public: the register figures and the phases (the agreements at
# risk count agreements that are not public).
PUBLIC_MAP_MEASURES = {key: MAP_MEASURES[key] for key in ("vve", "opvang", "fase")}


def _page(request, template, **context):
    return render(request, f"openbaar/{template}", {"gemeente": selectors.gemeente(), **context})


@login_not_required
@require_safe
@public_view
def home(request):
    agreements = selectors.public_agreement_counts()
    lea = selectors.public_agenda()
    goals = [goal for theme in lea.themes for goal in theme.goals] if lea else []
    verdicts = Counter(goal.verdict for goal in goals)
    phases = selectors.public_kindcentra_per_phase()
    return _page(
        request,
        "home.html",
        lea=lea,
        goal_count=len(goals),
        verdicts={key: verdicts[key] for key in (REACHED, ON_COURSE, BEHIND, NOT_MEASURED)},
        agreement_count=agreements["total"],
        healths=agreements,
        kindcentra_count=sum(phases.values()),
        phases=[(label, phases.get(value, 0)) for value, label in Phase.choices],
        meeting_count=selectors.public_meeting_count(),
        document=selectors.public_lea_document(),
        section="home",
    )


@login_not_required
@require_safe
@public_view
def lea(request):
    return _page(
        request,
        "lea.html",
        lea=selectors.public_agenda(),
        document=selectors.public_lea_document(),
        section="lea",
    )


@login_not_required
@require_safe
@public_view(params=("pagina",))
def agreements(request):
    page = Paginator(selectors.published_agreements(), AGREEMENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return _page(
        request,
        "agreements.html",
        page=page,
        agreements=[selectors.public_agreement(a) for a in page.object_list],
        section="agreements",
    )


@login_not_required
@require_safe
@public_view
def agreement(request, pk):
    found = selectors.public_agreement_by_id(pk)
    if found is None:
        raise Http404
    decisions = [
        (meeting, decision)
        for meeting in selectors.public_meetings()
        for decision in meeting.decisions
        if found.id in decision.agreement_ids
    ]
    return _page(
        request, "agreement.html", agreement=found, decisions=decisions, section="agreements"
    )


@login_not_required
@require_safe
@public_view
def meetings(request):
    titles = dict(selectors.published_agreements().values_list("pk", "title"))
    shown = [
        (
            meeting,
            [
                (decision, [(pk, titles[pk]) for pk in decision.agreement_ids if pk in titles])
                for decision in meeting.decisions
            ],
        )
        for meeting in selectors.public_meetings()
    ]
    return _page(request, "meetings.html", meetings=shown, section="meetings")


@login_not_required
@require_safe
@public_view
def kindcentra(request):
    by_wijk = {}
    for kindcentrum in selectors.public_kindcentra():
        by_wijk.setdefault(kindcentrum.wijk, []).append(kindcentrum)
    return _page(request, "kindcentra.html", by_wijk=by_wijk, section="kindcentra")


@login_not_required
@require_safe
@public_view(params=(MAP_PARAMETER,))
def figures(request):
    measure = request.GET.get(MAP_PARAMETER)
    if measure not in PUBLIC_MAP_MEASURES:
        measure = "vve"
    scope = replace(selectors.public_scope(), map_measure=measure)
    reach = reach_figures(scope)
    wijken = selectors.public_wijken(scope)
    phases = SimpleNamespace(
        phases_per_wijk={
            w.id: [
                p
                for p, n in zip(Phase.values, w.kindcentra_per_phase, strict=True)
                for _ in range(n)
            ]
            for w in wijken
        }
    )
    return _page(
        request,
        "figures.html",
        wijken=wijken,
        gemeente_row=reach.gemeente,
        map=wijk_map(scope, reach=reach, kindcentra=phases),
        map_measures=PUBLIC_MAP_MEASURES,
        map_parameter=MAP_PARAMETER,
        phase_labels=Phase.labels,
        section="figures",
    )


@login_not_required
@require_safe
@public_view
def lea_download(request, pk):
    document = selectors.public_lea_document()
    file = selectors.public_lea_file(pk)
    if file is None:
        raise Http404
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = document.sha256
    return response


@login_not_required
@require_safe
@public_view
def data(request):
    return _page(
        request,
        "data.html",
        tables=opendata.TABLES,
        registers=opendata.register_provenance(),
        section="data",
    )


def _table(slug):
    table = opendata.BY_SLUG.get(slug)
    if table is None:
        raise Http404
    return table


@login_not_required
@require_safe
@public_view
def table_csv(request, table):
    table = _table(table)
    return export_response(
        name=table.slug,
        columns=[field.export_column() for field in table.fields],
        rows=table.csv_rows(),
        fmt="csv",
    )


@login_not_required
@require_safe
@public_view
def table_json(request, table):
    table = _table(table)
    response = StreamingHttpResponse(
        table.json_chunks(), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{table.slug}.json"'
    return response


@login_not_required
@require_safe
@public_view
def field_list(request, table):
    return JsonResponse(_table(table).field_list(), json_dumps_params={"ensure_ascii": False})


@login_not_required
@require_safe
@public_view
def catalogue(request):
    return JsonResponse(
        dcat.catalogue(),
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )

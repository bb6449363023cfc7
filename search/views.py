from django.shortcuts import render
from django.views.decorators.http import require_safe

from kindportaal.permissions import can_read_portal, permission_required
from search import selectors
from search.forms import SearchForm


@require_safe
@permission_required(can_read_portal)
def search(request):
    """The search page; typing in its box asks for the results part alone (htmx)."""
    form = SearchForm(request.GET)
    text, kind, groups = "", "", []
    if form.is_valid():
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        groups = selectors.search(
            request.user, text, kind=kind or None, page=request.GET.get("page")
        )
    context = {
        "form": form,
        "text": text,
        "kind": kind,
        "kind_label": dict(form.fields["kind"].choices).get(kind) if kind else "",
        "groups": groups,
        "searched": bool(selectors.words_of(text)),
        "total": sum(group.total for group in groups),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "search/results.html", context)
    return render(request, "search/search.html", context)

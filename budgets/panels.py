"""What the budgets app shows on the home page and on the pages of organisations, kindcentra and
agreements: the allocations behind them that the reader may see."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import selectors
from budgets.permissions import can_read_budgets

HEADINGS = {
    "organisation": lambda: _("Budget allocations to this organisation"),
    "kindcentrum": lambda: _("Budget allocations to this kindcentrum"),
    "agreement": lambda: _("Budget allocations for this agreement"),
}


def allocations_panel(request, *, field, obj):
    summary = selectors.allocation_summary(user=request.user, **{field: obj})
    return {
        **summary,
        "heading": HEADINGS[field](),
        "only_own": not can_read_budgets(request.user),
        "list_url": f"{reverse('budgets:allocation_list')}?{urlencode({field: obj.pk})}",
    }


def goal_panel(request, goal):
    return {"pools": selectors.pool_list().filter(goals=goal).order_by("-year", "name")}


def home_panel(request):
    summary = selectors.allocation_summary(user=request.user, limit=0)
    reader = can_read_budgets(request.user)
    return {
        "years": summary["years"][:3],
        "only_own": not reader,
        "overview_url": reverse("budgets:overview") if reader else None,
        "list_url": reverse("budgets:allocation_list"),
    }

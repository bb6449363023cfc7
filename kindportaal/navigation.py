"""The main navigation, the panels of the home page, and panels on other apps' detail pages, which
every app declares on its AppConfig.

An app lists `navigation` (NavItem), `home_panels` (HomePanel) and `object_panels` (ObjectPanel)
on its AppConfig, and may offer the header's search box (`header_search`, a NavItem); the portal
collects them here, so a page needs no import from the apps that build on it. Example: budgets
shows the money behind an agreement on the agreement's page with `ObjectPanel(model=
"agenda.Agreement", template_name=..., context=...)`, and the agreement template has
`{% object_panels agreement %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.apps import apps
from django.urls import reverse

from kindportaal.permissions import can_read_portal
from kindportaal.roles import Role

# Where `/` sends each role; roles not listed go to the portal's home page.
START_PAGES = {
    Role.ADMINISTRATOR: "admin:index",
    Role.COUNCIL_MEMBER: "reports:dashboard",
}


def start_page_for(user):
    """The URL name of the page a person starts on."""
    return START_PAGES.get(user.role, "kindportaal:home")


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    # Who sees it: by default whoever reads the portal.
    visible: Callable = can_read_portal


@dataclass(frozen=True)
class HomePanel:
    """A block on the home page: a template and a function that gives its context."""

    template_name: str
    order: int = 100
    # Who sees it: by default whoever reads the portal.
    visible: Callable = can_read_portal
    context: Callable = field(default=lambda request: {})


def in_section(url_name):
    """View decorator: the page belongs under this menu item (its URL, say under /dashboard/,
    would otherwise make another item current), e.g. the LEA document under Agenda."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.navigation_section = url_name
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def navigation_for(request):
    user = request.user
    section = getattr(request, "navigation_section", None)
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "navigation", ()):
            if item.visible(user):
                items.append(item)
    entries = []
    for item in sorted(items, key=lambda i: i.order):
        url = reverse(item.url_name)
        if section is not None:
            current = item.url_name == section
        else:
            current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"label": item.label, "url": url, "current": current})
    # Only the most specific match is the current page.
    matches = [e for e in entries if e["current"]]
    if len(matches) > 1:
        longest = max(matches, key=lambda e: len(e["url"]))
        for entry in matches:
            entry["current"] = entry is longest
    return entries


def header_search_for(request):
    """The URL the header's search box sends to, when an app offers one to this person (an
    AppConfig's `header_search`, a NavItem: the search app's)."""
    for config in apps.get_app_configs():
        item = getattr(config, "header_search", None)
        if item is not None and item.visible(request.user):
            return reverse(item.url_name)
    return None


def home_panels_for(request):
    panels = []
    for config in apps.get_app_configs():
        for panel in getattr(config, "home_panels", ()):
            if panel.visible(request.user):
                panels.append(panel)
    return [
        {"template_name": panel.template_name, "context": panel.context(request)}
        for panel in sorted(panels, key=lambda p: p.order)
    ]


def _always(user, obj):
    return True


@dataclass(frozen=True)
class ObjectPanel:
    """A block on the detail page of another app's object (model given as "app_label.Model")."""

    model: str
    template_name: str
    context: Callable  # (request, obj) -> dict
    order: int = 100
    visible: Callable = _always  # (user, obj) -> bool


def object_panels_for(request, obj):
    label = obj._meta.label
    panels = []
    for config in apps.get_app_configs():
        for panel in getattr(config, "object_panels", ()):
            if panel.model == label and panel.visible(request.user, obj):
                panels.append(panel)
    return [
        {"template_name": panel.template_name, "context": panel.context(request, obj)}
        for panel in sorted(panels, key=lambda p: p.order)
    ]

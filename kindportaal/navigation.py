"""The main navigation and the panels of the home page, which every app declares on its AppConfig.

An app lists `navigation` (NavItem) and `home_panels` (HomePanel) on its AppConfig; the portal
collects them here, so the layout needs no import from the apps that build on it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse


def _everyone(user):
    return True


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    visible: Callable = _everyone


@dataclass(frozen=True)
class HomePanel:
    """A block on the home page: a template and a function that gives its context."""

    template_name: str
    order: int = 100
    visible: Callable = _everyone
    context: Callable = field(default=lambda request: {})


def navigation_for(request):
    user = request.user
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "navigation", ()):
            if item.visible(user):
                items.append(item)
    entries = []
    for item in sorted(items, key=lambda i: i.order):
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"label": item.label, "url": url, "current": current})
    # Only the most specific match is the current page.
    matches = [e for e in entries if e["current"]]
    if len(matches) > 1:
        longest = max(matches, key=lambda e: len(e["url"]))
        for entry in matches:
            entry["current"] = entry is longest
    return entries


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

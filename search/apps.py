from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.navigation import NavItem


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    # The search box in every page's header.
    header_search = NavItem(label=_("Search"), url_name="search:search")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenbaarConfig(AppConfig):
    """The public pages and the open data: what the gemeente publishes, readable without login."""

    name = "openbaar"
    verbose_name = _("Public pages")

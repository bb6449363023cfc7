"""The REST API for partner systems and the public (/api/v1/), and the organisations' API keys."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.navigation import NavItem


def _may_manage_keys(user):
    from api.permissions import can_manage_any_api_keys

    return can_manage_any_api_keys(user)


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    navigation = [
        NavItem(
            label=_("API keys"), url_name="apikeys:key_list", order=90, visible=_may_manage_keys
        )
    ]

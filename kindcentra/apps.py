from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KindcentraConfig(AppConfig):
    name = "kindcentra"
    verbose_name = _("Kindcentra")

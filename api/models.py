"""An organisation's API keys: what a partner system shows to the API (/api/v1/)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from partners.models import Organisation


class Scope(models.TextChoices):
    READ_AGREEMENTS = "agreements:read", _("Read the agreements the organisation is party to")
    REPORT = "agreements:report", _("Report progress and confirm or decline agreements")


class OrganisationAPIKey(AbstractAPIKey):
    """A key of one organisation (djangorestframework-api-key: a prefix that identifies it and a
    SHA-512 hash of the whole key; the key itself is shown once and never stored)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose system uses the key."),
    )
    can_read = models.BooleanField(
        _("may read agreements"),
        default=True,
        help_text=_("Read the agreements the organisation is party to."),
    )
    can_report = models.BooleanField(
        _("may report progress and confirm"),
        default=False,
        help_text=_(
            "Report progress on the organisation's agreements and confirm or decline them."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
        help_text=_("The key acts in this person's name, for its organisation only."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(
        _("last used"),
        null=True,
        blank=True,
        help_text=_("Recorded at most once a minute; every use is in the audit log."),
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["organisation", "-created"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def scopes(self):
        return [
            scope
            for scope, granted in (
                (Scope.READ_AGREEMENTS, self.can_read),
                (Scope.REPORT, self.can_report),
            )
            if granted
        ]

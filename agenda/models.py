"""The regie-agenda: an LEA period with its themes, goals and agreements between the partners."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kindcentra.models import Kindcentrum
from kindportaal.concurrency import VersionedModel
from kindportaal.models import Wijk
from partners.models import Organisation

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (concept)")
    ADOPTED = "adopted", _("Adopted (vastgesteld)")


class AdoptedBy(models.TextChoices):
    COUNCIL = "council", _("Gemeenteraad")
    EXECUTIVE = "executive", _("College van B&W")


class Agenda(VersionedModel):
    """One LEA period, e.g. 2025–2028."""

    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=10, choices=AdoptedBy.choices, blank=True
    )
    foreword = models.TextField(_("foreword"), max_length=10000, blank=True)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The period the portal shows first.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="agenda_years_in_order",
                violation_error_message=_("The last year must not be before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(adopted_on__isnull=False) & ~Q(adopted_by="")),
                name="agenda_adopted_has_date_and_body",
                violation_error_message=_("An adopted agenda needs the date and who adopted it."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="agenda_one_current",
                violation_error_message=_("Only one agenda can be the current one."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:agenda_detail", args=[self.pk])


class StatutoryTopic(models.Model):
    """A topic on which gemeente and school boards must seek agreement at least yearly
    (the OOGO topics of article 167a WPO). Kept as data that a beheerder can edit."""

    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("statutory topic")
        verbose_name_plural = _("statutory topics")
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class Theme(VersionedModel):
    agenda = models.ForeignKey(
        Agenda, on_delete=models.CASCADE, related_name="themes", verbose_name=_("agenda")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    statutory_topics = models.ManyToManyField(
        StatutoryTopic,
        related_name="themes",
        blank=True,
        verbose_name=_("statutory topics covered"),
    )

    history = HistoricalRecords(m2m_fields=[statutory_topics])

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["agenda", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "title"],
                name="theme_title_unique_per_agenda",
                violation_error_message=_("This agenda already has a theme with this title."),
            )
        ]

    def __str__(self):
        return self.title


class Goal(VersionedModel):
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("theme")
    )
    statement = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("E.g. %, pupils."))
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["theme", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=models.F("baseline_year")),
                name="goal_target_not_before_baseline",
                violation_error_message=_("The target year must not be before the baseline year."),
            )
        ]

    def __str__(self):
        return self.statement


class Measurement(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("goal")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["goal", "measured_on"]

    def __str__(self):
        return f"{self.goal}: {self.value} ({self.measured_on})"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (concept)")
    PROPOSED = "proposed", _("Proposed (voorgesteld)")
    ADOPTED = "adopted", _("Adopted (vastgesteld)")
    IN_PROGRESS = "in_progress", _("In progress (in uitvoering)")
    REALISED = "realised", _("Realised (gerealiseerd)")
    LAPSED = "lapsed", _("Lapsed (vervallen)")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track (op koers)")
    AT_RISK = "at_risk", _("At risk (risico)")
    OFF_TRACK = "off_track", _("Off track (achter)")


class Agreement(VersionedModel):
    """An afspraak: who does what by when, confirmed by every party."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("theme")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        related_name="agreements",
        null=True,
        blank=True,
        verbose_name=_("goal"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        verbose_name=_("owner (trekker)"),
        help_text=_("The organisation that leads the agreement."),
    )
    parties = models.ManyToManyField(
        Organisation, related_name="agreements", verbose_name=_("parties")
    )
    whole_gemeente = models.BooleanField(
        _("whole gemeente"), default=False, help_text=_("The agreement applies everywhere.")
    )
    kindcentra = models.ManyToManyField(
        Kindcentrum, related_name="agreements", blank=True, verbose_name=_("kindcentra")
    )
    wijken = models.ManyToManyField(
        Wijk, related_name="agreements", blank=True, verbose_name=_("wijken")
    )
    statutory_topics = models.ManyToManyField(
        StatutoryTopic,
        related_name="agreements",
        blank=True,
        verbose_name=_("statutory topics covered"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[parties, kindcentra, wijken])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="agreement_due_not_before_start",
                violation_error_message=_("The due date must not be before the start date."),
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:agreement_detail", args=[self.pk])

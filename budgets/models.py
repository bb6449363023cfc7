"""Funding streams, the pooled budgets (ontschotting) they contribute to, and the allocations made
from them. Money is Decimal; the rules that can be checked within one row are constraints here,
the rules across rows (totals, matching years) are checked by the services under row locks."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models import Agreement, Goal
from kindcentra.models import Kindcentrum
from kindportaal.concurrency import VersionedModel
from partners.models import Organisation

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2}
# Iv3 taakvelden: a main task (0–8), a point and a number, since 2023 sometimes a letter (6.72a).
IV3_VALIDATOR = RegexValidator(
    r"^[0-8]\.\d{1,2}[a-z]?$",
    _("Enter an Iv3 taakveld such as 4.3 or 6.72a."),
)


class Source(models.TextChoices):
    RIJK_SPECIFIC = "rijk_specific", _("Rijk: specific grant (SPUK)")
    GEMEENTEFONDS = "gemeentefonds", _("Gemeentefonds / integration grant")
    OWN_MEANS = "own_means", _("The gemeente's own means")
    PROVINCE = "province", _("Province")
    PARTNER = "partner", _("Partner co-financing")
    EU = "eu", _("European Union")
    OTHER = "other", _("Other")


class Domain(models.TextChoices):
    EDUCATION = "education", _("Education (onderwijs)")
    CHILDCARE = "childcare", _("Childcare (opvang)")
    YOUTH = "youth", _("Youth (jeugd)")
    WELFARE = "welfare", _("Welfare (welzijn)")
    HOUSING = "housing", _("Housing (huisvesting)")


class Accountability(models.TextChoices):
    SISA = "sisa", _("SiSa (single information, single audit)")
    SUBSIDY_REPORT = "subsidy_report", _("Subsidy report")
    NONE = "none", _("None")


class FundingStream(VersionedModel):
    """A geldstroom: money for one year with its own purpose and its own accountability."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. SPUK OAB 2026."))
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("A short code that stays the same over the years, e.g. SPUK-OAB."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=YEAR_VALIDATORS, help_text=_("The budget year.")
    )
    amount = models.DecimalField(
        _("amount"), **MONEY, help_text=_("What the stream brings in this year, in euros.")
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source.choices,
        help_text=_("Where the money comes from."),
    )
    legal_basis = models.CharField(
        _("legal basis or regulation"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the regulation of the specific grant, or the council decision."),
    )
    domain = models.CharField(
        _("domain"), max_length=20, choices=Domain.choices, help_text=_("The policy domain.")
    )
    purpose = models.TextField(
        _("purpose"), max_length=2000, help_text=_("What the money may be spent on.")
    )
    accountability = models.CharField(
        _("accountability regime"),
        max_length=20,
        choices=Accountability.choices,
        help_text=_("How spending is accounted for to whoever provides the money."),
    )
    earmarked = models.BooleanField(
        _("earmarked"), default=False, help_text=_("The money may only be spent on its purpose.")
    )
    poolable = models.BooleanField(
        _("pooling allowed"),
        default=False,
        help_text=_("The regulation allows this money to be pooled with other streams."),
    )
    iv3_taakveld = models.CharField(
        _("Iv3 taakveld"),
        max_length=6,
        validators=[IV3_VALIDATOR],
        help_text=_("E.g. 4.3 Onderwijsbeleid en leerlingzaken, or 6.x for the social domain."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding stream")
        verbose_name_plural = _("funding streams")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="fundingstream_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["code", "year"],
                name="fundingstream_code_unique_per_year",
                violation_error_message=_("There already is a stream with this code in this year."),
            ),
        ]
        indexes = [models.Index(fields=["year", "domain"])]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("budgets:stream_detail", args=[self.pk])


class PooledBudget(VersionedModel):
    """An ontschot programme: money of several streams pooled for one year, serving agenda goals."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Sterke start 0–6."))
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=YEAR_VALIDATORS,
        help_text=_("Only streams of this year can contribute."),
    )
    description = models.TextField(
        _("description"), max_length=5000, blank=True, help_text=_("What the programme does.")
    )
    goals = models.ManyToManyField(
        Goal,
        related_name="pooled_budgets",
        blank=True,
        verbose_name=_("agenda goals served"),
        help_text=_("The goals of the agenda this programme works towards."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        verbose_name = _("pooled budget")
        verbose_name_plural = _("pooled budgets")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year"],
                name="pooledbudget_name_unique_per_year",
                violation_error_message=_(
                    "There already is a pooled budget with this name in this year."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("budgets:pool_detail", args=[self.pk])


class Contribution(VersionedModel):
    """A bijdrage: part of a stream's money put into a pooled budget of the same year."""

    pooled_budget = models.ForeignKey(
        PooledBudget,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("pooled budget"),
    )
    stream = models.ForeignKey(
        FundingStream,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("funding stream"),
        help_text=_("Only streams of the same year whose regulation allows pooling."),
    )
    amount = models.DecimalField(
        _("amount"), **MONEY, help_text=_("What the stream puts into the pooled budget, in euros.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["pooled_budget", "stream__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="contribution_amount_positive",
                violation_error_message=_("A contribution must be more than € 0."),
            ),
            models.UniqueConstraint(
                fields=["pooled_budget", "stream"],
                name="contribution_one_per_stream",
                violation_error_message=_("This stream already contributes to this pooled budget."),
            ),
        ]

    def __str__(self):
        return f"{self.stream} → {self.pooled_budget}"

    def get_absolute_url(self):
        # A contribution is shown on the page of the pooled budget it goes to.
        return self.pooled_budget.get_absolute_url()


class Allocation(VersionedModel):
    """A toekenning: money from one stream or one pooled budget to an organisation and/or a
    kindcentrum, optionally for an agreement; budgeted and realised."""

    stream = models.ForeignKey(
        FundingStream,
        on_delete=models.PROTECT,
        related_name="allocations",
        null=True,
        blank=True,
        verbose_name=_("funding stream"),
    )
    pooled_budget = models.ForeignKey(
        PooledBudget,
        on_delete=models.PROTECT,
        related_name="allocations",
        null=True,
        blank=True,
        verbose_name=_("pooled budget"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=YEAR_VALIDATORS, help_text=_("The year of the source.")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    kindcentrum = models.ForeignKey(
        Kindcentrum,
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        null=True,
        blank=True,
        verbose_name=_("kindcentrum"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        related_name="budget_allocations",
        null=True,
        blank=True,
        verbose_name=_("agreement"),
    )
    description = models.CharField(
        _("description"), max_length=300, help_text=_("What the money is for.")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    budgeted = models.DecimalField(_("budgeted"), **MONEY, help_text=_("The amount granted."))
    realised = models.DecimalField(
        _("realised"),
        **MONEY,
        default=0,
        help_text=_("What has been spent of it so far; at most the budgeted amount."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-year", "period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(stream__isnull=False, pooled_budget__isnull=True)
                    | Q(stream__isnull=True, pooled_budget__isnull=False)
                ),
                name="allocation_exactly_one_source",
                violation_error_message=_("Choose either a funding stream or a pooled budget."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(kindcentrum__isnull=False),
                name="allocation_has_recipient",
                violation_error_message=_("Choose an organisation, a kindcentrum or both."),
            ),
            models.CheckConstraint(
                condition=Q(budgeted__gte=0) & Q(realised__gte=0),
                name="allocation_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(realised__lte=F("budgeted")),
                name="allocation_realised_within_budgeted",
                violation_error_message=_("The realised amount cannot exceed the budgeted amount."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="allocation_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__year=F("year")) & Q(period_end__year=F("year")),
                name="allocation_period_in_year",
                violation_error_message=_("The period must lie within the year of the source."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "organisation"]),
            # The allocations list's own order: its first page is read from the index instead of
            # joining and sorting every allocation of the year.
            models.Index(fields=["-year", "id"], name="allocation_newest_first"),
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("budgets:allocation_detail", args=[self.pk])

    @property
    def source(self):
        return self.stream or self.pooled_budget

    @property
    def recipient(self):
        """The organisation and/or kindcentrum, as people read it."""
        return " — ".join(str(part) for part in (self.organisation, self.kindcentrum) if part)


class PoolShare(models.Model):
    """What one allocation from a pooled budget counts for one contributing stream, in cents as
    budgets.accounting rounds them. Written only by PostgreSQL: triggers on the allocations and
    contributions work the shares out again in the same statement as every change of them
    (budgets/migrations/0002_poolshare.py), so they never disagree with the money."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.DO_NOTHING, related_name="pool_shares"
    )
    stream = models.ForeignKey(
        FundingStream, on_delete=models.DO_NOTHING, related_name="pool_shares"
    )
    budgeted = models.DecimalField(**MONEY)
    realised = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "stream"], name="poolshare_one_per_stream"
            )
        ]
        indexes = [models.Index(fields=["stream"])]

    def __str__(self):
        return f"{self.allocation_id} → {self.stream_id}"

"""Buildings, the integraal huisvestingsplan (IHP) with its projects and their funding, and the
forecasts of children per wijk. What can be checked within one row is a constraint here."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models import Goal
from budgets.models import FundingStream, PooledBudget
from kindcentra.models import Kindcentrum
from kindportaal.concurrency import VersionedModel
from kindportaal.models import Wijk
from partners.models import POSTCODE_VALIDATOR, Location, Organisation

YEAR_VALIDATORS = [
    MinValueValidator(1800, _("Enter a year from 1800.")),
    MaxValueValidator(2100, _("Enter a year up to 2100.")),
]
PLAN_YEAR_VALIDATORS = [
    MinValueValidator(2000, _("Enter a year from 2000.")),
    MaxValueValidator(2100, _("Enter a year up to 2100.")),
]
MONEY = {"max_digits": 14, "decimal_places": 2}
# A BAG pand (building) id: 16 digits, the first four the gemeente's code.
BAG_ID_VALIDATOR = RegexValidator(
    r"^\d{16}$", _("Enter the BAG building id: 16 digits, e.g. 0363100012345678.")
)
PLACES = [MaxValueValidator(100_000)]


class Owner(models.TextChoices):
    GEMEENTE = "gemeente", _("The gemeente")
    SCHOOL_BOARD = "school_board", _("A school board")
    CHILDCARE = "childcare", _("A childcare organisation")
    OTHER = "other", _("Other")


class EnergyLabel(models.TextChoices):
    A4 = "A++++", "A++++"
    A3 = "A+++", "A+++"
    A2 = "A++", "A++"
    A1 = "A+", "A+"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


class Building(VersionedModel):
    """A building in which schools, childcare and care work: what it holds and its state."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("How the building is known, e.g. De Wissel.")
    )
    bag_id = models.CharField(
        _("BAG building id"),
        max_length=16,
        unique=True,
        validators=[BAG_ID_VALIDATOR],
        help_text=_("The building's id in the BAG (Basisregistratie Adressen en Gebouwen)."),
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(
        _("house number"), max_length=12, blank=True, help_text=_("With addition, e.g. 12a.")
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=7,
        blank=True,
        validators=[POSTCODE_VALIDATOR],
        help_text=_("E.g. 1234 AB."),
    )
    city = models.CharField(_("place"), max_length=100, blank=True)
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("wijk")
    )
    owner_kind = models.CharField(
        _("owner"),
        max_length=20,
        choices=Owner.choices,
        help_text=_("Who owns the building (legal owner, for schools often the school board)."),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="buildings",
        null=True,
        blank=True,
        verbose_name=_("owning or managing organisation"),
        help_text=_("The organisation whose directors keep the building's details current."),
    )
    year_built = models.PositiveSmallIntegerField(
        _("year built"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    floor_area = models.PositiveIntegerField(
        _("gross floor area (m² BVO)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
        help_text=_("Bruto vloeroppervlak in square metres."),
    )
    condition_score = models.PositiveSmallIntegerField(
        _("condition score (NEN 2767)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("A condition score is at least 1.")),
            MaxValueValidator(6, _("A condition score is at most 6.")),
        ],
        help_text=_("1 (excellent) to 6 (very poor), from the latest inspection."),
    )
    inspected_on = models.DateField(
        _("inspection date"),
        null=True,
        blank=True,
        help_text=_("The date of the inspection the condition score comes from."),
    )
    energy_label = models.CharField(
        _("energy label"), max_length=5, choices=EnergyLabel.choices, blank=True
    )
    classrooms = models.PositiveSmallIntegerField(
        _("classrooms"), default=0, validators=[MaxValueValidator(500)]
    )
    school_places = models.PositiveIntegerField(
        _("school places"),
        default=0,
        validators=PLACES,
        help_text=_("How many pupils the building's classrooms hold (its school capacity)."),
    )
    childcare_groups = models.PositiveSmallIntegerField(
        _("childcare groups"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("Group rooms for day care, preschool or out-of-school care."),
    )
    locations = models.ManyToManyField(
        Location,
        through="BuildingLocation",
        related_name="buildings",
        verbose_name=_("locations"),
        blank=True,
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(condition_score__isnull=True)
                | Q(condition_score__gte=1, condition_score__lte=6),
                name="building_condition_1_to_6",
                violation_error_message=_("A condition score is 1 to 6."),
            ),
            models.CheckConstraint(
                condition=Q(condition_score__isnull=True) | Q(inspected_on__isnull=False),
                name="building_condition_has_inspection_date",
                violation_error_message=_("Give the inspection date of the condition score."),
            ),
        ]
        indexes = [models.Index(fields=["wijk", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("housing:building_detail", args=[self.pk])

    @property
    def address(self):
        line = " ".join(part for part in (self.street, self.house_number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (line, place) if part)


class BuildingLocation(models.Model):
    """A location is housed in at most one building at a time."""

    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        related_name="housed",
        verbose_name=_("building"),
    )
    location = models.OneToOneField(
        Location,
        on_delete=models.CASCADE,
        related_name="housing",
        verbose_name=_("location"),
    )
    added_at = models.DateTimeField(_("housed since"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location in a building")
        verbose_name_plural = _("locations in buildings")

    def __str__(self):
        return f"{self.location} – {self.building}"


class HousingPlan(VersionedModel):
    """The integraal huisvestingsplan (IHP): a period of years and the norm of school places.
    The norm of childcare places is the gemeente's own (`Gemeente.norm_childcare_per_100`), the
    same the dashboard compares each wijk with."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. IHP 2025–2040."))
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=PLAN_YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=PLAN_YEAR_VALIDATORS)
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The date the council adopted the plan; empty while it is a draft."),
    )
    school_norm = models.PositiveSmallIntegerField(
        _("school places per 100 children 4–12"),
        default=100,
        validators=[MaxValueValidator(200)],
        help_text=_("The gemeente's norm: how many school places it wants per 100 children."),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("housing plan (IHP)")
        verbose_name_plural = _("housing plans (IHP)")
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="housingplan_period_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(last_year__lte=F("first_year") + 30),
                name="housingplan_at_most_30_years",
                violation_error_message=_("A plan covers at most 31 years."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("housing:plan_detail", args=[self.pk])

    @property
    def years(self):
        return list(range(self.first_year, self.last_year + 1))


class ProjectKind(models.TextChoices):
    NEW_BUILD = "new_build", _("New build")
    RENOVATION = "renovation", _("Renovation")
    EXTENSION = "extension", _("Extension")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    DEMOLITION = "demolition", _("Demolition")
    TEMPORARY = "temporary", _("Temporary housing")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    DECIDED = "decided", _("Decided")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class HousingProject(VersionedModel):
    """A project of the IHP: what happens to a building, when, for whom, and at what cost."""

    plan = models.ForeignKey(
        HousingPlan, on_delete=models.CASCADE, related_name="projects", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("building"),
        help_text=_("For a new build: the planned building, with no places of its own yet."),
    )
    kindcentrum = models.ForeignKey(
        Kindcentrum,
        on_delete=models.SET_NULL,
        related_name="housing_projects",
        null=True,
        blank=True,
        verbose_name=_("kindcentrum"),
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="housing_projects",
        blank=True,
        verbose_name=_("partners who will share it"),
    )
    goals = models.ManyToManyField(
        Goal,
        related_name="housing_projects",
        blank=True,
        verbose_name=_("goals it serves"),
        help_text=_("Goals of the agenda, e.g. of the theme IHP huisvesting."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=PLAN_YEAR_VALIDATORS)
    ready_year = models.PositiveSmallIntegerField(
        _("year ready"),
        validators=PLAN_YEAR_VALIDATORS,
        help_text=_("From this year on the building's new capacity counts."),
    )
    school_places_change = models.IntegerField(
        _("change in school places"),
        default=0,
        validators=[MinValueValidator(-100_000), MaxValueValidator(100_000)],
        help_text=_("Places added (or, negative, removed) when the project is ready."),
    )
    childcare_places_change = models.IntegerField(
        _("change in childcare places"),
        default=0,
        validators=[MinValueValidator(-100_000), MaxValueValidator(100_000)],
        help_text=_("Places added (or, negative, removed) when the project is ready."),
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"), **MONEY, default=0, help_text=_("In euros.")
    )
    realised_cost = models.DecimalField(
        _("realised cost"), **MONEY, default=0, help_text=_("In euros, so far.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    decisions = models.TextField(
        _("decisions"),
        max_length=5000,
        blank=True,
        help_text=_("What the college or council decided, with dates."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("housing project")
        verbose_name_plural = _("housing projects")
        ordering = ["ready_year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("ready_year")),
                name="housingproject_years_in_order",
                violation_error_message=_("The year ready cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0) & Q(realised_cost__gte=0),
                name="housingproject_costs_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["status", "ready_year"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("housing:project_detail", args=[self.pk])

    @property
    def counts(self):
        """A cancelled project changes nothing; every other one is part of the plan."""
        return self.status != ProjectStatus.CANCELLED


class ProjectFunding(VersionedModel):
    """A line of a project's funding: from a funding stream, a pooled budget, or neither — the
    gemeente's own investment (krediet)."""

    project = models.ForeignKey(
        HousingProject,
        on_delete=models.CASCADE,
        related_name="funding",
        verbose_name=_("project"),
    )
    stream = models.ForeignKey(
        FundingStream,
        on_delete=models.PROTECT,
        related_name="housing_funding",
        null=True,
        blank=True,
        verbose_name=_("funding stream"),
    )
    pooled_budget = models.ForeignKey(
        PooledBudget,
        on_delete=models.PROTECT,
        related_name="housing_funding",
        null=True,
        blank=True,
        verbose_name=_("pooled budget"),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the council's investment credit (krediet) and its decision."),
    )
    amount = models.DecimalField(_("amount"), **MONEY, help_text=_("Estimated, in euros."))
    realised = models.DecimalField(_("realised"), **MONEY, default=0, help_text=_("In euros."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stream__isnull=True) | Q(pooled_budget__isnull=True),
                name="projectfunding_at_most_one_source",
                violation_error_message=_(
                    "Choose a funding stream or a pooled budget, not both; choose neither for "
                    "the gemeente's own investment."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(realised__gte=0),
                name="projectfunding_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.source_name}"

    @property
    def source_name(self):
        if self.stream_id:
            return str(self.stream)
        if self.pooled_budget_id:
            return str(self.pooled_budget)
        return str(_("The gemeente's own investment"))

    def get_absolute_url(self):
        return self.project.get_absolute_url()


class ChildrenForecast(models.Model):
    """How many children are expected to live in a wijk in a year, from a prognosis file."""

    wijk = models.ForeignKey(
        Wijk, on_delete=models.CASCADE, related_name="forecasts", verbose_name=_("wijk")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=PLAN_YEAR_VALIDATORS)
    children_0_4 = models.PositiveIntegerField(
        _("children 0–4"), validators=[MaxValueValidator(1_000_000)]
    )
    children_4_12 = models.PositiveIntegerField(
        _("children 4–12"), validators=[MaxValueValidator(1_000_000)]
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the forecast comes from, e.g. the gemeente's prognosis of 2026."),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("forecast of children")
        verbose_name_plural = _("forecasts of children")
        ordering = ["wijk", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["wijk", "year"],
                name="childrenforecast_one_per_wijk_and_year",
                violation_error_message=_("This wijk already has a forecast for this year."),
            )
        ]

    def __str__(self):
        return f"{self.wijk} {self.year}"


class PupilForecast(models.Model):
    """How many pupils a school location expects in a year: DUO's leerlingenprognose, imported
    with its provenance (housing/imports.py)."""

    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="pupil_forecasts",
        verbose_name=_("school location"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=PLAN_YEAR_VALIDATORS)
    pupils = models.PositiveIntegerField(
        _("pupils expected"), validators=[MaxValueValidator(100_000)]
    )

    class Meta:
        verbose_name = _("forecast of pupils")
        verbose_name_plural = _("forecasts of pupils")
        ordering = ["location", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "year"],
                name="pupilforecast_one_per_location_and_year",
                violation_error_message=_("This location already has a forecast for this year."),
            )
        ]

    def __str__(self):
        return f"{self.location} {self.year}"

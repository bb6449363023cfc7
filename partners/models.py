"""The network's organisations (school boards, childcare, youth care, ...), their locations, and
which partner directors belong to which organisation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kindportaal.concurrency import VersionedModel
from kindportaal.models import Wijk

KVK_VALIDATOR = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))
DUO_BOARD_VALIDATOR = RegexValidator(
    r"^\d{5}$", _("A DUO board number (bevoegd gezag) has exactly 5 digits.")
)
# BRIN: two digits and two capitals; vestiging: two digits. E.g. 12AB00.
SCHOOL_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}[A-Z]{2}\d{2}$",
    _("A school location code is the BRIN (2 digits, 2 capitals) and 2 digits, e.g. 12AB00."),
)
LRK_VALIDATOR = RegexValidator(r"^\d{9}$", _("An LRK number has exactly 9 digits."))
# Dutch postcode: 4 digits (not starting with 0), a space, 2 capitals (not SA, SD or SS).
POSTCODE_VALIDATOR = RegexValidator(
    r"^[1-9]\d{3} (?!SA|SD|SS)[A-Z]{2}$",
    _("Enter a Dutch postcode: four digits and two letters, e.g. 1234 AB."),
)


class OrganisationKind(models.TextChoices):
    SCHOOL_BOARD = "school_board", _("School board (education)")
    CHILDCARE = "childcare", _("Childcare")
    YOUTH_CARE = "youth_care", _("Youth care")
    YOUTH_HEALTH = "youth_health", _("GGD / youth health care (JGZ)")
    WELFARE = "welfare", _("Welfare")
    MUNICIPALITY = "municipality", _("Gemeente")
    OTHER = "other", _("Other")


class Organisation(VersionedModel):
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, help_text=_("Its sector.")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The name as it is known."))
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        blank=True,
        validators=[KVK_VALIDATOR],
        help_text=_("Chamber of Commerce number, 8 digits."),
    )
    duo_board_number = models.CharField(
        _("DUO board number"),
        max_length=5,
        blank=True,
        validators=[DUO_BOARD_VALIDATOR],
        help_text=_("For school boards: the number of the bevoegd gezag at DUO, 5 digits."),
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("General address."))
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number."))],
        help_text=_("E.g. 010 123 45 67."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("E.g. https://example.org."))
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive organisations stay in the history but take no new agreements."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=~Q(kvk_number=""),
                name="organisation_kvk_unique",
                violation_error_code="unique",
                violation_error_message=_("Another organisation has this KvK number."),
            ),
            models.UniqueConstraint(
                fields=["duo_board_number"],
                condition=~Q(duo_board_number=""),
                name="organisation_duo_unique",
                violation_error_code="unique",
                violation_error_message=_("Another organisation has this DUO board number."),
            ),
            models.CheckConstraint(
                condition=Q(duo_board_number="") | Q(kind="school_board"),
                name="organisation_duo_only_for_school_boards",
                violation_error_message=_("Only a school board has a DUO board number."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:organisation_detail", args=[self.pk])


class LocationKind(models.TextChoices):
    PRIMARY_SCHOOL = "primary_school", _("Primary school (basisschool)")
    SPECIAL_EDUCATION = "special_education", _("Special (primary) education (SBO/SO)")
    DAY_CARE = "day_care", _("Day care (dagopvang)")
    OUT_OF_SCHOOL_CARE = "out_of_school_care", _("Out-of-school care (BSO)")
    PRESCHOOL = "preschool", _("Preschool / VVE (peuteropvang)")
    CHILDMINDING_AGENCY = "childminding_agency", _("Childminding agency (gastouderbureau)")
    YOUTH_TEAM = "youth_team", _("Youth or neighbourhood team")
    YOUTH_HEALTH_CENTRE = "youth_health_centre", _("Consultatiebureau / JGZ")
    OTHER = "other", _("Other")


SCHOOL_KINDS = [LocationKind.PRIMARY_SCHOOL, LocationKind.SPECIAL_EDUCATION]
CHILDCARE_KINDS = [
    LocationKind.DAY_CARE,
    LocationKind.OUT_OF_SCHOOL_CARE,
    LocationKind.PRESCHOOL,
    LocationKind.CHILDMINDING_AGENCY,
]


class Location(VersionedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=_("organisation"),
        help_text=_("The organisation that runs this location."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LocationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    school_code = models.CharField(
        _("school location code"),
        max_length=6,
        blank=True,
        validators=[SCHOOL_CODE_VALIDATOR],
        help_text=_("For schools: BRIN and vestiging number, e.g. 12AB00."),
    )
    lrk_number = models.CharField(
        _("LRK number"),
        max_length=9,
        blank=True,
        validators=[LRK_VALIDATOR],
        help_text=_("For childcare: the number in the national childcare register, 9 digits."),
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
        Wijk,
        on_delete=models.PROTECT,
        related_name="locations",
        null=True,
        blank=True,
        verbose_name=_("wijk"),
    )
    capacity = models.PositiveIntegerField(
        _("places (kindplaatsen)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("For childcare: the registered number of places."),
    )
    pupils = models.PositiveIntegerField(
        _("pupils"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("For schools: the number of pupils."),
    )
    count_reference_date = models.DateField(
        _("reference date"),
        null=True,
        blank=True,
        help_text=_("The date the number of places or pupils refers to."),
    )
    vve_certified = models.BooleanField(
        _("VVE certified"),
        default=False,
        help_text=_("Offers early childhood education (VVE) that the gemeente has recognised."),
    )
    age_from = models.PositiveSmallIntegerField(
        _("age from"), null=True, blank=True, validators=[MaxValueValidator(18)]
    )
    age_to = models.PositiveSmallIntegerField(
        _("age to"), null=True, blank=True, validators=[MaxValueValidator(18)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_code"],
                condition=~Q(school_code=""),
                name="location_school_code_unique",
                violation_error_code="unique",
                violation_error_message=_("Another location has this school location code."),
            ),
            models.UniqueConstraint(
                fields=["lrk_number"],
                condition=~Q(lrk_number=""),
                name="location_lrk_unique",
                violation_error_code="unique",
                violation_error_message=_("Another location has this LRK number."),
            ),
            models.CheckConstraint(
                condition=Q(school_code="") | Q(kind__in=SCHOOL_KINDS),
                name="location_school_code_only_for_schools",
                violation_error_message=_("Only a school has a school location code."),
            ),
            models.CheckConstraint(
                condition=Q(lrk_number="") | Q(kind__in=CHILDCARE_KINDS),
                name="location_lrk_only_for_childcare",
                violation_error_message=_("Only a childcare location has an LRK number."),
            ),
            models.CheckConstraint(
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_from__lte=models.F("age_to")),
                name="location_age_range_valid",
                violation_error_message=_("The age range must not end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["wijk", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:location_detail", args=[self.pk])

    @property
    def address(self):
        """Street and number, postcode and place, as written on an envelope."""
        street = " ".join(part for part in (self.street, self.house_number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, place) if part)

    @property
    def age_range(self):
        if self.age_from is None or self.age_to is None:
            return ""
        return _("%(start)s to %(end)s years") % {"start": self.age_from, "end": self.age_to}


class Membership(models.Model):
    """A partner director belongs to an organisation and may act on its behalf."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique",
                violation_error_message=_("This person is already a member."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


# Imports from the national registers (partners/registers/)


class RegisterSource(models.TextChoices):
    DUO_SCHOOLS = "duo_schools", _("DUO: primary school locations")
    DUO_BOARDS = "duo_boards", _("DUO: school boards")
    DUO_PUPILS = "duo_pupils", _("DUO: pupils per school location")
    LRK = "lrk", _("LRK: national childcare register")
    CBS = "cbs", _("CBS: key figures of wijken and buurten")
    CBS_BOUNDARIES = "cbs_boundaries", _("CBS: wijk boundaries (wijk- en buurtkaart, PDOK)")
    # The housing app's files (housing/imports.py), through the same preview and import.
    BUILDINGS = "buildings", _("Gemeente: buildings (BAG id)")
    CHILDREN_FORECAST = "children_forecast", _("Gemeente or CBS: forecast of children per wijk")
    DUO_PUPIL_FORECAST = "duo_pupil_forecast", _("DUO: forecast of pupils per school location")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    READY = "ready", _("Preview ready")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportRun(models.Model):
    """One uploaded register file: its preview, and its import once confirmed."""

    source = models.CharField(
        _("source"), max_length=20, choices=RegisterSource.choices, help_text=_("Which register.")
    )
    file = models.FileField(
        _("file"), upload_to="imports/%Y/%m/", help_text=_("The uploaded file, as it was sent.")
    )
    file_name = models.CharField(
        _("file name"), max_length=255, help_text=_("The name of the file on the uploader's side.")
    )
    reference_date = models.DateField(
        _("reference date"), help_text=_("The date the register's figures refer to.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(
        _("rows processed"), default=0, help_text=_("Progress of the check or the import.")
    )
    summary = models.JSONField(
        _("summary"),
        default=dict,
        blank=True,
        help_text=_("Counts of new, changed, unchanged, skipped and rejected rows."),
    )
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("The rows that would change, the rejected rows and the conflicts."),
    )
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    overwrite_conflicts = models.BooleanField(
        _("overwrite changes by hand"),
        default=False,
        help_text=_("The uploader chose the register's values over values changed by hand."),
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_source_display()} – {self.file_name}"

    def get_absolute_url(self):
        return reverse("partners:import_detail", args=[self.pk])

    @property
    def is_busy(self):
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class Provenance(models.Model):
    """Where the value of one field of one record came from: the import that last wrote it.

    `value` is what the import wrote; when the record's value differs from it now, someone
    changed it by hand, and a next import lists it as a conflict instead of overwriting it.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveIntegerField()
    field = models.CharField(_("field"), max_length=50)
    value = models.JSONField(_("imported value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=RegisterSource.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    reference_date = models.DateField(_("reference date"))
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenances",
        verbose_name=_("import run"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("provenance")
        verbose_name_plural = _("provenances")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="provenance_unique_field"
            )
        ]

    def __str__(self):
        return f"{self.field}: {self.get_source_display()} ({self.file_name})"

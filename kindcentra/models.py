"""Kindcentra: partner locations working together for children of 0–12, their development phase,
and the yearly self-assessment that shows how they develop."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kindportaal.concurrency import VersionedModel
from kindportaal.models import Wijk
from partners.models import Location, Organisation


class Phase(models.IntegerChoices):
    SEPARATE = 1, _("Separate provisions (losse voorzieningen)")
    COOPERATION = 2, _("Cooperation (samenwerking)")
    COMMUNITY_SCHOOL = 3, _("Community school (brede school)")
    KINDCENTRUM = 4, _("Kindcentrum")
    INTEGRAL = 5, _("Integraal kindcentrum (IKC)")


class LegalForm(models.TextChoices):
    COVENANT = "covenant", _("Covenant (convenant)")
    COOPERATION_AGREEMENT = (
        "cooperation_agreement",
        _("Cooperation agreement (samenwerkingsovereenkomst)"),
    )
    COOPERATIVE = "cooperative", _("Cooperative (coöperatie)")
    FOUNDATION = "foundation", _("Foundation (stichting)")
    PERSONAL_UNION = "personal_union", _("Personal union (personele unie)")
    OTHER = "other", _("Other")


class Housing(models.TextChoices):
    ONE_BUILDING = "one_building", _("One building")
    SEVERAL_BUILDINGS = "several_buildings", _("Several buildings")
    PLANNED = "planned", _("One building planned in the IHP")


# The criteria behind the phase, in the order the checklist shows them.
CRITERIA = [
    "shared_vision",
    "one_team",
    "one_leadership",
    "one_building",
    "continuous_line",
    "care_in_house",
    "vve_offer",
]


class Kindcentrum(VersionedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="kindcentra", verbose_name=_("wijk")
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_kindcentra",
        verbose_name=_("lead organisation"),
        help_text=_("The organisation that leads the kindcentrum and keeps its details current."),
    )
    locations = models.ManyToManyField(
        Location,
        through="KindcentrumLocation",
        related_name="kindcentra",
        verbose_name=_("locations"),
        blank=True,
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        choices=Phase.choices,
        default=Phase.SEPARATE,
        help_text=_("How far the cooperation has come, as the partners judge it."),
    )
    shared_vision = models.BooleanField(_("shared pedagogical vision"), default=False)
    one_team = models.BooleanField(_("one team"), default=False)
    one_leadership = models.BooleanField(_("one leadership"), default=False)
    one_building = models.BooleanField(_("one building"), default=False)
    continuous_line = models.BooleanField(_("continuous line 0–12"), default=False)
    care_in_house = models.BooleanField(_("care and youth care in house"), default=False)
    vve_offer = models.BooleanField(_("VVE offer"), default=False)
    legal_form = models.CharField(
        _("legal form of the cooperation"),
        max_length=24,
        choices=LegalForm.choices,
        blank=True,
    )
    housing = models.CharField(_("housing"), max_length=20, choices=Housing.choices, blank=True)
    ihp_year = models.PositiveSmallIntegerField(
        _("year in the IHP"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("When housing is planned in the integrated housing plan: the planned year."),
    )
    age_from = models.PositiveSmallIntegerField(
        _("age from"), default=0, validators=[MaxValueValidator(18)]
    )
    age_to = models.PositiveSmallIntegerField(
        _("age to"), default=12, validators=[MaxValueValidator(18)]
    )
    vision = models.TextField(
        _("vision"),
        max_length=5000,
        blank=True,
        help_text=_("The shared vision on development, learning and care, in a few paragraphs."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kindcentrum")
        verbose_name_plural = _("kindcentra")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__lte=models.F("age_to")),
                name="kindcentrum_age_range_valid",
                violation_error_message=_("The age span must not end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(housing="planned") | Q(ihp_year__isnull=False),
                name="kindcentrum_planned_housing_has_year",
                violation_error_message=_("Give the year in the IHP for planned housing."),
            ),
        ]
        indexes = [models.Index(fields=["wijk", "phase"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kindcentra:kindcentrum_detail", args=[self.pk])


class KindcentrumLocation(models.Model):
    """A location is part of at most one kindcentrum."""

    kindcentrum = models.ForeignKey(
        Kindcentrum,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("kindcentrum"),
    )
    location = models.OneToOneField(
        Location,
        on_delete=models.PROTECT,
        related_name="kindcentrum_membership",
        verbose_name=_("location"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location of a kindcentrum")
        verbose_name_plural = _("locations of kindcentra")

    def __str__(self):
        return f"{self.location} – {self.kindcentrum}"


class Dimension(models.TextChoices):
    VISION = "vision", _("Vision")
    TEAM = "team", _("Team")
    LEADERSHIP = "leadership", _("Leadership")
    HOUSING = "housing", _("Housing")
    CARE = "care", _("Care")
    PARENTS = "parents", _("Parents")


SCORE_VALIDATORS = [
    MinValueValidator(1, _("A score is at least 1.")),
    MaxValueValidator(4, _("A score is at most 4.")),
]


def _score(label):
    return models.PositiveSmallIntegerField(
        label, validators=SCORE_VALIDATORS, help_text=_("1 (beginning) to 4 (fully realised).")
    )


def _note(label):
    return models.TextField(label, max_length=1000, blank=True)


class SelfAssessment(VersionedModel):
    """A kindcentrum's own yearly judgement of itself on six dimensions, each scored 1–4."""

    kindcentrum = models.ForeignKey(
        Kindcentrum,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("kindcentrum"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    vision_score = _score(_("vision"))
    vision_note = _note(_("note on vision"))
    team_score = _score(_("team"))
    team_note = _note(_("note on team"))
    leadership_score = _score(_("leadership"))
    leadership_note = _note(_("note on leadership"))
    housing_score = _score(_("housing"))
    housing_note = _note(_("note on housing"))
    care_score = _score(_("care"))
    care_note = _note(_("note on care"))
    parents_score = _score(_("parents"))
    parents_note = _note(_("note on parents"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["kindcentrum", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kindcentrum", "year"],
                name="self_assessment_one_per_year",
                violation_error_message=_(
                    "This kindcentrum already has a self-assessment for this year."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{dimension}_score__gte": 1, f"{dimension}_score__lte": 4}),
                    name=f"self_assessment_{dimension}_score_1_to_4",
                )
                for dimension in Dimension.values
            ],
        ]

    def __str__(self):
        return f"{self.kindcentrum} {self.year}"

    def get_absolute_url(self):
        return reverse("kindcentra:self_assessment_detail", args=[self.pk])

    def scores(self):
        return {dimension: getattr(self, f"{dimension}_score") for dimension in Dimension.values}

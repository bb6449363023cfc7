"""The regie-agenda: an LEA period with its themes, goals and agreements between the partners."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kindcentra.models import Kindcentrum
from kindportaal.concurrency import VersionedModel
from kindportaal.formatting import display_value
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

    def get_absolute_url(self):
        return reverse("agenda:goal_detail", args=[self.pk])


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

    def clean(self):
        """A measurement is of a day that has been, in or after the goal's baseline year."""
        if self.measured_on is None:
            return
        if self.measured_on > timezone.localdate():
            raise ValidationError({"measured_on": _("The date cannot be in the future.")})
        if self.goal_id and self.measured_on.year < self.goal.baseline_year:
            raise ValidationError(
                {
                    "measured_on": _(
                        "The date cannot be before the goal's baseline year, %(year)s: the "
                        "baseline is the first value of the goal."
                    )
                    % {"year": self.goal.baseline_year}
                }
            )


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
        Wijk, related_name="agreements", blank=True, verbose_name=_("districts (wijken)")
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
    revision = models.PositiveIntegerField(
        _("version number"),
        default=0,
        editable=False,
        help_text=_(
            "The number of the version the parties are asked to confirm; 0 while it is a draft "
            "that was never proposed."
        ),
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the last party confirmed the current version."),
    )
    started_on = models.DateField(
        _("in progress since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the agreement is put into progress; kept when it is changed."),
    )
    # Taken from the latest progress update (services.progress_update_create keeps them current).
    health = models.CharField(
        _("health"),
        max_length=10,
        choices=Health.choices,
        blank=True,
        editable=False,
        help_text=_("From the latest progress update."),
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("percentage complete"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From the latest progress update."),
    )
    last_progress_on = models.DateField(
        _("latest progress update"), null=True, blank=True, editable=False
    )
    # Published on the public pages (/openbaar/) and in the open data once it is adopted
    # (openbaar.selectors.published_agreements is the one definition of what is public).
    is_public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Publish this agreement on the public pages and in the open data once it is adopted: "
            "its title, description, theme, goal, parties, period, status, health and percentage "
            "complete. Progress texts, answers, versions and the names of people stay internal."
        ),
    )

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
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["proposed", "adopted", "in_progress"])
                | Q(revision__gte=1),
                name="agreement_proposed_has_version",
                violation_error_message=_("A proposed agreement has a version to confirm."),
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__isnull=True) | Q(progress_percent__lte=100),
                name="agreement_percent_at_most_100",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The list's default order (by due date, then id for a stable page): the first page
            # is read from the index instead of sorting every agreement.
            models.Index(fields=["due_date", "id"], name="agreement_due_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:agreement_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        """Past its due date and neither realised nor lapsed."""
        return is_overdue(self.status, self.due_date)


OPEN_STATUSES = [
    AgreementStatus.DRAFT,
    AgreementStatus.PROPOSED,
    AgreementStatus.ADOPTED,
    AgreementStatus.IN_PROGRESS,
]


# "Overdue", the one definition: past its due date and still open (neither realised nor lapsed),
# for one agreement's values and as a condition on a query (`prefix` for a related agreement).
def is_overdue(status, due_date, today=None) -> bool:
    return status in OPEN_STATUSES and due_date < (today or timezone.localdate())


def overdue_q(today=None, prefix="") -> Q:
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}due_date__lt": today or timezone.localdate(),
        }
    )


# Running agreements: the parties carry them out, and their health comes from their progress
# updates. The one definition, for the pages, the dashboard, the reminders and the LEA document.
RUNNING_STATUSES = [AgreementStatus.ADOPTED, AgreementStatus.IN_PROGRESS]
# Statuses in which an agreement can be public: the parties adopted it (openbaar.selectors).
PUBLISHABLE_STATUSES = [
    AgreementStatus.ADOPTED,
    AgreementStatus.IN_PROGRESS,
    AgreementStatus.REALISED,
]
# Statuses in which the parties have confirmed (or are asked to confirm) a version.
BINDING_STATUSES = [AgreementStatus.PROPOSED, AgreementStatus.ADOPTED, AgreementStatus.IN_PROGRESS]


class AgreementVersion(models.Model):
    """What the parties were asked to confirm: an immutable snapshot of the agreement's substance.

    Made by the services when an agreement is proposed and whenever its substance changes after
    that; never changed afterwards (the admin shows versions read-only, no service updates them).
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveIntegerField(_("version number"))
    data = models.JSONField(
        _("content"), help_text=_("The agreement's substance as the parties saw it.")
    )
    changes = models.JSONField(
        _("changes"),
        default=list,
        blank=True,
        help_text=_("What changed since the previous version: field, label, old and new value."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agreement_version_from_1"),
        ]

    def __str__(self):
        return f"{self.agreement_id} v{self.number}"

    def shown_changes(self):
        """The changes since the previous version as the reader reads them: the field's name and
        the values in their language (components/field_changes.html)."""
        return [
            {
                "label": str(Agreement._meta.get_field(change["field"]).verbose_name),
                "old": snapshot_value_display(change["field"], change["old"]),
                "new": snapshot_value_display(change["field"], change["new"]),
            }
            for change in self.changes
        ]


def snapshot_value_display(name, value):
    """A value of a version's snapshot as the portal shows it: names joined, Dutch dates, yes/no."""
    if isinstance(value, list):
        return ", ".join(value) or "—"
    if isinstance(value, bool):
        return display_value(value)
    if name in ("start_date", "due_date") and value:
        try:
            return display_value(datetime.date.fromisoformat(value))
        except ValueError:  # a version made before the values were kept as they are
            return value
    return value or "—"


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class Confirmation(models.Model):
    """A party's answer to one version of an agreement, given by a director acting for it."""

    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("version"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_confirmations",
        verbose_name=_("party"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(
        _("reason"),
        max_length=2000,
        blank=True,
        help_text=_("Required when declining: what would have to change."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    decided_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["version", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"],
                name="confirmation_once_per_party_and_version",
                violation_error_message=_("This party has already answered this version."),
            ),
            models.CheckConstraint(
                condition=Q(decision="confirmed") | ~Q(reason=""),
                name="confirmation_decline_has_reason",
                violation_error_message=_("Give a reason for declining."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_decision_display()}"


# The order in which an agreement's progress updates are read: the latest first, and of those of
# one day the one entered last. "An agreement's progress" is always its first update in this order.
LATEST_PROGRESS_FIRST = ("-reported_on", "-created_at", "-pk")


class ProgressUpdate(models.Model):
    """A report on how an agreement is going; together they form its timeline."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("agreement"),
    )
    reported_on = models.DateField(_("date"), help_text=_("The day the update describes."))
    text = models.TextField(_("progress"), max_length=5000, help_text=_("What has been done."))
    health = models.CharField(_("health"), max_length=10, choices=Health.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("percentage complete"),
        validators=[MaxValueValidator(100, _("A percentage is at most 100."))],
        help_text=_("0 to 100."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        null=True,
        blank=True,
        verbose_name=_("on behalf of"),
        help_text=_("The organisation the author reported for; empty for the gemeente."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["agreement", "-reported_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="progress_percent_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
            )
        ]
        indexes = [models.Index(fields=["agreement", "-reported_on", "-created_at"])]

    def __str__(self):
        return f"{self.agreement_id}: {self.reported_on}"


class Meeting(VersionedModel):
    """An overleg of the network: who attended, the minutes, and decisions on agreements."""

    agenda = models.ForeignKey(
        Agenda, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("agenda")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. OOGO spring 2026."))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        related_name="meetings",
        blank=True,
        verbose_name=_("attending organisations"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="meetings",
        blank=True,
        verbose_name=_("attending people"),
    )
    other_attendees = models.CharField(
        _("other attendees"),
        max_length=500,
        blank=True,
        help_text=_("People without an account in the portal, separated by commas."),
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    is_public = models.BooleanField(
        _("public meeting"),
        default=False,
        help_text=_(
            "Publish this meeting on the public pages: its title, date, place, the attending "
            "organisations, the minutes and the decisions. The names of the people who attended "
            "stay internal."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(m2m_fields=[organisations, attendees])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:meeting_detail", args=[self.pk])


class MeetingDecision(models.Model):
    """A decision taken in a meeting, linked to the agreements it is about."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"), max_length=2000)
    agreements = models.ManyToManyField(
        Agreement, related_name="decisions", blank=True, verbose_name=_("agreements")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[agreements])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class NotificationKind(models.TextChoices):
    PROPOSED = "proposed", _("Proposed to the parties")
    CHANGED = "changed", _("Changed; to confirm again")
    STALE = "stale", _("Due soon without recent progress")


class Notification(models.Model):
    """An e-mail about an agreement, recorded so that each is sent once per condition."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    key = models.CharField(
        _("condition"),
        max_length=40,
        help_text=_("What makes it unique: the version number, or the due date it warned of."),
    )
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(
        _("failed at"),
        null=True,
        blank=True,
        help_text=_("When it turned out the e-mail cannot be sent; it is not tried again."),
    )
    error = models.TextField(_("reason"), blank=True, help_text=_("Why it could not be sent."))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "key"], name="notification_once_per_condition"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.agreement_id} ({self.key})"

"""The portal's own models: its users and their roles, invitations, the gemeente and its wijken."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kindportaal.concurrency import VersionedModel
from kindportaal.roles import TWO_FACTOR_ROLES, Role
from kindportaal.theme import validate_theme_tokens

INVITATION_SALT = "kindportaal.invitation"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.pop("is_staff", None)
        extra_fields["role"] = Role.ADMINISTRATOR
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("full_name", email)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address. Nobody signs up: people are invited."""

    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        unique=True,
        help_text=_("The address this person logs in with."),
    )
    full_name = models.CharField(
        _("full name"), max_length=150, help_text=_("First name and surname, as shown to others.")
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        help_text=_("Decides what this person may see and change."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivated people can no longer log in; their history stays."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deactivated_at = models.DateTimeField(
        _("deactivated at"),
        null=True,
        blank=True,
        help_text=_(
            "When the account was deactivated; its name and e-mail address are removed a set "
            "time later (docs/privacy.md). Empty while it is active."
        ),
    )
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        help_text=_("When its name and e-mail address were removed; it cannot be used again."),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "deactivated_at"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_staff(self):
        """Beheerders, and only they, reach the Django admin."""
        return self.role == Role.ADMINISTRATOR

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def requires_two_factor(self):
        return self.role in TWO_FACTOR_ROLES


class Invitation(models.Model):
    """A single-use link with which an invited person sets their password.

    The person's account exists (inactive) from the moment they are invited, so memberships and
    other links can be made right away; accepting the invitation activates it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("invited person"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("Set when a newer invitation replaces this one."),
    )
    email_sent_at = models.DateTimeField(
        _("e-mail sent at"),
        null=True,
        blank=True,
        help_text=_("Empty until the e-mail went out; the janitor queues it again until then."),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def token(self):
        """The signed value in the link; tampering with it breaks the signature."""
        return signing.Signer(salt=INVITATION_SALT).sign(str(self.public_id))

    def get_accept_url(self):
        return reverse("kindportaal:invitation_accept", args=[self.token])

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class Gemeente(models.Model):
    """The gemeente that runs this portal: one row, edited by beheerders."""

    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Voorbeeldstad."))
    cbs_code = models.CharField(
        _("CBS gemeente code"),
        max_length=6,
        validators=[RegexValidator(r"^GM\d{4}$", _("Enter GM followed by four digits."))],
        help_text=_("GM followed by four digits, e.g. GM0363."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="gemeente/",
        blank=True,
        help_text=_("An SVG or PNG shown in the page header and on the LEA document."),
    )
    theme_tokens = models.JSONField(
        _("theme tokens"),
        default=dict,
        blank=True,
        help_text=_(
            "NL Design System design tokens that override the default theme, as a mapping from "
            "a CSS custom property (e.g. --utrecht-button-primary-action-background-color) to "
            "its value."
        ),
    )
    norm_vve_per_100 = models.DecimalField(
        _("norm of VVE places per 100 children 0–4"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The number of VVE places per 100 children of 0 to 4 the gemeente aims for in every "
            "wijk; the dashboard compares each wijk with it."
        ),
    )
    norm_childcare_per_100 = models.DecimalField(
        _("norm of childcare places per 100 children 0–4"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The number of childcare places (day care and preschool) per 100 children of 0 to 4 "
            "the gemeente aims for in every wijk."
        ),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeente")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="gemeente_single")]

    def __str__(self):
        return self.name

    def clean(self):
        validate_theme_tokens(self.theme_tokens)

    @classmethod
    def current(cls):
        gemeente = cls.objects.filter(pk=1).first()
        return gemeente or cls(pk=1, name=_("Gemeente"), cbs_code="GM0000")


class Wijk(VersionedModel):
    """A district of the gemeente, with the number of children who live there."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS wijk code"),
        max_length=8,
        unique=True,
        validators=[
            RegexValidator(r"^WK\d{6}$", _("Enter WK followed by six digits, e.g. WK036301."))
        ],
        help_text=_("WK followed by six digits, as CBS publishes it."),
    )
    children_0_4 = models.PositiveIntegerField(
        _("children 0–4"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Number of children aged 0 up to 4 living in the wijk."),
    )
    children_4_12 = models.PositiveIntegerField(
        _("children 4–12"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Number of children aged 4 up to 12 living in the wijk."),
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"),
        null=True,
        blank=True,
        help_text=_("The year the numbers of children refer to."),
    )
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_(
            "The wijk's outline from the CBS wijk and buurt map (PDOK), in RD New metres: a list "
            "of polygons, each a list of rings of [x, y] points, simplified for the map."
        ),
    )

    # The outline is kept with its provenance (the import that wrote it), not in every history
    # entry of the wijk.
    history = HistoricalRecords(excluded_fields=["boundary"])

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The wijk's page lives in the kindcentra app, which shows what is in the wijk.
        return reverse("kindcentra:wijk_detail", args=[self.pk])


class NoticeKind(models.TextChoices):
    """What a notice is about. The first three are the e-mails about agreements of old
    (agenda.Notification uses the same values)."""

    PROPOSED = "proposed", _("Agreement to confirm")
    CHANGED = "changed", _("New version to confirm")
    STALE = "stale", _("Due soon without progress")
    PROGRESS = "progress", _("Progress reported")
    DECISION = "decision", _("Decision in a meeting")
    LEA_DOCUMENT = "lea_document", _("LEA document ready")
    IMPORT = "import", _("Import finished")


class Delivery(models.TextChoices):
    PORTAL = "portal", _("Only in the portal")
    IMMEDIATE = "immediate", _("By e-mail at once")
    DIGEST = "digest", _("In a daily e-mail overview")


class Notice(models.Model):
    """A melding for one person in the portal: what happened, with a link to the thing. Recorded
    once per person and condition (`key`); e-mailed at once or in the daily overview as the
    person chose (NoticePreference)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(
        _("condition"),
        max_length=80,
        help_text=_("What makes it unique for its recipient, e.g. the agreement and its version."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("The page of the thing, in the portal.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("e-mailed at"),
        null=True,
        blank=True,
        help_text=_("When it went out by e-mail, at once or in the daily overview."),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notice_once_per_person_and_condition"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notice_not_emailed",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("kindportaal:notice_open", args=[self.pk])


class NoticePreference(models.Model):
    """How a person wants to hear of one kind of notice; without one, the kind's default
    (kindportaal.notices.DEFAULT_DELIVERY)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    delivery = models.CharField(_("how"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} → {self.delivery}"


class NoticeDigest(models.Model):
    """A daily overview e-mailed to a person: at most one per person and day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("number of notices"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("daily overview")
        verbose_name_plural = _("daily overviews")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="notice_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.day}"


class AuditKind(models.TextChoices):
    """What an audit record is about (kindportaal.audit records them)."""

    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    TWO_FACTOR = "two_factor", _("Two-factor change")
    INVITATION = "invitation", _("Invitation")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    ROLE = "role", _("Role change")
    MEMBERSHIP = "membership", _("Membership change")
    DEACTIVATION = "deactivation", _("Deactivation or reactivation")
    EXPORT = "export", _("Export or download")
    LEA_DOCUMENT = "lea_document", _("LEA document")
    IMPORT = "import", _("Register import")
    RETENTION = "retention", _("Retention")
    API_KEY = "api_key", _("API key")
    PUBLICATION = "publication", _("Publication (Woo)")


class AuditImmutable(Exception):
    """An audit record cannot be changed or deleted; only the retention job removes old ones."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("Audit records cannot be changed.")

    def delete(self):
        raise AuditImmutable("Audit records cannot be deleted; the retention job removes old ones.")

    def _expire(self):
        """The one way rows leave the audit log: kindportaal.retention, for records older than
        AUDIT_RETENTION_DAYS. (Not `delete`, which refuses.)"""
        return models.QuerySet.delete(self)

    def _anonymise(self, *, params, identifier):
        """The one way a record changes: kindportaal.anonymise takes a person's name and
        address out of it once their account has passed its term. (Not `update`, which
        refuses.)"""
        return models.QuerySet.update(self, params=params, identifier=identifier)


class AuditEvent(models.Model):
    """One append-only record of the audit log: who did what, when, from which address."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=AuditKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("The person who did it; empty when nobody was logged in."),
    )
    identifier = models.CharField(
        _("as typed"),
        max_length=254,
        blank=True,
        help_text=_("For a failed login: the e-mail address that was typed."),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about whom"),
        help_text=_("The person the action was about (invited, deactivated, given a role)."),
    )
    ip_address = models.GenericIPAddressField(
        _("address"),
        null=True,
        blank=True,
        help_text=_(
            "The visitor's address, as the reverse proxy gave it; empty for background jobs."
        ),
    )
    message = models.CharField(
        _("what"),
        max_length=200,
        help_text=_("What happened, as an English text translated when it is shown."),
    )
    params = models.JSONField(
        _("details"), default=dict, blank=True, help_text=_("The values in the text.")
    )

    objects = AuditQuerySet.as_manager()

    # Parameters stored in English and translated when read: a list's name, a role.
    TRANSLATED_PARAMS = ("name", "role", "previous_role")

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "created_at"], name="audit_kind_created")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutable("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("Audit records cannot be deleted; the retention job removes old ones.")

    @property
    def what(self):
        """The record's text in the reader's language."""
        text = gettext(self.message)
        params = {
            key: gettext(value)
            if key in self.TRANSLATED_PARAMS and isinstance(value, str)
            else value
            for key, value in self.params.items()
        }
        try:
            return text % params if params else text
        except (KeyError, TypeError, ValueError):
            return self.message

    @property
    def who(self):
        if self.actor is not None:
            return str(self.actor)
        return self.identifier

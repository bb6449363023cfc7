"""Every write of the agenda: periods, themes, goals, agreements with their versions and
confirmations, progress updates, meetings and notifications. Views call these; nothing else writes.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda import permissions
from agenda.models import (
    BINDING_STATUSES,
    LATEST_PROGRESS_FIRST,
    PUBLISHABLE_STATUSES,
    RUNNING_STATUSES,
    Agenda,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Confirmation,
    Decision,
    Goal,
    Measurement,
    Meeting,
    MeetingDecision,
    Notification,
    NotificationKind,
    ProgressUpdate,
    Theme,
)
from kindportaal import audit
from kindportaal.concurrency import save_versioned
from kindportaal.formatting import display_value
from kindportaal.history import history_reason
from kindportaal.queueing import enqueue_on_commit
from kindportaal.records import save_checked

S = AgreementStatus


class AgreementError(Exception):
    """A request the rules refuse; the message says why, in the user's language."""


class StaleVersion(AgreementError):
    """An answer to a version that is no longer the one to confirm (the API answers 409 with
    the current one)."""


# Agenda periods, themes, goals, measurements


def agenda_save(*, agenda: Agenda, expected_version: int | None = None, **changes) -> Agenda:
    """Create or update a period with the fields in `changes`; making it the current one makes
    the others not current."""
    with transaction.atomic():
        if changes.get("is_current"):
            # This one too: it is saved as the current one right after.
            Agenda.objects.filter(is_current=True).update(is_current=False)
        if changes.get("status") == "draft":
            changes = {**changes, "adopted_on": None, "adopted_by": ""}
        return save_checked(agenda, changes=changes, expected_version=expected_version)


def theme_save(*, theme: Theme, expected_version: int | None = None, **changes) -> Theme:
    with transaction.atomic():
        return save_checked(theme, changes=changes, expected_version=expected_version)


def goal_save(*, goal: Goal, expected_version: int | None = None, **changes) -> Goal:
    with transaction.atomic():
        return save_checked(goal, changes=changes, expected_version=expected_version)


def measurement_create(*, goal: Goal, value, measured_on, source: str) -> Measurement:
    with transaction.atomic():
        measurement = Measurement(goal=goal, value=value, measured_on=measured_on, source=source)
        measurement.full_clean()
        measurement.save()
        return measurement


def measurement_delete(*, measurement: Measurement) -> None:
    with transaction.atomic():
        measurement.delete()


# Agreements

AGREEMENT_M2M = ("parties", "kindcentra", "wijken", "statutory_topics")
# The substance the parties confirm, in the order a version shows it.
SUBSTANCE = [
    "title",
    "description",
    "theme",
    "goal",
    "owner",
    "parties",
    "whole_gemeente",
    "kindcentra",
    "wijken",
    "statutory_topics",
    "start_date",
    "due_date",
]


def agreement_problems(data: dict, *, existing_party_ids=frozenset()) -> dict:
    """The rules of an agreement's content as {field: Dutch message}; forms show them per field
    and the services refuse to save while there are any. A party that has become inactive may
    stay on an agreement it already had (`existing_party_ids`), but is not added anew."""
    problems = {}
    start, due = data.get("start_date"), data.get("due_date")
    if start and due and due < start:
        problems["due_date"] = _("The due date must not be before the start date.")
    parties = list(data.get("parties") or [])
    if not parties:
        problems["parties"] = _("Choose at least one party.")
    inactive = [
        str(party)
        for party in parties
        if not party.is_active and party.pk not in existing_party_ids
    ]
    if inactive:
        problems["parties"] = _("%(names)s is not active and cannot take new agreements.") % {
            "names": ", ".join(inactive)
        }
    owner = data.get("owner")
    if owner is not None and not owner.is_active and owner.pk not in existing_party_ids:
        problems["owner"] = _("%(name)s is not active and cannot take new agreements.") % {
            "name": owner
        }
    theme, goal = data.get("theme"), data.get("goal")
    if theme is not None and goal is not None and goal.theme_id != theme.pk:
        problems["goal"] = _("Choose a goal of the theme “%(theme)s”.") % {"theme": theme}
    places = bool(data.get("kindcentra")) or bool(data.get("wijken"))
    if data.get("whole_gemeente") and places:
        problems["whole_gemeente"] = _(
            "Choose either the whole gemeente or kindcentra and wijken, not both."
        )
    elif not data.get("whole_gemeente") and not places:
        problems["whole_gemeente"] = _(
            "Say where the agreement applies: the whole gemeente, or kindcentra or wijken."
        )
    return problems


def _check(data, **kwargs):
    problems = agreement_problems(data, **kwargs)
    if problems:
        raise ValidationError(problems)


def _with_owner_as_party(data):
    parties = list(data.get("parties") or [])
    owner = data.get("owner")
    if owner is not None and owner not in parties:
        parties.append(owner)
    return {**data, "parties": parties}


def _snapshot_value(value):
    if isinstance(value, list | tuple):
        return sorted(str(item) for item in value)
    if value is None:
        return ""
    if isinstance(value, bool | datetime.date):
        return value.isoformat() if isinstance(value, datetime.date) else value
    return str(value)


def snapshot(agreement: Agreement) -> dict:
    """The agreement's substance as plain values (names, not ids), as a version keeps it."""
    data = {}
    for name in SUBSTANCE:
        value = getattr(agreement, name)
        if name in AGREEMENT_M2M:
            value = list(value.all())
        data[name] = _snapshot_value(value)
    data["party_ids"] = sorted(party.pk for party in agreement.parties.all())
    return data


def snapshot_changes(old: dict | None, new: dict) -> list:
    """What differs between two snapshots, as field, old and new value (as the snapshot keeps
    them; AgreementVersion.shown_changes puts them in the reader's language)."""
    if old is None:
        return []
    return [
        {"field": name, "old": old.get(name), "new": new.get(name)}
        for name in SUBSTANCE
        if old.get(name) != new.get(name)
    ]


def _new_version(agreement, *, by):
    """Record the agreement's current substance as its next version, to be confirmed."""
    previous = agreement.versions.order_by("-number").first()
    data = snapshot(agreement)
    agreement.revision = (previous.number if previous else 0) + 1
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.revision,
        data=data,
        changes=snapshot_changes(previous.data if previous else None, data),
        created_by=by,
    )


def _change_status(agreement, new_status):
    permissions.check_status_change(agreement.status, new_status)
    agreement.status = new_status


def _lock(agreement):
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def agreement_create(*, by, **fields) -> Agreement:
    """A new draft agreement with these fields; the owner is always one of the parties."""
    data = fields
    with transaction.atomic():
        if not permissions.can_create_agreement(by):
            raise PermissionDenied
        data = _with_owner_as_party(data)
        _check(data)
        _check_owner(by, data)
        agreement = Agreement(created_by=by)  # a draft
        return save_checked(agreement, changes=data)


def _check_owner(by, data):
    """A partner director drafts, and keeps, an agreement only for an organisation they act
    for: one owned by another they could no longer edit."""
    if permissions.may_own_agreement(by, data.get("owner")):
        return
    raise ValidationError(
        {
            "owner": _(
                "As a partner director you draft agreements for your own organisation: choose "
                "it as the lead organisation."
            )
        }
    )


def agreement_update(*, agreement: Agreement, by, expected_version: int, **changes) -> Agreement:
    """Change these fields of an agreement. Once proposed, a change of substance is a new version
    that every party confirms again: the agreement goes back to proposed and the parties are
    told."""
    data = changes
    with transaction.atomic():
        if "owner" in data:
            # First: the form has put the new owner on `agreement` already, and a director
            # would be refused the edit of an agreement they no longer own instead of told why.
            _check_owner(by, data)
        if not permissions.can_edit_agreement(by, agreement):
            raise PermissionDenied
        data = _with_owner_as_party(data)
        _check(data, existing_party_ids=permissions.party_ids(agreement))
        agreement._change_reason = None
        save_checked(agreement, changes=data, expected_version=expected_version)
        if agreement.status in BINDING_STATUSES:
            latest = agreement.versions.order_by("-number").first()
            new = snapshot(agreement)
            if latest is None or _substance(latest.data) != _substance(new):
                _new_version(agreement, by=by)
                if agreement.status != S.PROPOSED:
                    _change_status(agreement, S.PROPOSED)
                agreement.adopted_on = None
                agreement._change_reason = history_reason(
                    gettext_noop("Changed: version %(number)s to confirm"),
                    number=agreement.revision,
                )
                agreement.version += 1
                agreement.save(update_fields=["revision", "status", "adopted_on", "version"])
                _notify(agreement, NotificationKind.CHANGED, str(agreement.revision), by=by)
        return agreement


def _substance(data):
    return {name: data.get(name) for name in SUBSTANCE}


def agreement_transition(*, agreement: Agreement, action: str, by, expected_version: int):
    """Move the agreement along its lifecycle (see agenda.permissions.TRANSITIONS)."""
    with transaction.atomic():
        current = _lock(agreement)
        if expected_version is None or current.version != expected_version:
            raise AgreementError(
                _(
                    "This agreement was changed in the meantime. Nothing has been done: look at "
                    "the current version and try again."
                )
            )
        if not permissions.may_take_step(by, current, action):
            raise PermissionDenied
        if not permissions.can_transition(by, current, action):
            raise AgreementError(_("This step is not possible for this agreement now."))
        transition = permissions.TRANSITIONS[action]
        if action == "propose":
            problems = agreement_problems(
                {
                    name: (
                        list(getattr(current, name).all())
                        if name in AGREEMENT_M2M
                        else getattr(current, name)
                    )
                    for name in SUBSTANCE
                },
                existing_party_ids=permissions.party_ids(current),
            )
            if problems:
                raise AgreementError(" ".join(problems.values()))
            _new_version(current, by=by)
        if action == "start":
            current.started_on = timezone.localdate()
        _change_status(current, transition.target)
        current._change_reason = history_reason(transition.label)
        save_versioned(current, expected_version=expected_version)
        if action == "propose":
            _notify(current, NotificationKind.PROPOSED, str(current.revision), by=by)
        return current


def agreement_answer(
    *, agreement: Agreement, organisation, by, decision: str, reason: str, version_number: int
) -> Confirmation:
    """A party's director confirms or declines the version they read. When every party has
    confirmed the current version, the agreement is adopted."""
    with transaction.atomic():
        current = _lock(agreement)
        if current.status != S.PROPOSED:
            raise AgreementError(_("This agreement is not waiting for confirmation."))
        if version_number != current.revision:
            raise StaleVersion(
                _(
                    "You answered version %(yours)s, but the agreement has been changed to version "
                    "%(current)s in the meantime. Read what changed and answer again."
                )
                % {"yours": version_number, "current": current.revision}
            )
        if organisation.pk not in permissions.answering_organisation_ids(by, current):
            raise PermissionDenied
        version = current.versions.get(number=current.revision)
        if version.confirmations.filter(organisation=organisation).exists():
            raise AgreementError(
                _("%(organisation)s has already answered version %(number)s.")
                % {"organisation": organisation, "number": version.number}
            )
        reason = (reason or "").strip()
        if decision == Decision.DECLINED and not reason:
            raise ValidationError({"reason": _("Give a reason for declining.")})
        confirmation = Confirmation(
            version=version,
            organisation=organisation,
            decision=decision,
            reason=reason if decision == Decision.DECLINED else "",
            decided_by=by,
        )
        confirmation.full_clean()
        confirmation.save()
        confirmed = set(
            version.confirmations.filter(decision=Decision.CONFIRMED).values_list(
                "organisation_id", flat=True
            )
        )
        if permissions.party_ids(current) <= confirmed:
            _change_status(current, S.IN_PROGRESS if current.started_on else S.ADOPTED)
            current.adopted_on = timezone.localdate()
            current._change_reason = history_reason(gettext_noop("Confirmed by every party"))
            current.version += 1
            current.save(update_fields=["status", "adopted_on", "version"])
        return confirmation


# Progress


def progress_update_create(
    *, agreement: Agreement, by, organisation, reported_on, text, health, percent_complete
) -> ProgressUpdate:
    with transaction.atomic():
        current = _lock(agreement)
        if not permissions.can_add_progress(by, current):
            if permissions.can_read_agenda(by) and permissions.can_report_progress_on(by, current):
                raise AgreementError(permissions.progress_not_possible_reason(current))
            raise PermissionDenied
        if (
            organisation is not None
            and organisation.pk not in permissions.involved_organisation_ids(by, current)
        ):
            raise PermissionDenied
        if organisation is None and not permissions.is_policy_officer(by):
            raise ValidationError({"organisation": _("Choose the organisation you report for.")})
        problem = progress_date_problem(agreement=current, reported_on=reported_on)
        if problem:
            raise ValidationError({"reported_on": problem})
        update = ProgressUpdate(
            agreement=current,
            author=by,
            organisation=organisation,
            reported_on=reported_on,
            text=text,
            health=health,
            percent_complete=percent_complete,
        )
        update.full_clean()
        update.save()
        refresh_progress_summary(agreement_ids=[current.pk])
        if current.status == S.ADOPTED:
            # The first progress update: the work has started.
            _change_status(current, S.IN_PROGRESS)
            current.started_on = reported_on
            current._change_reason = history_reason(
                gettext_noop("In progress since the first progress update")
            )
            current.version += 1
            current.save(update_fields=["status", "started_on", "version"])
        from agenda.notifications import notify_progress

        notify_progress(update, actor=by)
        return update


def progress_date_problem(*, agreement: Agreement, reported_on: datetime.date) -> str:
    """Why a progress update cannot carry this date ("" when it can): not in the future, and
    not before the agreement's start date."""
    if reported_on > timezone.localdate():
        return _("The date cannot be in the future.")
    if reported_on < agreement.start_date:
        return _(
            "The date cannot be before the agreement starts, on %(start)s. Give the date of "
            "the progress you report."
        ) % {"start": display_value(agreement.start_date)}
    return ""


def refresh_progress_summary(*, agreement_ids) -> None:
    """Copy health, percentage and date of each agreement's latest progress update onto it, in
    one query however many agreements there are.

    A plain update: it is no edit of the agreement, so no version, history or conflict."""
    latest = ProgressUpdate.objects.filter(agreement=OuterRef("pk")).order_by(
        *LATEST_PROGRESS_FIRST
    )
    Agreement.objects.filter(pk__in=agreement_ids).update(
        health=Coalesce(Subquery(latest.values("health")[:1]), Value("")),
        progress_percent=Subquery(latest.values("percent_complete")[:1]),
        last_progress_on=Subquery(latest.values("reported_on")[:1]),
    )


# Meetings


def agreement_publish(*, agreement: Agreement, expected_version: int, is_public: bool) -> Agreement:
    """Publish an adopted agreement on the public pages, or take it off them. Only an agreement
    the parties adopted can be published; taking one off is always possible."""
    with transaction.atomic():
        if is_public and agreement.status not in PUBLISHABLE_STATUSES:
            raise ValidationError(
                {
                    "is_public": _(
                        "Only an adopted agreement can be published; this one is %(status)s."
                    )
                    % {"status": agreement.get_status_display()}
                }
            )
        # As stored: a model form has set the instance's fields already.
        was_public = _stored_is_public(agreement)
        saved = save_checked(
            agreement, changes={"is_public": is_public}, expected_version=expected_version
        )
        if saved.is_public != was_public:
            audit.publication(
                (
                    gettext_noop("Agreement “%(title)s” published on the public pages"),
                    gettext_noop("Agreement “%(title)s” taken off the public pages"),
                ),
                is_public=saved.is_public,
                title=saved.title,
                identifier=f"agreement-{saved.pk}",
            )
        return saved


def _stored_is_public(instance) -> bool:
    """Whether the record is published as it is stored (False for a new one)."""
    if instance.pk is None:
        return False
    stored = type(instance).objects.filter(pk=instance.pk).values_list("is_public", flat=True)
    return bool(stored.first())


def meeting_save(*, meeting: Meeting, expected_version: int | None = None, **changes) -> Meeting:
    with transaction.atomic():
        was_public = _stored_is_public(meeting)
        saved = save_checked(meeting, changes=changes, expected_version=expected_version)
        if saved.is_public != was_public:
            audit.publication(
                (
                    gettext_noop("Meeting “%(title)s” published on the public pages"),
                    gettext_noop("Meeting “%(title)s” taken off the public pages"),
                ),
                is_public=saved.is_public,
                title=str(saved),
                identifier=f"meeting-{saved.pk}",
            )
        return saved


def meeting_decision_create(*, meeting: Meeting, text: str, agreements, by=None) -> MeetingDecision:
    """A decision of a meeting; the parties of the agreements it is about hear of it."""
    with transaction.atomic():
        decision = MeetingDecision(meeting=meeting, text=text)
        decision.full_clean()
        decision.save()
        decision.agreements.set(agreements)
        from agenda.notifications import notify_decision

        notify_decision(decision, actor=by)
        return decision


# Notifications


def _notify(agreement, kind, key, *, by=None):
    """Record the notification and its notices now (none for `by`, who acted) and send its
    e-mail by a task once the transaction has committed."""
    from agenda.notifications import record_notices
    from agenda.tasks import send_notification

    notification, created = Notification.objects.get_or_create(
        agreement=agreement, kind=kind, key=key
    )
    if created:
        record_notices(notification, actor=by)
        enqueue_on_commit(send_notification, notification.pk)
    return notification


STALE_DAYS_BEFORE_DUE = 14
STALE_DAYS_WITHOUT_PROGRESS = 30


def stale_agreements(*, today: datetime.date):
    """Running agreements due within 14 days without a progress update in the last 30 days,
    whose owner has not been warned about this due date yet."""
    warned = Notification.objects.filter(
        agreement=OuterRef("pk"), kind=NotificationKind.STALE, key=OuterRef("due_key")
    )
    quiet_since = today - datetime.timedelta(days=STALE_DAYS_WITHOUT_PROGRESS)
    return (
        Agreement.objects.filter(
            status__in=RUNNING_STATUSES,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=STALE_DAYS_BEFORE_DUE),
        )
        .filter(Q(last_progress_on__isnull=True) | Q(last_progress_on__lte=quiet_since))
        .annotate(due_key=Cast("due_date", CharField()))
        .exclude(Exists(warned))
    )


def stale_warnings_record(*, today: datetime.date) -> list[int]:
    """Record a warning for each stale agreement (at most once per agreement and due date);
    returns the ids of the new notifications."""
    from agenda.notifications import record_notices

    ids = []
    for agreement in stale_agreements(today=today):
        notification, created = Notification.objects.get_or_create(
            agreement=agreement, kind=NotificationKind.STALE, key=agreement.due_date.isoformat()
        )
        if created:
            record_notices(notification)
            ids.append(notification.pk)
    return ids

"""Notices and e-mails about agreements: who hears of each condition (a proposal, a change, a
warning, progress, a decision), the notice each of them gets in the portal (kindportaal.notices),
and the e-mail of a recorded Notification (the tasks in agenda/tasks.py call `deliver` with an
id) to those of them who want it at once, in Dutch, marked sent, or failed with its reason. A
notification is sent once; one that failed is shown and only a person sends it again."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda import services
from agenda.models import Notification, NotificationKind
from kindportaal import notices
from kindportaal.formatting import display_value
from kindportaal.mail import header_value
from kindportaal.models import NoticeKind, User
from kindportaal.roles import Role

logger = logging.getLogger(__name__)


def directors_of(organisation_ids):
    """The active partner directors of these organisations."""
    return (
        User.objects.filter(
            memberships__organisation_id__in=list(organisation_ids),
            role=Role.PARTNER_DIRECTOR,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )


def recipient_users(agreement, kind):
    """Who hears of it: the directors of the owner (a warning), or of the parties (a proposal,
    a change, progress, a decision; the owner is always one of the parties)."""
    if kind == NotificationKind.STALE:
        return directors_of([agreement.owner_id])
    return directors_of(agreement.parties.values_list("pk", flat=True))


def notice_key(notification):
    return f"agreement-{notification.agreement_id}-{notification.key}"


def _notice_text(notification):
    agreement = notification.agreement
    if notification.kind == NotificationKind.PROPOSED:
        return _(
            "Version %(number)s has been proposed to your organisation; %(owner)s leads it. "
            "Confirm or decline it."
        ) % {"number": notification.key, "owner": agreement.owner}
    if notification.kind == NotificationKind.CHANGED:
        return _(
            "Version %(number)s needs the confirmation of every party again, also if your "
            "organisation confirmed an earlier version."
        ) % {"number": notification.key}
    return _(
        "Your organisation leads it. It is due on %(due)s, and nobody has reported progress in "
        "the last %(days)s days."
    ) % {
        "due": display_value(agreement.due_date),
        "days": services.STALE_DAYS_WITHOUT_PROGRESS,
    }


NOTICE_SUBJECTS = {
    NotificationKind.PROPOSED: gettext_lazy("Agreement to confirm: %(title)s"),
    NotificationKind.CHANGED: gettext_lazy("Agreement changed, please confirm again: %(title)s"),
    NotificationKind.STALE: gettext_lazy("Due soon without recent progress: %(title)s"),
}


def record_notices(notification, *, actor=None):
    """The notices of a recorded notification, for everyone it is about but the actor. Their
    e-mail is the notification's own (`deliver`), in its wording."""
    agreement = notification.agreement
    with translation.override(settings.LANGUAGE_CODE):
        # The e-mails' subjects (agenda/email/*_subject.txt), as text: the page escapes it.
        subject = str(NOTICE_SUBJECTS[notification.kind]) % {"title": agreement.title}
        text = _notice_text(notification)
    return notices.notify(
        recipients=recipient_users(agreement, notification.kind),
        kind=notification.kind,
        key=notice_key(notification),
        subject=subject,
        text=text,
        link=agreement.get_absolute_url(),
        actor=actor,
        email_at_once=False,
    )


def notify_progress(update, *, actor):
    """The directors of the parties hear of a progress update (its author does not)."""
    agreement = update.agreement
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Progress reported: %(title)s") % {"title": agreement.title}
        text = _("%(who)s: %(health)s, %(percent)s%% done. %(text)s") % {
            "who": update.organisation or update.author.get_full_name() or update.author.email,
            "health": update.get_health_display(),
            "percent": update.percent_complete,
            "text": update.text[:300],
        }
    return notices.notify(
        recipients=recipient_users(agreement, NoticeKind.PROGRESS),
        kind=NoticeKind.PROGRESS,
        key=f"progress-{update.pk}",
        subject=subject,
        text=text,
        link=agreement.get_absolute_url(),
        actor=actor,
    )


def notify_decision(decision, *, actor=None):
    """The directors of the parties of each agreement a meeting decided about hear of it."""
    recorded = []
    for agreement in decision.agreements.all():
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Decision about %(title)s") % {"title": agreement.title}
            text = _("In the meeting “%(meeting)s” of %(date)s: %(text)s") % {
                "meeting": decision.meeting.title,
                "date": display_value(decision.meeting.held_on),
                "text": decision.text[:300],
            }
        recorded += notices.notify(
            recipients=recipient_users(agreement, NoticeKind.DECISION),
            kind=NoticeKind.DECISION,
            key=f"decision-{decision.pk}-{agreement.pk}",
            subject=subject,
            text=text,
            link=decision.meeting.get_absolute_url(),
            actor=actor,
        )
    return recorded


def deliver(notification_id, task_id=""):
    """Send a recorded notification unless it has been sent already."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("agreement", "agreement__owner")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return 0
        # Everyone the notification is about has a notice of it (but the one who acted);
        # those who chose it get the e-mail now.
        to_email = notices.to_email_at_once(kind=notification.kind, key=notice_key(notification))
        recipients = [notice.recipient.email for notice in to_email]
        context = {
            "agreement": notification.agreement,
            "notification": notification,
            "url": settings.SITE_URL + notification.agreement.get_absolute_url(),
            "days": services.STALE_DAYS_WITHOUT_PROGRESS,
            "settings_url": notices.settings_url(),
        }
        if notification.failed_at is not None:
            return 0  # shown as failed; only a person can decide to send it again
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject = header_value(
                    render_to_string(f"agenda/email/{notification.kind}_subject.txt", context)
                )
                body = render_to_string(f"agenda/email/{notification.kind}_message.txt", context)
            messages = [EmailMessage(subject, body, None, [email]) for email in recipients]
            if messages:
                get_connection().send_messages(messages)
        except OSError:
            raise  # the mail server is away: the task tries again
        except Exception as error:
            # Anything else will not go away by trying again: the notification is failed and
            # shown with its reason, not retried for ever.
            _fail(notification, error, task_id)
            return 0
        notification.recipients = ", ".join(recipients)
        notification.sent_at = timezone.now()
        notices.mark_emailed(to_email, now=notification.sent_at)
        notification.task_id = task_id or ""
        notification.save(update_fields=["recipients", "sent_at", "task_id"])
    logger.info("Notification %s sent to %d people.", notification_id, len(recipients))
    return len(recipients)


def _fail(notification, error, task_id=""):
    notification.failed_at = timezone.now()
    notification.error = f"{type(error).__name__}: {error}"[:500]
    notification.task_id = task_id or notification.task_id
    notification.save(update_fields=["failed_at", "error", "task_id"])
    logger.error("Notification %s could not be sent: %s", notification.pk, notification.error)


def fail_undelivered(notification_id, error):
    """The last retry failed too (the mail server stayed away): mark it failed."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if notification is not None:
            _fail(notification, error)


def notifications_anonymise(*, user_id, name, email, label, placeholder) -> dict:
    """Anonymise job (kindportaal.anonymise): the addresses an e-mail went to, and the notices
    of progress updates that name their author."""
    from django.db.models import F, Value
    from django.db.models.functions import Replace

    from agenda.models import ProgressUpdate
    from kindportaal.models import Notice

    recipients = Notification.objects.filter(recipients__contains=email).update(
        recipients=Replace(F("recipients"), Value(email), Value(placeholder))
    )
    keys = [
        f"progress-{pk}"
        for pk in ProgressUpdate.objects.filter(author_id=user_id).values_list("pk", flat=True)
    ]
    texts = 0
    if name:
        texts = Notice.objects.filter(
            kind=NoticeKind.PROGRESS, key__in=keys, text__contains=name
        ).update(text=Replace(F("text"), Value(name), Value(label)))
    return {"notification_recipients": recipients, "progress_notices": texts}

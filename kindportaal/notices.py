"""Meldingen: the notices every app records for people, and how they reach them.

An app calls `notify(recipients=..., kind=..., key=..., subject=..., actor=...)` where the event
happens, in its transaction. Each person gets one notice per kind and condition (`key`), never
one of their own action. Each person chooses per kind how they hear of it (NoticePreference):
only in the portal, by e-mail at once (a task, once the transaction has committed), or in the
daily overview (`digest_send`, on the beat schedule at NOTICE_DIGEST_HOUR). A notice is e-mailed
at most once: `emailed_at` is set under a row lock in the transaction that sends it.

The e-mails about agreements keep their own record and wording (agenda.Notification); they go
to the notices of their condition that are to be e-mailed at once (`to_email_at_once`).
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kindportaal import caching, selectors
from kindportaal.mail import header_value
from kindportaal.models import Delivery, Notice, NoticeDigest, NoticeKind, NoticePreference, User
from kindportaal.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

# As the e-mails went before there were notices: what asks for an answer comes at once; what
# tells of progress and decisions comes in the daily overview; what a person asked for
# themselves (a document, an import) waits in the portal, where they asked.
DEFAULT_DELIVERY = {
    NoticeKind.PROPOSED: Delivery.IMMEDIATE,
    NoticeKind.CHANGED: Delivery.IMMEDIATE,
    NoticeKind.STALE: Delivery.IMMEDIATE,
    NoticeKind.PROGRESS: Delivery.DIGEST,
    NoticeKind.DECISION: Delivery.DIGEST,
    NoticeKind.LEA_DOCUMENT: Delivery.PORTAL,
    NoticeKind.IMPORT: Delivery.PORTAL,
}

# Kinds whose e-mail at once their app sends itself, with its own record (agenda.Notification).
SENT_BY_THEIR_APP = (NoticeKind.PROPOSED, NoticeKind.CHANGED, NoticeKind.STALE)

# The daily overview lists this many notices at most; the rest is counted, with the link.
DIGEST_MAX_ITEMS = 50


def deliveries(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each of these people wants to hear of `kind`."""
    user_ids = list(user_ids)
    chosen = dict(
        NoticePreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY[kind]) for pk in user_ids}


def preferences_for(user: User) -> dict[str, str]:
    """Every kind with how this person hears of it."""
    chosen = dict(user.notice_preferences.values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NoticeKind.values}


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    key: str,
    subject: str,
    text: str = "",
    link: str = "",
    actor: User | None = None,
    email_at_once: bool = True,
) -> list[Notice]:
    """Record a notice for each active recipient but the actor; returns the new ones.

    The same kind and key for the same person again records nothing (the condition was told).
    With `email_at_once` those who chose it get an e-mail once the transaction has committed;
    without, the caller sends the e-mails itself (see `to_email_at_once`)."""
    from kindportaal.tasks import send_notice_email

    people = {
        person.pk: person
        for person in recipients
        if person.is_active and (actor is None or person.pk != actor.pk)
    }
    if not people:
        return []
    with transaction.atomic():
        created = []
        for person in people.values():
            notice, new = Notice.objects.get_or_create(
                recipient=person,
                kind=kind,
                key=key[:80],
                defaults={"subject": header_value(subject)[:300], "text": text, "link": link},
            )
            if new:
                created.append(notice)
        counts_changed([notice.recipient_id for notice in created])
        if email_at_once:
            how = deliveries(user_ids=[notice.recipient_id for notice in created], kind=kind)
            for notice in created:
                if how[notice.recipient_id] == Delivery.IMMEDIATE:
                    enqueue_on_commit(send_notice_email, notice.pk)
    return created


def to_email_at_once(*, kind: str, key: str) -> list[Notice]:
    """The notices of one condition that are still to be e-mailed to people who want them at
    once, locked until the caller's transaction ends (mark them with `mark_emailed`)."""
    notices = list(
        Notice.objects.select_for_update(of=("self",))
        .select_related("recipient")
        .filter(kind=kind, key=key, emailed_at__isnull=True, recipient__is_active=True)
        .order_by("recipient__email")
    )
    how = deliveries(user_ids=[notice.recipient_id for notice in notices], kind=kind)
    return [notice for notice in notices if how[notice.recipient_id] == Delivery.IMMEDIATE]


def mark_emailed(notices: Iterable[Notice], *, now=None) -> None:
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(
        emailed_at=now or timezone.now()
    )


def settings_url() -> str:
    """The page on which a person changes how they hear of notices, for every e-mail."""
    return settings.SITE_URL + reverse("kindportaal:notice_settings")


def _render(template, context):
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context)


def notice_email_send(*, notice_id: int) -> bool:
    """E-mail one notice to its recipient, once, if they still want it at once."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notice_id, emailed_at__isnull=True, recipient__is_active=True)
            .first()
        )
        if notice is None:
            return False
        if deliveries(user_ids=[notice.recipient_id], kind=notice.kind)[notice.recipient_id] != (
            Delivery.IMMEDIATE
        ):
            return False
        context = {
            "notice": notice,
            "url": settings.SITE_URL + notice.link if notice.link else settings.SITE_URL,
            "settings_url": settings_url(),
        }
        subject = header_value(_render("kindportaal/email/notice_subject.txt", context))
        body = _render("kindportaal/email/notice_message.txt", context)
        EmailMessage(subject, body, None, [notice.recipient.email]).send()
        mark_emailed([notice])
    return True


def _digest_kinds(user_id):
    chosen = dict(NoticePreference.objects.filter(user_id=user_id).values_list("kind", "delivery"))
    return [
        kind
        for kind in NoticeKind.values
        if chosen.get(kind, DEFAULT_DELIVERY[kind]) == Delivery.DIGEST
    ]


def digest_candidates() -> list[int]:
    """The people who may have something for the daily overview: unread notices never
    e-mailed (whether their kind is one they want in the overview is checked per person)."""
    return list(
        Notice.objects.filter(
            emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def digest_send(*, user_id: int, day: datetime.date) -> int:
    """One person's daily overview: every unread notice of the kinds they want in it that has
    not been e-mailed, in one e-mail; none when there is none. At most one per person and day
    (NoticeDigest), and each notice once: they are marked in the transaction that sends them,
    under a row lock, so a second run (or a worker that restarts) finds nothing left."""
    with transaction.atomic():
        kinds = _digest_kinds(user_id)
        if not kinds:
            return 0
        notices = list(
            Notice.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                recipient_id=user_id,
                recipient__is_active=True,
                kind__in=kinds,
                emailed_at__isnull=True,
                read_at__isnull=True,
            )
            .order_by("-created_at", "-pk")
        )
        if not notices:
            return 0
        try:
            with transaction.atomic():
                NoticeDigest.objects.create(recipient_id=user_id, day=day, count=len(notices))
        except IntegrityError:
            return 0  # today's overview went out already: the rest comes tomorrow
        recipient = notices[0].recipient
        context = {
            "recipient": recipient,
            "notices": notices[:DIGEST_MAX_ITEMS],
            "more": max(len(notices) - DIGEST_MAX_ITEMS, 0),
            "count": len(notices),
            "site_url": settings.SITE_URL,
            "list_url": settings.SITE_URL + reverse("kindportaal:notice_list"),
            "settings_url": settings_url(),
        }
        subject = header_value(_render("kindportaal/email/digest_subject.txt", context))
        body = _render("kindportaal/email/digest_message.txt", context)
        EmailMessage(subject, body, None, [recipient.email]).send()
        mark_emailed(notices)
    logger.info("Daily overview of %d notices sent to person %s.", len(notices), user_id)
    return len(notices)


def digests_send(*, now=None) -> int:
    """Everyone's daily overview (the beat task); the number of e-mails sent."""
    day = timezone.localdate(now or timezone.now())
    return sum(1 for user_id in digest_candidates() if digest_send(user_id=user_id, day=day))


def notice_open(*, notice: Notice) -> Notice:
    """The person opens a notice: it is read from now on."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
        counts_changed([notice.recipient_id])
    return notice


def notices_mark_all_read(*, user: User) -> int:
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    counts_changed([user.pk])
    return count


def counts_changed(user_ids):
    """These people's notices changed: the count in their header is made afresh."""
    labels = {selectors.notices_label(pk) for pk in user_ids}
    if labels:
        caching.bump(*labels)


def preferences_save(*, user: User, choices: dict[str, str]) -> dict[str, str]:
    """Store how the person wants to hear of each kind (the defaults are stored as well, so a
    later change of a default does not change what a person chose)."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            if kind not in NoticeKind.values or delivery not in Delivery.values:
                raise ValueError(f"Unknown kind or delivery: {kind!r}, {delivery!r}")
            NoticePreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
    return choices

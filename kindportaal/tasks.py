"""Background jobs of the portal itself."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from kindportaal.models import Invitation

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("user", "invited_by").filter(pk=invitation_id).first()
    )
    # Gone, replaced by a newer one, or already used: nothing to send.
    if invitation is None or not invitation.is_open:
        logger.info("Invitation %s is no longer open; no e-mail sent.", invitation_id)
        return
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + invitation.get_accept_url(),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("kindportaal/email/invitation_subject.txt", context).strip()
        body = render_to_string("kindportaal/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.user.email])


@shared_task
def ping() -> str:
    """A trivial task that proves a worker is consuming from the broker."""
    return "pong"

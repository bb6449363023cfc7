"""The public pages' part of the demo data: the policy officers published the running and realised
agreements of the adopted period and made its oldest meeting public (the demo shows the public
pages switched on: PUBLIC_PAGES_ENABLED is on outside production)."""

from agenda.models import AgendaStatus, Agreement, Meeting
from openbaar.selectors import PUBLIC_AGREEMENT_STATUSES


def seed(*, scale, stdout, rng):
    agreements = Agreement.objects.filter(
        status__in=PUBLIC_AGREEMENT_STATUSES, theme__agenda__status=AgendaStatus.ADOPTED
    )
    # All but every tenth: a policy officer chooses what to publish.
    chosen = [
        pk
        for number, pk in enumerate(agreements.values_list("pk", flat=True).order_by("pk"))
        if number % 10 != 9
    ]
    published = Agreement.objects.filter(pk__in=chosen).update(is_public=True)
    first = (
        Meeting.objects.filter(agenda__status=AgendaStatus.ADOPTED)
        .order_by("held_on", "pk")
        .first()
    )
    if first is not None:
        Meeting.objects.filter(pk=first.pk).update(is_public=True)
    stdout.write(
        f"Public pages: {published} agreements published, {int(first is not None)} meeting public."
    )

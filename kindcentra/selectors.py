"""Reads of kindcentra, self-assessments and wijken that need prefetching: each page asks a fixed
number of queries however large the network is."""

from django.db.models import Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kindcentra.models import Kindcentrum, KindcentrumLocation, SelfAssessment
from kindportaal.history import HistoryEntry, history_entries
from kindportaal.models import Wijk
from kindportaal.selectors import count_of as _count
from partners.models import Location


def kindcentrum_list():
    return Kindcentrum.objects.select_related("wijk", "lead_organisation").annotate(
        location_count=_count(KindcentrumLocation.objects.all(), "kindcentrum"),
        latest_assessment=Max("self_assessments__year"),
    )


def _memberships():
    return KindcentrumLocation.objects.select_related(
        "location__organisation", "location__wijk"
    ).order_by("location__name")


def kindcentrum_detail(pk):
    return get_object_or_404(
        Kindcentrum.objects.select_related("wijk", "lead_organisation").prefetch_related(
            Prefetch("memberships", queryset=_memberships()),
            Prefetch("self_assessments", queryset=SelfAssessment.objects.order_by("year")),
        ),
        pk=pk,
    )


def kindcentrum_history(kindcentrum, *, limit=50):
    """The kindcentrum's own changes and the locations that joined or left it, newest first."""
    entries = history_entries(kindcentrum, limit=limit)
    records = (
        KindcentrumLocation.history.filter(kindcentrum_id=kindcentrum.pk)
        .exclude(history_type="~")
        .select_related("history_user", "location")
        .order_by("-history_date")[:limit]
    )
    labels = {"+": _("location added"), "-": _("location removed")}
    for record in records:
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else str(_("the system")),
                kind=record.history_type,
                kind_label=str(labels[record.history_type]),
                reason=str(record.location) if record.location else "",
            )
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def self_assessment_list():
    return SelfAssessment.objects.select_related("kindcentrum__wijk")


def self_assessment_detail(pk):
    return get_object_or_404(
        SelfAssessment.objects.select_related(
            "kindcentrum__wijk", "kindcentrum__lead_organisation"
        ),
        pk=pk,
    )


def wijk_list():
    return Wijk.objects.annotate(
        kindcentrum_count=_count(Kindcentrum.objects.all(), "wijk"),
        location_count=_count(Location.objects.all(), "wijk"),
    )


def wijk_detail(pk):
    """A wijk with its kindcentra and the locations in it."""
    kindcentra = Kindcentrum.objects.select_related("lead_organisation").annotate(
        location_count=_count(KindcentrumLocation.objects.all(), "kindcentrum")
    )
    return get_object_or_404(
        Wijk.objects.prefetch_related(
            Prefetch("kindcentra", queryset=kindcentra),
            Prefetch("locations", queryset=Location.objects.select_related("organisation")),
        ),
        pk=pk,
    )


def kindcentra_of_organisation(organisation):
    """The kindcentra an organisation leads or has a location in, with `led` set on each."""
    kindcentra = (
        Kindcentrum.objects.filter(
            Q(lead_organisation=organisation)
            | Q(
                pk__in=KindcentrumLocation.objects.filter(
                    location__organisation=organisation
                ).values("kindcentrum_id")
            )
        )
        .select_related("wijk")
        .annotate(
            own_locations=_count(
                KindcentrumLocation.objects.filter(location__organisation=organisation),
                "kindcentrum",
            )
        )
    )
    kindcentra = list(kindcentra)
    for kindcentrum in kindcentra:
        kindcentrum.led = kindcentrum.lead_organisation_id == organisation.pk
    return kindcentra


def kindcentrum_of_location(location):
    membership = (
        KindcentrumLocation.objects.filter(location=location)
        .select_related("kindcentrum__lead_organisation")
        .first()
    )
    return membership.kindcentrum if membership else None

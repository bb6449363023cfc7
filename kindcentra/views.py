"""Pages of kindcentra, their locations and self-assessments, and of the wijken they are in."""

from operator import attrgetter

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kindcentra import selectors, services
from kindcentra.charts import development_chart
from kindcentra.forms import (
    KindcentrumFilterForm,
    KindcentrumForm,
    KindcentrumLocationForm,
    LocationSearchForm,
    MembershipRemoveForm,
    SelfAssessmentFilterForm,
    SelfAssessmentForm,
    WijkFilterForm,
    WijkForm,
)
from kindcentra.models import CRITERIA, Dimension, Kindcentrum, Phase, SelfAssessment
from kindcentra.permissions import (
    can_create_kindcentrum,
    can_delete_kindcentrum,
    can_edit_kindcentrum,
    can_edit_self_assessment,
    can_manage_wijken,
    kindcentrum_for,
    self_assessment_for,
    wijk_for,
)
from kindcentra.phases import criteria_met, next_step, suggested_phase
from kindportaal.caching import cached_page
from kindportaal.editing import (
    added,
    delete_page,
    edits,
    form_page,
    model_changes,
    remove_link,
    trail,
)
from kindportaal.history import history_entries
from kindportaal.listing import Column, ListSpec, list_params, list_response, url_of
from kindportaal.permissions import can_read_portal, permission_required
from partners.models import Location


def _suggested_label(kindcentrum):
    return Phase(suggested_phase(criteria_met(kindcentrum))).label


def _criterion_column(criterion):
    field = Kindcentrum._meta.get_field(criterion)
    return Column(
        criterion, capfirst(field.verbose_name), attrgetter(criterion), kind="bool", show=False
    )


KINDCENTRA = ListSpec(
    name=gettext_lazy("Kindcentra"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column.attr("wijk", gettext_lazy("Wijk"), "wijk.name", link=lambda k: url_of(k.wijk)),
        Column.attr(
            "lead",
            gettext_lazy("Lead organisation"),
            "lead_organisation.name",
            link=lambda k: url_of(k.lead_organisation),
        ),
        Column("phase", gettext_lazy("Phase"), lambda k: k.get_phase_display(), order_by="phase"),
        Column("suggested", gettext_lazy("Checklist suggests"), _suggested_label),
        Column.attr("locations", gettext_lazy("Locations"), "location_count", kind="number"),
        Column(
            "assessed",
            gettext_lazy("Latest self-assessment"),
            lambda k: str(k.latest_assessment) if k.latest_assessment else None,
            order_by="latest_assessment",
        ),
        *[_criterion_column(criterion) for criterion in CRITERIA],
        Column(
            "legal_form",
            gettext_lazy("Legal form"),
            lambda k: k.get_legal_form_display(),
            show=False,
        ),
        Column("housing", gettext_lazy("Housing"), lambda k: k.get_housing_display(), show=False),
        Column.year("ihp_year", gettext_lazy("Year in the IHP"), order_by=None, show=False),
        Column("age_from", gettext_lazy("Age from"), attrgetter("age_from"), show=False),
        Column("age_to", gettext_lazy("Age to"), attrgetter("age_to"), show=False),
    ],
    filter_form=KindcentrumFilterForm,
    default_sort="name",
)


def _score_column(dimension, label):
    return Column(
        dimension,
        label,
        attrgetter(f"{dimension}_score"),
        kind="number",
        order_by=f"{dimension}_score",
    )


def _note_column(dimension):
    name = f"{dimension}_note"
    label = capfirst(SelfAssessment._meta.get_field(name).verbose_name)
    return Column(name, label, attrgetter(name), show=False)


SELF_ASSESSMENTS = ListSpec(
    name=gettext_lazy("Self-assessments"),
    columns=[
        Column.attr(
            "kindcentrum",
            gettext_lazy("Kindcentrum"),
            "kindcentrum.name",
            link=lambda s: url_of(s.kindcentrum),
        ),
        Column.year("year", gettext_lazy("Year"), link=url_of),
        Column.attr("wijk", gettext_lazy("Wijk"), "kindcentrum.wijk.name"),
        *[_score_column(dimension, label) for dimension, label in Dimension.choices],
        *[_note_column(dimension) for dimension in Dimension.values],
    ],
    filter_form=SelfAssessmentFilterForm,
    default_sort="kindcentrum",
    caption=gettext_lazy("Self-assessments, scored from 1 (beginning) to 4 (fully realised)"),
)

WIJKEN = ListSpec(
    name=gettext_lazy("Wijken"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column.attr("cbs_code", gettext_lazy("CBS wijk code")),
        Column.attr("children_0_4", gettext_lazy("Children 0–4"), kind="number"),
        Column.attr("children_4_12", gettext_lazy("Children 4–12"), kind="number"),
        Column.year("reference_year", gettext_lazy("Reference year"), order_by=None),
        Column.attr("kindcentra", gettext_lazy("Kindcentra"), "kindcentrum_count", kind="number"),
        Column.attr("locations", gettext_lazy("Locations"), "location_count", kind="number"),
    ],
    filter_form=WijkFilterForm,
    default_sort="name",
)

KINDCENTRA_CRUMB = (gettext_lazy("Kindcentra"), reverse_lazy("kindcentra:kindcentrum_list"))
WIJKEN_CRUMB = (gettext_lazy("Wijken"), reverse_lazy("kindcentra:wijk_list"))


# Kindcentra


@permission_required(can_read_portal)
@cached_page(params=list_params(KINDCENTRA))
def kindcentrum_list(request):
    return list_response(
        request,
        selectors.kindcentrum_list(),
        spec=KINDCENTRA,
        template_name="kindcentra/kindcentrum_list.html",
        context={"can_create": can_create_kindcentrum(request.user)},
    )


def _label(criterion):
    return Kindcentrum._meta.get_field(criterion).verbose_name


def _phase_context(kindcentrum):
    """The checklist, the phase it suggests and what the next phase still asks for."""
    met = criteria_met(kindcentrum)
    step = next_step(met)
    return {
        "checklist": [(_label(criterion), criterion in met) for criterion in CRITERIA],
        "suggested_phase": Phase(suggested_phase(met)),
        "next_step": step
        and {
            "phase": Phase(step.phase),
            "missing": [_label(criterion) for criterion in step.missing],
            "more": step.more,
        },
    }


@permission_required(can_read_portal)
@cached_page
def kindcentrum_detail(request, pk):
    kindcentrum = selectors.kindcentrum_detail(pk)
    self_assessments = list(kindcentrum.self_assessments.all())
    return render(
        request,
        "kindcentra/kindcentrum_detail.html",
        {
            "kindcentrum": kindcentrum,
            "memberships": kindcentrum.memberships.all(),
            "self_assessments": self_assessments,
            "chart": development_chart(kindcentrum, self_assessments),
            **_phase_context(kindcentrum),
            "can_edit": can_edit_kindcentrum(request.user, kindcentrum),
            "can_delete": can_delete_kindcentrum(request.user, kindcentrum),
            "history": selectors.kindcentrum_history(kindcentrum),
        },
    )


def _kindcentrum_trail(kindcentrum=None):
    return trail(KINDCENTRA_CRUMB, to=kindcentrum)


@permission_required(can_create_kindcentrum)
def kindcentrum_create(request):
    form = KindcentrumForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.kindcentrum_create(**form.changes()),
        title=_("Add a kindcentrum"),
        intro=_("Add its locations and self-assessments on its page after saving."),
        trail=_kindcentrum_trail(),
        cancel_url=reverse("kindcentra:kindcentrum_list"),
        message=added,
    )


def kindcentrum_edit(request, pk):
    kindcentrum = kindcentrum_for(request.user, pk, allowed=can_edit_kindcentrum)
    form = KindcentrumForm(request.POST or None, instance=kindcentrum, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.kindcentrum_update(
            kindcentrum=kindcentrum, **edits(form, form.changes())
        ),
        title=_("Edit %(name)s") % {"name": kindcentrum.name},
        crumb=_("Edit"),
        trail=_kindcentrum_trail(kindcentrum),
        cancel_url=kindcentrum.get_absolute_url(),
    )


def kindcentrum_delete(request, pk):
    kindcentrum = kindcentrum_for(request.user, pk, allowed=can_delete_kindcentrum)
    return delete_page(
        request,
        kindcentrum,
        delete=lambda version: services.kindcentrum_delete(
            kindcentrum=kindcentrum, expected_version=version
        ),
        done_url=reverse("kindcentra:kindcentrum_list"),
        trail=[KINDCENTRA_CRUMB],
        consequences=_(
            "Its self-assessments are deleted with it; its locations stay, no longer part of a "
            "kindcentrum."
        ),
    )


# The locations of a kindcentrum

OFFERED_LOCATIONS = 200


def _offered_locations(kindcentrum, query):
    """The locations the page offers: matches of the search, else the free ones in the wijk."""
    locations = Location.objects.select_related("organisation", "wijk").order_by("name")
    if query:
        condition = Q()
        for lookup in ("name", "school_code", "lrk_number", "postcode", "organisation__name"):
            condition |= Q(**{f"{lookup}__icontains": query})
        return locations.filter(condition)[:OFFERED_LOCATIONS]
    return locations.filter(wijk=kindcentrum.wijk, kindcentrum_membership__isnull=True)[
        :OFFERED_LOCATIONS
    ]


def kindcentrum_location_add(request, pk):
    kindcentrum = kindcentrum_for(request.user, pk, allowed=can_edit_kindcentrum)
    search = LocationSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        form = KindcentrumLocationForm(request.POST, kindcentrum=kindcentrum)
    else:
        offered = _offered_locations(kindcentrum, query)
        form = KindcentrumLocationForm(kindcentrum=kindcentrum, choices=offered)
    return form_page(
        request,
        form,
        save=lambda: services.kindcentrum_location_add(
            kindcentrum=kindcentrum, location=form.cleaned_data["location"]
        ),
        title=_("Add a location to %(name)s") % {"name": kindcentrum.name},
        crumb=_("Add a location"),
        trail=_kindcentrum_trail(kindcentrum),
        cancel_url=kindcentrum.get_absolute_url(),
        submit_label=_("Add"),
        message=lambda membership: (
            _("%(location)s is now part of %(kindcentrum)s.")
            % {"location": membership.location, "kindcentrum": kindcentrum}
        ),
        next_url=kindcentrum.get_absolute_url(),
        template_name="kindcentra/kindcentrum_location_form.html",
        context={"search": search, "query": query, "kindcentrum": kindcentrum},
    )


@require_POST
def kindcentrum_location_remove(request, pk):
    kindcentrum = kindcentrum_for(request.user, pk, allowed=can_edit_kindcentrum)
    form = MembershipRemoveForm(request.POST, kindcentrum=kindcentrum)
    return remove_link(
        request,
        form,
        remove=lambda: services.kindcentrum_location_remove(
            membership=form.cleaned_data["membership"]
        ),
        back_to=kindcentrum,
        done=lambda membership: (
            _("%(location)s is no longer part of %(kindcentrum)s.")
            % {"location": membership.location, "kindcentrum": kindcentrum}
        ),
        missing=_("This location is not part of the kindcentrum (any more)."),
    )


# Self-assessments


@permission_required(can_read_portal)
def self_assessment_list(request):
    return list_response(
        request,
        selectors.self_assessment_list(),
        spec=SELF_ASSESSMENTS,
        template_name="kindcentra/self_assessment_list.html",
    )


@permission_required(can_read_portal)
def self_assessment_detail(request, pk):
    self_assessment = selectors.self_assessment_detail(pk)
    can_edit = can_edit_self_assessment(request.user, self_assessment)
    return render(
        request,
        "kindcentra/self_assessment_detail.html",
        {
            "self_assessment": self_assessment,
            "kindcentrum": self_assessment.kindcentrum,
            "rows": [
                (
                    label,
                    getattr(self_assessment, f"{dimension}_score"),
                    getattr(self_assessment, f"{dimension}_note"),
                )
                for dimension, label in Dimension.choices
            ],
            "can_edit": can_edit,
            "history": history_entries(self_assessment),
        },
    )


def _score_intro(kindcentrum):
    return _(
        "Score %(name)s on each dimension from 1 (beginning) to 4 (fully realised), with a note "
        "on why."
    ) % {"name": kindcentrum.name}


def self_assessment_create(request, pk):
    kindcentrum = kindcentrum_for(request.user, pk, allowed=can_edit_kindcentrum)
    form = SelfAssessmentForm(
        request.POST or None, instance=SelfAssessment(kindcentrum=kindcentrum)
    )
    return form_page(
        request,
        form,
        save=lambda: services.self_assessment_create(
            kindcentrum=kindcentrum, **model_changes(form)
        ),
        title=_("Add a self-assessment"),
        intro=_score_intro(kindcentrum),
        trail=_kindcentrum_trail(kindcentrum),
        cancel_url=kindcentrum.get_absolute_url(),
        message=lambda saved: (
            _("The self-assessment of %(year)s has been saved.") % {"year": saved.year}
        ),
        next_url=kindcentrum.get_absolute_url(),
    )


def self_assessment_edit(request, pk):
    self_assessment = self_assessment_for(request.user, pk, allowed=can_edit_self_assessment)
    kindcentrum = self_assessment.kindcentrum
    form = SelfAssessmentForm(request.POST or None, instance=self_assessment)
    return form_page(
        request,
        form,
        save=lambda: services.self_assessment_update(
            self_assessment=self_assessment, **edits(form)
        ),
        title=_("Edit the self-assessment of %(year)s") % {"year": self_assessment.year},
        crumb=_("Edit"),
        intro=_score_intro(kindcentrum),
        trail=[
            *_kindcentrum_trail(kindcentrum),
            (
                _("Self-assessment %(year)s") % {"year": self_assessment.year},
                self_assessment.get_absolute_url(),
            ),
        ],
        cancel_url=self_assessment.get_absolute_url(),
    )


def self_assessment_delete(request, pk):
    self_assessment = self_assessment_for(request.user, pk, allowed=can_edit_self_assessment)
    kindcentrum = self_assessment.kindcentrum
    return delete_page(
        request,
        self_assessment,
        delete=lambda version: services.self_assessment_delete(
            self_assessment=self_assessment, expected_version=version
        ),
        done_url=kindcentrum.get_absolute_url(),
        trail=_kindcentrum_trail(kindcentrum),
    )


# Wijken


@permission_required(can_read_portal)
def wijk_list(request):
    return list_response(
        request,
        selectors.wijk_list(),
        spec=WIJKEN,
        template_name="kindcentra/wijk_list.html",
        context={"can_create": can_manage_wijken(request.user)},
    )


@permission_required(can_read_portal)
@cached_page
def wijk_detail(request, pk):
    wijk = selectors.wijk_detail(pk)
    return render(
        request,
        "kindcentra/wijk_detail.html",
        {
            "wijk": wijk,
            "kindcentra": wijk.kindcentra.all(),
            "locations": wijk.locations.all(),
            "can_edit": can_manage_wijken(request.user),
            "history": history_entries(wijk),
        },
    )


@permission_required(can_manage_wijken)
def wijk_create(request):
    form = WijkForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.wijk_create(**model_changes(form)),
        title=_("Add a wijk"),
        trail=[WIJKEN_CRUMB],
        cancel_url=reverse("kindcentra:wijk_list"),
        message=added,
    )


def wijk_edit(request, pk):
    wijk = wijk_for(request.user, pk)
    form = WijkForm(request.POST or None, instance=wijk)
    return form_page(
        request,
        form,
        save=lambda: services.wijk_update(wijk=wijk, **edits(form)),
        title=_("Edit %(name)s") % {"name": wijk.name},
        crumb=_("Edit"),
        trail=trail(WIJKEN_CRUMB, to=wijk),
        cancel_url=wijk.get_absolute_url(),
    )

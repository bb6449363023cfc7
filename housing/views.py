"""Pages of the housing app: places against children per wijk and year, buildings with the
locations housed in them, the IHP with its projects and their funding."""

from operator import attrgetter

from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from housing import selectors, services
from housing.capacity import shortages, wijk_years
from housing.charts import places_chart
from housing.forms import (
    BuildingFilterForm,
    BuildingForm,
    BuildingLocationForm,
    FundingForm,
    HousedRemoveForm,
    PlanForm,
    ProjectFilterForm,
    ProjectForm,
)
from housing.models import HousingPlan, HousingProject, ProjectFunding
from housing.permissions import (
    building_for,
    can_delete_building,
    can_edit_building,
    can_manage_housing,
    can_read_housing,
)
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
from kindportaal.models import Wijk
from kindportaal.permissions import permission_required
from partners.permissions import can_import_registers

BUILDINGS = ListSpec(
    name=gettext_lazy("Buildings"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column.attr("bag_id", gettext_lazy("BAG building id")),
        Column.attr("wijk", gettext_lazy("Wijk"), "wijk.name", link=lambda b: url_of(b.wijk)),
        Column(
            "owner",
            pgettext_lazy("of a building", "Owner"),
            lambda b: b.get_owner_kind_display(),
        ),
        Column.year("year_built", gettext_lazy("Year built")),
        Column.attr(
            "condition", gettext_lazy("Condition (NEN 2767)"), "condition_score", kind="number"
        ),
        Column("energy_label", gettext_lazy("Energy label"), attrgetter("energy_label")),
        Column.attr("school_places", gettext_lazy("School places"), kind="number"),
        Column.attr("childcare_places", gettext_lazy("Childcare places"), kind="number"),
        Column.attr("locations", gettext_lazy("Locations"), "location_count", kind="number"),
        Column("address", gettext_lazy("Address"), attrgetter("address"), show=False),
        Column(
            "organisation",
            gettext_lazy("Owning or managing organisation"),
            lambda b: str(b.owner_organisation or ""),
            show=False,
        ),
        Column(
            "floor_area",
            gettext_lazy("Gross floor area (m² BVO)"),
            attrgetter("floor_area"),
            kind="number",
            show=False,
        ),
        Column(
            "inspected_on",
            gettext_lazy("Inspection date"),
            attrgetter("inspected_on"),
            kind="date",
            show=False,
        ),
        Column(
            "classrooms",
            gettext_lazy("Classrooms"),
            attrgetter("classrooms"),
            kind="number",
            show=False,
        ),
        Column(
            "childcare_groups",
            gettext_lazy("Childcare groups"),
            attrgetter("childcare_groups"),
            kind="number",
            show=False,
        ),
    ],
    filter_form=BuildingFilterForm,
    default_sort="name",
)

PROJECTS = ListSpec(
    name=gettext_lazy("Housing projects"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column("kind", gettext_lazy("Kind"), lambda p: p.get_kind_display(), order_by="kind"),
        Column.attr(
            "building", gettext_lazy("Building"), "building.name", link=lambda p: url_of(p.building)
        ),
        Column("wijk", gettext_lazy("Wijk"), attrgetter("building.wijk.name")),
        Column.year("ready_year", gettext_lazy("Year ready")),
        Column(
            "status", gettext_lazy("Status"), lambda p: p.get_status_display(), order_by="status"
        ),
        Column(
            "school_change",
            gettext_lazy("Change in school places"),
            attrgetter("school_places_change"),
            kind="number",
        ),
        Column(
            "childcare_change",
            gettext_lazy("Change in childcare places"),
            attrgetter("childcare_places_change"),
            kind="number",
        ),
        Column.attr("estimated_cost", gettext_lazy("Estimated cost"), kind="money"),
        Column("plan", gettext_lazy("Plan"), attrgetter("plan.name"), show=False),
        Column(
            "kindcentrum",
            gettext_lazy("Kindcentrum"),
            lambda p: str(p.kindcentrum or ""),
            show=False,
        ),
        Column.year("start_year", gettext_lazy("Start year"), order_by=None, show=False),
        Column(
            "realised_cost",
            gettext_lazy("Realised cost"),
            attrgetter("realised_cost"),
            kind="money",
            show=False,
        ),
        Column(
            "funded", gettext_lazy("Funding lines"), attrgetter("funded"), kind="money", show=False
        ),
    ],
    filter_form=ProjectFilterForm,
    default_sort="ready_year",
)

HOUSING_CRUMB = (gettext_lazy("Housing"), reverse_lazy("housing:overview"))
BUILDINGS_CRUMB = (gettext_lazy("Buildings"), reverse_lazy("housing:building_list"))
PLANS_CRUMB = (gettext_lazy("Housing plans (IHP)"), reverse_lazy("housing:plan_list"))


def _chosen_year(request, years, plan):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return year if year in years else selectors.outlook_year(plan, years)


# Places against children


@permission_required(can_read_housing)
@cached_page(params=("year",))
def overview(request):
    """The question of the IHP: in which wijken are there too few places in a year, and does
    the plan close the gap?"""
    plan = selectors.current_plan()
    years = selectors.plan_years(plan)
    year = _chosen_year(request, years, plan)
    facts = selectors.capacity_facts(plan)
    norm = selectors.norm_of(plan)
    closings = shortages(facts, [year], norm)
    rows = wijk_years(facts, [year], norm)
    return render(
        request,
        "housing/overview.html",
        {
            "plan": plan,
            "years": years,
            "year": year,
            "norm": norm,
            "rows": rows,
            "closings": closings,
            "can_manage": can_manage_housing(request.user),
            "can_import": can_import_registers(request.user),
        },
    )


@permission_required(can_read_housing)
@cached_page
def wijk_places(request, pk):
    wijk = get_object_or_404(Wijk, pk=pk)
    plan = selectors.current_plan()
    years = selectors.plan_years(plan)
    facts = selectors.capacity_facts(plan, wijken=[wijk])
    norm = selectors.norm_of(plan)
    with_plan = wijk_years(facts, years, norm)
    without_plan = wijk_years(facts, years, norm, with_projects=False)
    projects = (
        HousingProject.objects.filter(plan=plan, building__wijk=wijk)
        .select_related("building")
        .order_by("ready_year", "name")
        if plan is not None
        else HousingProject.objects.none()
    )
    return render(
        request,
        "housing/wijk_places.html",
        {
            "wijk": wijk,
            "plan": plan,
            "norm": norm,
            "rows": list(zip(with_plan, without_plan, strict=True)),
            "childcare_chart": places_chart(wijk.name, with_plan, school=False),
            "school_chart": places_chart(wijk.name, with_plan, school=True),
            "projects": projects,
            "buildings": wijk.buildings.order_by("name"),
        },
    )


# Buildings


@permission_required(can_read_housing)
@cached_page(params=list_params(BUILDINGS))
def building_list(request):
    return list_response(
        request,
        selectors.building_list(),
        spec=BUILDINGS,
        template_name="housing/building_list.html",
        context={
            "can_create": can_manage_housing(request.user),
            "can_import": can_import_registers(request.user),
        },
    )


@permission_required(can_read_housing)
@cached_page
def building_detail(request, pk):
    building = selectors.building_detail(pk)
    return render(
        request,
        "housing/building_detail.html",
        {
            "building": building,
            "housed": building.housed.all(),
            "kindcentra": selectors.kindcentra_in(building),
            "projects": building.projects.all(),
            "pupil_forecast": selectors.pupil_forecast(building),
            "can_edit": can_edit_building(request.user, building),
            "can_delete": can_delete_building(request.user, building),
            "history": history_entries(building),
        },
    )


def _building_trail(building=None):
    return trail(HOUSING_CRUMB, BUILDINGS_CRUMB, to=building)


@permission_required(can_manage_housing)
def building_create(request):
    form = BuildingForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.building_create(**model_changes(form)),
        title=_("Add a building"),
        intro=_("Add the locations housed in it on its page after saving."),
        trail=_building_trail(),
        cancel_url=reverse("housing:building_list"),
        message=added,
    )


def building_edit(request, pk):
    building = building_for(request.user, pk, allowed=can_edit_building)
    form = BuildingForm(request.POST or None, instance=building, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.building_update(building=building, **edits(form)),
        title=_("Edit %(name)s") % {"name": building.name},
        crumb=_("Edit"),
        trail=_building_trail(building),
        cancel_url=building.get_absolute_url(),
        context={"history": history_entries(building)},
    )


def building_delete(request, pk):
    building = building_for(request.user, pk, allowed=can_delete_building)
    return delete_page(
        request,
        building,
        delete=lambda version: services.building_delete(
            building=building, expected_version=version
        ),
        done_url=reverse("housing:building_list"),
        trail=_building_trail(),
        consequences=_("The locations housed in it stay, housed in no building."),
    )


def building_location_add(request, pk):
    building = building_for(request.user, pk, allowed=can_edit_building)
    form = BuildingLocationForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.building_location_add(
            building=building, location=form.cleaned_data["location"]
        ),
        title=_("House a location in %(name)s") % {"name": building.name},
        crumb=_("House a location"),
        trail=_building_trail(building),
        cancel_url=building.get_absolute_url(),
        submit_label=_("Add"),
        message=lambda housed: (
            _("%(location)s is now housed in %(building)s.")
            % {"location": housed.location, "building": building}
        ),
        next_url=building.get_absolute_url(),
    )


@require_POST
def building_location_remove(request, pk):
    building = building_for(request.user, pk, allowed=can_edit_building)
    form = HousedRemoveForm(request.POST, building=building)
    return remove_link(
        request,
        form,
        remove=lambda: services.building_location_remove(housed=form.cleaned_data["housed"]),
        back_to=building,
        done=lambda housed: (
            _("%(location)s is no longer housed in %(building)s.")
            % {"location": housed.location, "building": building}
        ),
        missing=_("This location is not housed in the building (any more)."),
    )


# The plan and its projects


@permission_required(can_read_housing)
def plan_list(request):
    return render(
        request,
        "housing/plan_list.html",
        {
            "plans": selectors.plan_list().order_by("-first_year", "name"),
            "can_manage": can_manage_housing(request.user),
        },
    )


@permission_required(can_read_housing)
@cached_page
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.plan_list(), pk=pk)
    projects = selectors.project_list().filter(plan=plan).order_by("ready_year", "name", "pk")
    return render(
        request,
        "housing/plan_detail.html",
        {
            "plan": plan,
            "projects": projects,
            "history": history_entries(plan),
            "can_manage": can_manage_housing(request.user),
        },
    )


def _plan_trail(plan=None):
    return trail(HOUSING_CRUMB, PLANS_CRUMB, to=plan)


@permission_required(can_manage_housing)
def plan_create(request):
    form = PlanForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.plan_create(**model_changes(form)),
        title=_("New housing plan (IHP)"),
        trail=_plan_trail(),
        cancel_url=reverse("housing:plan_list"),
        message=added,
    )


@permission_required(can_manage_housing)
def plan_edit(request, pk):
    plan = get_object_or_404(HousingPlan, pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    return form_page(
        request,
        form,
        save=lambda: services.plan_update(plan=plan, **edits(form)),
        title=_("Edit %(name)s") % {"name": plan.name},
        crumb=_("Edit"),
        trail=_plan_trail(plan),
        cancel_url=plan.get_absolute_url(),
        context={"history": history_entries(plan)},
    )


@permission_required(can_read_housing)
def project_list(request):
    return list_response(
        request,
        selectors.project_list(),
        spec=PROJECTS,
        template_name="housing/project_list.html",
    )


@permission_required(can_read_housing)
@cached_page
def project_detail(request, pk):
    project = selectors.project_detail(pk)
    return render(
        request,
        "housing/project_detail.html",
        {
            "project": project,
            "funding": project.funding.all(),
            "history": history_entries(project),
            "can_manage": can_manage_housing(request.user),
        },
    )


def _project_trail(project):
    return trail(*_plan_trail(project.plan), to=project)


@permission_required(can_manage_housing)
def project_create(request, pk):
    plan = get_object_or_404(HousingPlan, pk=pk)
    form = ProjectForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.project_create(plan=plan, **model_changes(form)),
        title=_("New project in %(plan)s") % {"plan": plan.name},
        intro=_("Add its funding on its page after saving."),
        trail=_plan_trail(plan),
        cancel_url=plan.get_absolute_url(),
        message=added,
    )


@permission_required(can_manage_housing)
def project_edit(request, pk):
    project = get_object_or_404(HousingProject.objects.select_related("plan"), pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    return form_page(
        request,
        form,
        save=lambda: services.project_update(project=project, **edits(form)),
        title=_("Edit %(name)s") % {"name": project.name},
        crumb=_("Edit"),
        trail=_project_trail(project),
        cancel_url=project.get_absolute_url(),
        context={"history": history_entries(project)},
    )


@permission_required(can_manage_housing)
def project_delete(request, pk):
    project = get_object_or_404(HousingProject.objects.select_related("plan"), pk=pk)
    return delete_page(
        request,
        project,
        delete=lambda version: services.project_delete(project=project, expected_version=version),
        done_url=project.plan.get_absolute_url(),
        trail=_plan_trail(project.plan),
        consequences=_("Its funding lines are deleted with it."),
    )


@permission_required(can_manage_housing)
def funding_create(request, pk):
    project = get_object_or_404(HousingProject.objects.select_related("plan"), pk=pk)
    form = FundingForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.funding_create(project=project, **model_changes(form)),
        title=_("New funding line for %(name)s") % {"name": project.name},
        trail=_project_trail(project),
        cancel_url=project.get_absolute_url(),
        message=_("The funding line has been saved."),
    )


@permission_required(can_manage_housing)
def funding_edit(request, pk):
    funding = get_object_or_404(ProjectFunding.objects.select_related("project__plan"), pk=pk)
    form = FundingForm(request.POST or None, instance=funding)
    return form_page(
        request,
        form,
        save=lambda: services.funding_update(funding=funding, **edits(form)),
        title=_("Edit a funding line of %(name)s") % {"name": funding.project.name},
        crumb=_("Edit"),
        trail=_project_trail(funding.project),
        cancel_url=funding.project.get_absolute_url(),
        message=_("The funding line has been saved."),
    )


@permission_required(can_manage_housing)
def funding_delete(request, pk):
    funding = get_object_or_404(ProjectFunding.objects.select_related("project__plan"), pk=pk)
    return delete_page(
        request,
        funding,
        delete=lambda version: services.funding_delete(funding=funding, expected_version=version),
        done_url=funding.project.get_absolute_url(),
        trail=_project_trail(funding.project),
    )

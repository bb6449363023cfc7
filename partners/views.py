"""Pages of organisations, their locations and who belongs to them."""

from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

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
from kindportaal.listing import Column, ListSpec, list_response, url_of
from kindportaal.middleware import large_upload
from kindportaal.permissions import can_read_portal, permission_required
from partners import selectors, services
from partners.forms import (
    ImportConfirmForm,
    ImportRunFilterForm,
    ImportUploadForm,
    LocationFilterForm,
    LocationForm,
    MembershipForm,
    MembershipRemoveForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from partners.models import ImportStatus, Location
from partners.permissions import (
    can_add_location,
    can_create_organisation,
    can_delete_location,
    can_delete_organisation,
    can_edit_location,
    can_edit_organisation,
    can_import_registers,
    can_manage_members,
    can_see_members,
    import_run_for,
    location_for,
    organisation_for,
)

ORGANISATIONS = ListSpec(
    name=gettext_lazy("Organisations"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column("kind", gettext_lazy("Kind"), lambda o: o.get_kind_display(), order_by="kind"),
        Column.attr("kvk", gettext_lazy("KvK number"), "kvk_number"),
        Column("duo", gettext_lazy("DUO board number"), attrgetter("duo_board_number"), show=False),
        Column("email", gettext_lazy("E-mail address"), attrgetter("email"), show=False),
        Column("phone", gettext_lazy("Phone number"), attrgetter("phone"), show=False),
        Column("website", gettext_lazy("Website"), attrgetter("website"), show=False),
        Column.attr("locations", gettext_lazy("Locations"), "location_count", kind="number"),
        Column.attr("active", gettext_lazy("Active"), "is_active", kind="bool"),
    ],
    filter_form=OrganisationFilterForm,
    default_sort="name",
)


def _places_or_pupils(location):
    return location.pupils if location.pupils is not None else location.capacity


LOCATIONS = ListSpec(
    name=gettext_lazy("Locations"),
    columns=[
        Column.attr("name", gettext_lazy("Name"), link=url_of),
        Column("kind", gettext_lazy("Kind"), lambda loc: loc.get_kind_display(), order_by="kind"),
        Column.attr(
            "organisation",
            gettext_lazy("Organisation"),
            "organisation.name",
            link=lambda loc: url_of(loc.organisation),
        ),
        Column(
            "wijk",
            gettext_lazy("Wijk"),
            lambda loc: loc.wijk.name if loc.wijk else None,
            order_by="wijk__name",
            link=lambda loc: url_of(loc.wijk),
        ),
        Column(
            "code",
            gettext_lazy("School code or LRK number"),
            lambda loc: loc.school_code or loc.lrk_number,
        ),
        Column("street", gettext_lazy("Street"), attrgetter("street"), show=False),
        Column(
            "house_number", gettext_lazy("House number"), attrgetter("house_number"), show=False
        ),
        Column.attr("postcode", gettext_lazy("Postcode")),
        Column("city", gettext_lazy("Place"), attrgetter("city"), show=False),
        Column(
            "count",
            gettext_lazy("Places or pupils"),
            _places_or_pupils,
            kind="number",
        ),
        Column(
            "reference_date",
            gettext_lazy("Reference date"),
            attrgetter("count_reference_date"),
            kind="date",
            show=False,
        ),
        Column.attr("vve", gettext_lazy("VVE"), "vve_certified", kind="bool"),
        Column("age_from", gettext_lazy("Age from"), attrgetter("age_from"), show=False),
        Column("age_to", gettext_lazy("Age to"), attrgetter("age_to"), show=False),
    ],
    filter_form=LocationFilterForm,
    default_sort="name",
)

ORGANISATION_LIST_CRUMB = (
    gettext_lazy("Organisations"),
    reverse_lazy("partners:organisation_list"),
)


# Organisations


@permission_required(can_read_portal)
def organisation_list(request):
    return list_response(
        request,
        selectors.organisation_list(),
        spec=ORGANISATIONS,
        template_name="partners/organisation_list.html",
        context={"can_create": can_create_organisation(request.user)},
    )


@permission_required(can_read_portal)
def organisation_detail(request, pk):
    organisation = selectors.organisation_detail(pk)
    user = request.user
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "locations": organisation.locations.all(),
            "memberships": organisation.memberships.all()
            if can_see_members(user, organisation)
            else None,
            "can_edit": can_edit_organisation(user, organisation),
            "can_delete": can_delete_organisation(user, organisation),
            "can_add_location": can_add_location(user, organisation),
            "can_manage_members": can_manage_members(user, organisation),
            "history": history_entries(organisation),
        },
    )


def _organisation_trail(organisation=None):
    return trail(ORGANISATION_LIST_CRUMB, to=organisation)


@permission_required(can_create_organisation)
def organisation_create(request):
    form = OrganisationForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.organisation_create(**model_changes(form)),
        title=_("Add an organisation"),
        trail=_organisation_trail(),
        cancel_url=reverse("partners:organisation_list"),
        message=added,
    )


def organisation_edit(request, pk):
    organisation = organisation_for(request.user, pk, allowed=can_edit_organisation)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.organisation_update(organisation=organisation, **edits(form)),
        title=_("Edit %(name)s") % {"name": organisation.name},
        crumb=_("Edit"),
        trail=_organisation_trail(organisation),
        cancel_url=organisation.get_absolute_url(),
    )


def organisation_delete(request, pk):
    organisation = organisation_for(request.user, pk, allowed=can_delete_organisation)
    count = organisation.locations.count()
    return delete_page(
        request,
        organisation,
        delete=lambda version: services.organisation_delete(
            organisation=organisation, expected_version=version
        ),
        done_url=reverse("partners:organisation_list"),
        trail=[ORGANISATION_LIST_CRUMB],
        consequences=ngettext(
            "Its %(count)d location and its memberships are deleted with it.",
            "Its %(count)d locations and its memberships are deleted with it.",
            count,
        )
        % {"count": count},
    )


# Memberships


def membership_create(request, pk):
    organisation = organisation_for(request.user, pk, allowed=can_manage_members)
    form = MembershipForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.membership_create(
            user=form.cleaned_data["user"], organisation=organisation
        ),
        title=_("Add a partner director"),
        intro=_(
            "The partner director can then keep the details of %(name)s and its locations "
            "current, and act for it in the agenda."
        )
        % {"name": organisation.name},
        trail=_organisation_trail(organisation),
        cancel_url=organisation.get_absolute_url(),
        submit_label=_("Add"),
        message=lambda membership: (
            _("%(name)s now belongs to %(organisation)s.")
            % {"name": membership.user, "organisation": organisation}
        ),
        next_url=organisation.get_absolute_url(),
    )


@require_POST
def membership_delete(request, pk):
    organisation = organisation_for(request.user, pk, allowed=can_manage_members)
    form = MembershipRemoveForm(request.POST, organisation=organisation)
    return remove_link(
        request,
        form,
        remove=lambda: services.membership_delete(membership=form.cleaned_data["membership"]),
        back_to=organisation,
        done=lambda membership: (
            _("%(name)s no longer belongs to %(organisation)s.")
            % {"name": membership.user, "organisation": organisation}
        ),
        missing=_("This person does not belong to the organisation (any more)."),
    )


# Locations


@permission_required(can_read_portal)
def location_list(request):
    return list_response(
        request,
        selectors.location_list(),
        spec=LOCATIONS,
        template_name="partners/location_list.html",
    )


@permission_required(can_read_portal)
def location_detail(request, pk):
    location = selectors.location_detail(pk)
    return render(
        request,
        "partners/location_detail.html",
        {
            "location": location,
            "can_edit": can_edit_location(request.user, location),
            "can_delete": can_delete_location(request.user, location),
            "history": history_entries(location),
        },
    )


def location_create(request, pk):
    organisation = organisation_for(request.user, pk, allowed=can_add_location)
    form = LocationForm(
        request.POST or None, instance=Location(organisation=organisation), user=request.user
    )
    return form_page(
        request,
        form,
        save=lambda: services.location_create(organisation=organisation, **model_changes(form)),
        title=_("Add a location"),
        intro=_("The new location belongs to %(name)s.") % {"name": organisation.name},
        trail=_organisation_trail(organisation),
        cancel_url=organisation.get_absolute_url(),
        message=added,
    )


def location_edit(request, pk):
    location = location_for(request.user, pk, allowed=can_edit_location)
    form = LocationForm(request.POST or None, instance=location, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.location_update(location=location, **edits(form)),
        title=_("Edit %(name)s") % {"name": location.name},
        crumb=_("Edit"),
        trail=trail(*_organisation_trail(location.organisation), to=location),
        cancel_url=location.get_absolute_url(),
    )


def location_delete(request, pk):
    location = location_for(request.user, pk, allowed=can_delete_location)
    return delete_page(
        request,
        location,
        delete=lambda version: services.location_delete(
            location=location, expected_version=version
        ),
        done_url=location.organisation.get_absolute_url(),
        trail=_organisation_trail(location.organisation),
    )


# Imports from the national registers

IMPORTS = ListSpec(
    name=gettext_lazy("Imports"),
    columns=[
        Column.attr("created_at", gettext_lazy("Uploaded at"), kind="date", link=url_of),
        Column(
            "source",
            gettext_lazy("Register"),
            lambda run: run.get_source_display(),
            order_by="source",
        ),
        Column.attr("file_name", gettext_lazy("File")),
        Column.attr("reference_date", gettext_lazy("Reference date"), kind="date"),
        Column(
            "status",
            gettext_lazy("Status"),
            lambda run: run.get_status_display(),
            order_by="status",
        ),
        Column("new", gettext_lazy("New"), lambda run: run.summary.get("new"), kind="number"),
        Column(
            "changed",
            gettext_lazy("Changed"),
            lambda run: run.summary.get("changed"),
            kind="number",
        ),
        Column(
            "rejected",
            gettext_lazy("Rejected"),
            lambda run: run.summary.get("rejected"),
            kind="number",
        ),
        Column(
            "by",
            gettext_lazy("By"),
            lambda run: str(run.created_by) if run.created_by else "",
            show=False,
        ),
    ],
    filter_form=ImportRunFilterForm,
    default_sort="-created_at",
)
IMPORT_LIST_CRUMB = (gettext_lazy("Imports"), reverse_lazy("partners:import_list"))


@permission_required(can_import_registers)
def import_list(request):
    return list_response(
        request,
        selectors.import_runs(),
        spec=IMPORTS,
        template_name="partners/import_list.html",
    )


@large_upload
@permission_required(can_import_registers)
def import_upload(request):
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        # The housing pages link here with their file's source chosen (?source=buildings).
        initial={"reference_date": timezone.localdate(), "source": request.GET.get("source")},
    )
    return form_page(
        request,
        form,
        save=lambda: services.import_run_create(
            source=form.cleaned_data["source"],
            uploaded_file=form.cleaned_data["file"],
            reference_date=form.cleaned_data["reference_date"],
            user=request.user,
        ),
        title=_("Import a register file"),
        intro=_(
            "First you see what the file would change; nothing is imported until you confirm. "
            "Only the records of this gemeente are taken."
        ),
        trail=[IMPORT_LIST_CRUMB],
        cancel_url=reverse("partners:import_list"),
        submit_label=_("Check the file"),
        message=lambda run: (
            _("The file is being checked.") if run.is_busy else _("The file has been checked.")
        ),
    )


def import_detail(request, pk):
    run = import_run_for(request.user, pk)
    context = {
        "run": run,
        "progress": services.import_progress(run),
        "preview": selectors.import_preview(run),
        "confirm_form": ImportConfirmForm(),
    }
    if request.headers.get("HX-Request") and run.is_busy:
        return render(request, "partners/imports/status.html", context)
    if request.headers.get("HX-Request"):
        # Finished while the page waited: the whole page shows the outcome.
        response = render(request, "partners/imports/status.html", context)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "partners/imports/detail.html", context)


@require_POST
def import_confirm(request, pk):
    run = import_run_for(request.user, pk)
    form = ImportConfirmForm(request.POST)
    overwrite = form.is_valid() and form.cleaned_data["overwrite_conflicts"]
    try:
        run = services.import_run_confirm(run=run, user=request.user, overwrite_conflicts=overwrite)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    if run.status == ImportStatus.DONE:
        messages.success(request, _("The file has been imported."))
    elif run.status == ImportStatus.FAILED:
        messages.error(request, _("The import failed; nothing has been changed."))
    else:
        messages.success(request, _("The import has started; this page shows its progress."))
    return redirect(run)


@require_POST
def import_cancel(request, pk):
    run = import_run_for(request.user, pk)
    try:
        services.import_run_cancel(run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    messages.success(request, _("The import has been cancelled; nothing has been changed."))
    return redirect("partners:import_list")

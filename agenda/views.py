"""Pages of the regie-agenda: periods and themes, goals, agreements with their confirmations and
progress, meetings. Thin: a form validates, a service writes, the view redirects or renders."""

from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agenda import permissions, selectors, services
from agenda.forms import (
    AgendaForm,
    AgreementFilterForm,
    AgreementForm,
    AgreementPublishForm,
    AnswerForm,
    GoalForm,
    MeasurementForm,
    MeetingDecisionForm,
    MeetingForm,
    ProgressForm,
    ThemeForm,
    TransitionForm,
)
from agenda.models import Agenda, Agreement, Goal, Measurement, Meeting, Theme
from kindportaal.caching import cached_page
from kindportaal.editing import add_errors, crumb_to, edits, form_page, model_changes
from kindportaal.history import history_entries
from kindportaal.listing import Column, ListSpec, list_params, list_response
from kindportaal.permissions import permission_required, require
from partners.models import Organisation

# Agenda periods


@permission_required(permissions.can_read_agenda)
@cached_page
def home(request):
    agenda = selectors.current_agenda()
    if agenda is None:
        return redirect("agenda:agenda_list")
    return _agenda_page(request, agenda)


@permission_required(permissions.can_read_agenda)
@cached_page
def agenda_detail(request, pk):
    return _agenda_page(request, get_object_or_404(Agenda, pk=pk))


def _agenda_page(request, agenda):
    return render(
        request,
        "agenda/agenda_detail.html",
        {
            "agenda": agenda,
            **selectors.agenda_overview(agenda),
            "can_manage": permissions.can_manage_agenda(request.user),
            "can_create_agreement": permissions.can_create_agreement(request.user),
        },
    )


@permission_required(permissions.can_read_agenda)
def agenda_list(request):
    return render(
        request,
        "agenda/agenda_list.html",
        {
            "agendas": Agenda.objects.order_by("-start_year"),
            "can_manage": permissions.can_manage_agenda(request.user),
        },
    )


@permission_required(permissions.can_manage_agenda)
def agenda_create(request):
    form = AgendaForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.agenda_save(agenda=form.instance, **model_changes(form)),
        title=_("New agenda period"),
        crumb=_("New"),
        trail=[(_("Periods"), reverse("agenda:agenda_list"))],
        cancel_url=reverse("agenda:agenda_list"),
        message=_("The agenda period has been saved."),
    )


@permission_required(permissions.can_manage_agenda)
def agenda_edit(request, pk):
    agenda = get_object_or_404(Agenda, pk=pk)
    form = AgendaForm(request.POST or None, instance=agenda)
    return form_page(
        request,
        form,
        save=lambda: services.agenda_save(agenda=agenda, **edits(form)),
        title=_("Edit %(name)s") % {"name": agenda.title},
        crumb=_("Edit"),
        trail=[crumb_to(agenda)],
        cancel_url=agenda.get_absolute_url(),
        message=_("The agenda period has been saved."),
    )


# Themes and goals


@permission_required(permissions.can_manage_agenda)
def theme_create(request, pk):
    agenda = get_object_or_404(Agenda, pk=pk)
    form = ThemeForm(request.POST or None, agenda=agenda)
    return form_page(
        request,
        form,
        save=lambda: services.theme_save(theme=form.instance, **model_changes(form)),
        title=_("New theme"),
        trail=[crumb_to(agenda)],
        cancel_url=agenda.get_absolute_url(),
        message=_("The theme has been saved."),
        next_url=agenda.get_absolute_url(),
    )


@permission_required(permissions.can_manage_agenda)
def theme_edit(request, pk):
    theme = get_object_or_404(Theme.objects.select_related("agenda"), pk=pk)
    form = ThemeForm(request.POST or None, instance=theme, agenda=theme.agenda)
    return form_page(
        request,
        form,
        save=lambda: services.theme_save(theme=theme, **edits(form)),
        title=_("Edit theme %(name)s") % {"name": theme.title},
        crumb=theme.title,
        trail=[crumb_to(theme.agenda)],
        cancel_url=theme.agenda.get_absolute_url(),
        message=_("The theme has been saved."),
        next_url=theme.agenda.get_absolute_url(),
    )


@permission_required(permissions.can_manage_agenda)
def goal_create(request, pk):
    theme = get_object_or_404(Theme.objects.select_related("agenda"), pk=pk)
    form = GoalForm(request.POST or None, instance=Goal(theme=theme))
    return form_page(
        request,
        form,
        save=lambda: services.goal_save(goal=form.instance, **model_changes(form)),
        title=_("New goal for %(theme)s") % {"theme": theme.title},
        crumb=_("New goal"),
        trail=[crumb_to(theme.agenda)],
        cancel_url=theme.agenda.get_absolute_url(),
        message=_("The goal has been saved."),
    )


@permission_required(permissions.can_manage_agenda)
def goal_edit(request, pk):
    goal = get_object_or_404(Goal.objects.select_related("theme__agenda"), pk=pk)
    form = GoalForm(request.POST or None, instance=goal)
    return form_page(
        request,
        form,
        save=lambda: services.goal_save(goal=goal, **edits(form)),
        title=_("Edit goal"),
        crumb=_("Edit"),
        trail=[
            crumb_to(goal.theme.agenda),
            (goal.statement, reverse("agenda:goal_detail", args=[goal.pk])),
        ],
        cancel_url=reverse("agenda:goal_detail", args=[goal.pk]),
        message=_("The goal has been saved."),
    )


@permission_required(permissions.can_read_agenda)
@cached_page
def goal_detail(request, pk):
    goal = get_object_or_404(selectors.goal_detail_queryset(), pk=pk)
    return render(
        request,
        "agenda/goal_detail.html",
        {
            "goal": goal,
            "chart": selectors.goal_trajectory(goal),
            "progress": selectors.goal_progress(goal),
            "measurements": sorted(goal.measurements.all(), key=attrgetter("measured_on", "pk")),
            "can_manage": permissions.can_manage_agenda(request.user),
            "history": history_entries(goal, limit=10),
        },
    )


@permission_required(permissions.can_manage_agenda)
def measurement_create(request, pk):
    goal = get_object_or_404(Goal.objects.select_related("theme__agenda"), pk=pk)
    form = MeasurementForm(request.POST or None, instance=Measurement(goal=goal))
    return form_page(
        request,
        form,
        save=lambda: services.measurement_create(goal=goal, **model_changes(form)),
        title=_("New measurement"),
        intro=_("%(indicator)s, in %(unit)s.")
        % {"indicator": goal.indicator, "unit": goal.unit or "—"},
        trail=[
            crumb_to(goal.theme.agenda),
            (goal.statement, reverse("agenda:goal_detail", args=[goal.pk])),
        ],
        cancel_url=reverse("agenda:goal_detail", args=[goal.pk]),
        message=_("The measurement has been saved."),
        next_url=reverse("agenda:goal_detail", args=[goal.pk]),
    )


@permission_required(permissions.can_manage_agenda)
def agreement_publish(request, pk):
    # Also a realised agreement, which is no longer edited.
    agreement = permissions.get_agreement_for_reading(request.user, pk, Agreement.objects.all())
    form = AgreementPublishForm(request.POST or None, instance=agreement)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_publish(agreement=agreement, **edits(form)),
        title=_("Publish %(name)s") % {"name": agreement.title},
        crumb=_("Publish"),
        intro=_(
            "Under the Open Government Act (Woo) the gemeente publishes its covenants. A "
            "published agreement is on the public pages and in the open data, readable without "
            "login, once every party has adopted it: its title, description, theme and goal, the "
            "parties and the organisation that leads it, where it applies, its period, status, "
            "health and percentage complete. Drafts and proposals, the texts of the progress "
            "reports, the parties' answers, earlier versions and the names of people are never "
            "published. A change of substance takes it off the public pages until the parties "
            "have adopted the new version."
        ),
        trail=[
            (_("Agreements"), reverse("agenda:agreement_list")),
            crumb_to(agreement),
        ],
        cancel_url=agreement.get_absolute_url(),
        message=lambda saved: (
            _("The agreement is published on the public pages.")
            if saved.is_public
            else _("The agreement is not published.")
        ),
    )


@require_POST
@permission_required(permissions.can_manage_agenda)
def measurement_delete(request, pk):
    measurement = get_object_or_404(Measurement.objects.select_related("goal"), pk=pk)
    goal = measurement.goal
    services.measurement_delete(measurement=measurement)
    messages.success(request, _("The measurement has been deleted."))
    return redirect("agenda:goal_detail", pk=goal.pk)


# Agreements


def _owner_link(agreement):
    return agreement.owner.get_absolute_url()


AGREEMENTS = ListSpec(
    name=gettext_lazy("Agreements"),
    columns=[
        Column.attr("title", gettext_lazy("Agreement"), link=lambda a: a.get_absolute_url()),
        Column("theme", gettext_lazy("Theme"), attrgetter("theme.title"), order_by="theme__order"),
        Column.attr("owner", gettext_lazy("Owner (trekker)"), "owner.name", link=_owner_link),
        Column(
            "parties",
            gettext_lazy("Parties"),
            lambda a: ", ".join(party.name for party in a.parties.all()),
            show=False,
        ),
        Column(
            "status", gettext_lazy("Status"), lambda a: a.get_status_display(), "text", "status"
        ),
        Column(
            "health",
            gettext_lazy("Health"),
            lambda a: a.get_health_display() if a.health else "",
            order_by="health",
        ),
        Column(
            "progress",
            gettext_lazy("Complete"),
            attrgetter("progress_percent"),
            "percent",
            "progress_percent",
        ),
        Column("start", gettext_lazy("Start date"), attrgetter("start_date"), "date", show=False),
        Column("due", gettext_lazy("Due date"), attrgetter("due_date"), "date", "due_date"),
        Column("overdue", gettext_lazy("Overdue"), attrgetter("is_overdue"), "bool"),
        Column(
            "version",
            gettext_lazy("Version"),
            attrgetter("revision"),
            "number",
            show=False,
        ),
    ],
    filter_form=AgreementFilterForm,
    default_sort="due",
)


@permission_required(permissions.can_read_agenda)
@cached_page(params=list_params(AGREEMENTS))
def agreement_list(request):
    return list_response(
        request,
        selectors.agreement_list(),
        spec=AGREEMENTS,
        template_name="agenda/agreement_list.html",
        context={"can_create": permissions.can_create_agreement(request.user)},
    )


@permission_required(permissions.can_read_agenda)
@cached_page
def agreement_detail(request, pk):
    agreement = permissions.get_agreement_for_reading(
        request.user, pk, selectors.agreement_detail_queryset()
    )
    user = request.user
    return render(
        request,
        "agenda/agreement_detail.html",
        {
            "agreement": agreement,
            "answers": selectors.party_answers(agreement),
            "versions": list(agreement.versions.all()),
            "transitions": permissions.allowed_transitions(user, agreement),
            "can_edit": permissions.can_edit_agreement(user, agreement),
            "can_answer": permissions.can_answer_agreement(user, agreement),
            "can_add_progress": permissions.can_add_progress(user, agreement),
            "can_publish": permissions.can_manage_agenda(user),
            "waiting_for": permissions.waiting_for(agreement),
            "not_now": permissions.steps_not_possible_now(user, agreement),
            "own_answers": selectors.answers_of(
                agreement, organisation_ids=permissions.director_party_ids(user, agreement)
            ),
            "history": history_entries(agreement, limit=20),
        },
    )


@permission_required(permissions.can_create_agreement)
def agreement_create(request):
    form = AgreementForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_create(by=request.user, **model_changes(form)),
        title=_("New agreement"),
        crumb=_("New"),
        intro=_(
            "A new agreement starts as a draft. Propose it to the parties when it is complete: "
            "each party then confirms it."
        ),
        trail=[(_("Agreements"), reverse("agenda:agreement_list"))],
        cancel_url=reverse("agenda:agreement_list"),
        message=_("The agreement has been saved as a draft."),
    )


def agreement_edit(request, pk):
    agreement = permissions.get_agreement_for_editing(request.user, pk)
    form = AgreementForm(request.POST or None, instance=agreement)
    intro = ""
    if agreement.status != "draft":
        intro = _(
            "The parties have confirmed, or are asked to confirm, version %(number)s. A change "
            "of substance makes a new version that every party confirms again."
        ) % {"number": agreement.revision}
    return form_page(
        request,
        form,
        save=lambda: services.agreement_update(agreement=agreement, by=request.user, **edits(form)),
        title=_("Edit %(name)s") % {"name": agreement.title},
        crumb=_("Edit"),
        intro=intro,
        trail=[
            (_("Agreements"), reverse("agenda:agreement_list")),
            crumb_to(agreement),
        ],
        cancel_url=agreement.get_absolute_url(),
        message=_("The agreement has been saved."),
    )


@require_POST
def agreement_transition(request, pk, action):
    agreement = permissions.get_agreement_for_reading(
        request.user, pk, Agreement.objects.prefetch_related("parties")
    )
    # Who may take this step at all; whether the agreement's status allows it now, the service
    # says (with a message, for a page that was opened before someone else moved it on).
    require(permissions.may_take_step(request.user, agreement, action))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something went wrong: reload the page and try again."))
        return redirect(agreement.get_absolute_url())
    try:
        services.agreement_transition(
            agreement=agreement,
            action=action,
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, TRANSITION_MESSAGES[action])
    return redirect(agreement.get_absolute_url())


TRANSITION_MESSAGES = {
    "propose": gettext_lazy("The agreement has been proposed; the parties have been notified."),
    "withdraw": gettext_lazy("The agreement is a draft again."),
    "start": gettext_lazy("The agreement is now in progress."),
    "realise": gettext_lazy("The agreement has been marked as realised."),
    "lapse": gettext_lazy("The agreement has lapsed."),
}


def agreement_answer(request, pk):
    # Only a director of a party answers, and only for their own organisation.
    agreement = permissions.get_agreement_for_answering(
        request.user, pk, selectors.agreement_detail_queryset()
    )
    answering = permissions.answering_organisation_ids(request.user, agreement)
    open_ids = permissions.unanswered_organisation_ids(request.user, agreement)
    if not open_ids and request.method == "GET":
        messages.info(request, _("There is nothing for you to confirm in this agreement now."))
        return redirect(agreement.get_absolute_url())
    organisations = Organisation.objects.filter(pk__in=open_ids or answering).order_by("name")
    form = AnswerForm(
        request.POST or None, organisations=organisations, version_number=agreement.revision
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_answer(
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                version_number=form.cleaned_data["version_number"],
            )
        except services.AgreementError as error:
            # Show the version as it is now: an answer has to be given to that one.
            agreement = permissions.get_agreement_for_reading(
                request.user, pk, selectors.agreement_detail_queryset()
            )
            form.add_error(None, str(error))
            data = form.data.copy()
            data["version_number"] = agreement.revision
            form.data = data
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your answer has been recorded."))
            return redirect(agreement.get_absolute_url())
    versions = list(agreement.versions.all())
    return render(
        request,
        "agenda/agreement_answer.html",
        {
            "agreement": agreement,
            "form": form,
            "version": versions[0] if versions else None,
            "answers": selectors.party_answers(agreement),
        },
    )


def progress_create(request, pk):
    agreement = permissions.get_agreement_for_progress(
        request.user, pk, selectors.agreement_list().select_related("theme__agenda")
    )
    organisations = Organisation.objects.filter(
        pk__in=permissions.progress_organisation_ids(request.user, agreement)
    ).order_by("name")
    form = ProgressForm(
        request.POST or None,
        agreement=agreement,
        organisations=organisations,
        organisation_required=permissions.must_name_progress_organisation(request.user),
    )
    return form_page(
        request,
        form,
        save=lambda: services.progress_update_create(
            agreement=agreement, by=request.user, **model_changes(form)
        ),
        title=_("Report progress"),
        intro=_("How is “%(title)s” going? The latest update sets the agreement's health.")
        % {"title": agreement.title},
        trail=[
            (_("Agreements"), reverse("agenda:agreement_list")),
            crumb_to(agreement),
        ],
        cancel_url=agreement.get_absolute_url(),
        message=_("The progress update has been saved."),
        next_url=agreement.get_absolute_url(),
        refusals=(services.AgreementError,),
    )


# Meetings


@permission_required(permissions.can_manage_agenda)
def meeting_create(request, pk):
    agenda = get_object_or_404(Agenda, pk=pk)
    form = MeetingForm(
        request.POST or None,
        instance=Meeting(agenda=agenda, created_by=request.user),
        agenda=agenda,
    )
    return form_page(
        request,
        form,
        save=lambda: services.meeting_save(meeting=form.instance, **model_changes(form)),
        title=_("New meeting"),
        trail=[crumb_to(agenda)],
        cancel_url=agenda.get_absolute_url(),
        message=_("The meeting has been saved."),
    )


@permission_required(permissions.can_manage_agenda)
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("agenda"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, agenda=meeting.agenda)
    return form_page(
        request,
        form,
        save=lambda: services.meeting_save(meeting=meeting, **edits(form)),
        title=_("Edit %(name)s") % {"name": meeting.title},
        crumb=_("Edit"),
        trail=[
            crumb_to(meeting.agenda),
            crumb_to(meeting),
        ],
        cancel_url=meeting.get_absolute_url(),
        message=_("The meeting has been saved."),
    )


@permission_required(permissions.can_read_agenda)
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meeting_detail_queryset(), pk=pk)
    return render(
        request,
        "agenda/meeting_detail.html",
        {
            "meeting": meeting,
            "can_manage": permissions.can_manage_agenda(request.user),
            "history": history_entries(meeting, limit=10),
        },
    )


@permission_required(permissions.can_manage_agenda)
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("agenda"), pk=pk)
    form = MeetingDecisionForm(request.POST or None, agenda=meeting.agenda)
    return form_page(
        request,
        form,
        save=lambda: services.meeting_decision_create(
            meeting=meeting, by=request.user, **model_changes(form)
        ),
        title=_("New decision"),
        trail=[
            crumb_to(meeting.agenda),
            crumb_to(meeting),
        ],
        cancel_url=meeting.get_absolute_url(),
        message=_("The decision has been saved."),
        next_url=meeting.get_absolute_url(),
    )

"""The budgets app: funding streams, pooled budgets (ontschotting), allocations and the account per
stream; it adds the money behind them to the pages of organisations, kindcentra and agreements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from budgets.permissions import (
    can_read_allocations,
    can_read_budgets,
    can_read_organisation_allocations,
)
from kindportaal.choices import ChoiceSource
from kindportaal.navigation import HomePanel, NavItem, ObjectPanel
from kindportaal.permissions import is_partner_director


def _streams():
    from budgets.models import FundingStream

    return FundingStream.objects.order_by("-year", "code")


def _panel_context(field):
    def context(request, obj):
        from budgets.panels import allocations_panel

        return allocations_panel(request, field=field, obj=obj)

    return context


def _goal_context(request, goal):
    from budgets.panels import goal_panel

    return goal_panel(request, goal)


def _home_context(request):
    from budgets.panels import home_panel

    return home_panel(request)


def _reads_allocations(user, obj):
    # On kindcentra and agreements, partner directors see only their own organisations' part.
    return can_read_allocations(user)


def _object_panel(model, field, visible):
    return ObjectPanel(
        model=model,
        template_name="budgets/panels/allocations.html",
        context=_panel_context(field),
        order=400,
        visible=visible,
    )


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")
    navigation = [
        NavItem(
            label=_("Budgets"), url_name="budgets:overview", order=400, visible=can_read_budgets
        ),
        NavItem(
            label=_("Our allocations"),
            url_name="budgets:allocation_list",
            order=400,
            visible=is_partner_director,
        ),
    ]
    home_panels = [
        HomePanel(
            template_name="budgets/panels/home.html",
            order=400,
            visible=can_read_allocations,
            context=_home_context,
        )
    ]
    # Funding streams (about 300 at city scale) are chosen by typing part of their code or name.
    choice_sources = [
        ChoiceSource(
            model="budgets.FundingStream",
            queryset=_streams,
            search_fields=("code", "name"),
            allowed=can_read_budgets,
        )
    ]
    # The money behind an organisation, a kindcentrum and an agreement, on their own pages.
    object_panels = [
        _object_panel("partners.Organisation", "organisation", can_read_organisation_allocations),
        _object_panel("kindcentra.Kindcentrum", "kindcentrum", _reads_allocations),
        _object_panel("agenda.Agreement", "agreement", _reads_allocations),
        # The pooled budgets that serve a goal of the agenda.
        ObjectPanel(
            model="agenda.Goal",
            template_name="budgets/panels/goal.html",
            context=_goal_context,
            order=400,
            visible=lambda user, goal: can_read_budgets(user),
        ),
    ]

"""The dashboard's filters: a period (an LEA period or one year), a wijk and a theme, read from the
URL so a view can be shared. A value that is not understood falls back to the default and is
named on the page; it never fails."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Agenda
from budgets.selectors import budget_years
from kindportaal.listing import with_empty_choice
from kindportaal.models import Wijk
from reports.selectors import Scope

AGENDA_PREFIX = "lea-"
MAP_PARAMETER = "kaart"  # what the map of the wijken shows (reports.overview.MAP_MEASURES)
# Every query parameter read_filters() reads (the dashboard's pages are kept by @cached_page).
DASHBOARD_PARAMS = ("period", "wijk", "theme", MAP_PARAMETER)
DEFAULT_MEASURE = "vve"


class DashboardFilterForm(forms.Form):
    """The filter form as the page shows it: unbound, set to what is shown."""

    show_optional = False  # every filter is optional; the labels do not say so

    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    wijk = forms.ChoiceField(label=gettext_lazy("Wijk"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)

    def __init__(self, *, periods, wijken, themes, **kwargs):
        super().__init__(**kwargs)
        self.fields["period"].choices = periods
        self.fields["wijk"].choices = [(w.pk, w.name) for w in wijken]
        self.fields["theme"].choices = themes
        with_empty_choice(self.fields["wijk"])
        with_empty_choice(self.fields["theme"])


def agenda_label(agenda):
    return _("LEA %(first)s–%(last)s") % {"first": agenda.start_year, "last": agenda.end_year}


def _option_label(agenda):
    if agenda.is_current:
        return _("%(period)s (current)") % {"period": agenda_label(agenda)}
    return agenda_label(agenda)


@dataclass
class Filters:
    scope: Scope
    form: DashboardFilterForm
    ignored: list  # the labels of filters whose value was not understood

    def query(self, **changes):
        """The query string of these filters (as shown), with `changes` applied."""
        values = {
            "period": self.form.initial.get("period", ""),
            "wijk": self.form.initial.get("wijk", ""),
            "theme": self.form.initial.get("theme", ""),
            MAP_PARAMETER: ""
            if self.scope.map_measure == DEFAULT_MEASURE
            else self.scope.map_measure,
            **changes,
        }
        return urlencode({key: value for key, value in values.items() if value not in ("", None)})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _period(value, agendas, years):
    """(agenda or None, years, label, the value as shown) for the requested period."""
    by_value = {f"{AGENDA_PREFIX}{agenda.pk}": agenda for agenda in agendas}
    if value in by_value:
        agenda = by_value[value]
        years_of = tuple(range(agenda.start_year, agenda.end_year + 1))
        return agenda, years_of, agenda_label(agenda), value
    year = _int(value)
    if year in years:
        covering = [agenda for agenda in agendas if agenda.start_year <= year <= agenda.end_year]
        agenda = next((a for a in covering if a.is_current), covering[0] if covering else None)
        return agenda, (year,), str(year), str(year)
    return None


def read_filters(query, *, wijk=None):
    """The filters asked for in `query` (request.GET); `wijk` when the page is that wijk's own."""
    today = timezone.localdate()
    agendas = list(Agenda.objects.order_by("-start_year", "pk"))
    years = sorted(
        {
            *budget_years(),
            *(year for a in agendas for year in range(a.start_year, a.end_year + 1)),
            today.year,
        },
        reverse=True,
    )
    wijken = tuple(
        # With what the places outlook reads of them (housing.selectors.capacity_facts).
        Wijk.objects.order_by("name").only(
            "pk", "name", "children_0_4", "children_4_12", "reference_year"
        )
    )
    ignored = []
    # As agenda.selectors.current_agenda() chooses, from the periods already at hand.
    current = next((a for a in agendas if a.is_current), agendas[0] if agendas else None)
    default = f"{AGENDA_PREFIX}{current.pk}" if current else str(today.year)
    requested = query.get("period") or default
    period = _period(requested, agendas, years)
    if period is None:
        ignored.append(_("Period"))
        period = _period(default, agendas, years)
    agenda, period_years, label, period_value = period

    if wijk is None and query.get("wijk"):
        wijk = next((w for w in wijken if str(w.pk) == query["wijk"]), None)
        if wijk is None:
            ignored.append(_("Wijk"))

    themes = list(agenda.themes.order_by("order", "title")) if agenda else []
    theme = None
    if query.get("theme"):
        theme = next((t for t in themes if str(t.pk) == query["theme"]), None)
        if theme is None:
            ignored.append(_("Theme"))

    form = DashboardFilterForm(
        periods=[
            (_("LEA periods"), [(f"{AGENDA_PREFIX}{a.pk}", _option_label(a)) for a in agendas]),
            (_("Years"), [(str(year), str(year)) for year in years]),
        ]
        if agendas
        else [(str(year), str(year)) for year in years],
        wijken=wijken,
        themes=[(t.pk, t.title) for t in themes],
        initial={
            "period": period_value,
            "wijk": wijk.pk if wijk else "",
            "theme": theme.pk if theme else "",
        },
    )
    scope = Scope(
        label=label,
        years=period_years,
        agenda=agenda,
        wijken=wijken,
        themes=tuple(themes),
        wijk=wijk,
        theme=theme,
        today=today,
        map_measure=query.get(MAP_PARAMETER) or DEFAULT_MEASURE,
    )
    return Filters(scope=scope, form=form, ignored=ignored)

"""Places against children of one wijk over the years as charts (kindportaal.charts), for the
wijk's page and the LEA document."""

from django.utils.translation import gettext as _

from kindportaal.charts import Chart, Series


def places_chart(wijk_name, rows, *, school) -> Chart | None:
    """A line of places with the plan and one of places needed by the norm, per year."""
    if not rows:
        return None
    if school:
        title = _("School places in %(wijk)s") % {"wijk": wijk_name}
        places = [row.school_places for row in rows]
        needed = [row.school_needed for row in rows]
        description = _(
            "School places with the projects of the plan, against the places the norm asks for "
            "the children 4–12, from %(first)s to %(last)s."
        )
    else:
        title = _("Childcare places in %(wijk)s") % {"wijk": wijk_name}
        places = [row.childcare_places for row in rows]
        needed = [row.childcare_needed for row in rows]
        description = _(
            "Childcare places with the projects of the plan, against the places the norm asks "
            "for the children 0–4, from %(first)s to %(last)s."
        )
    return Chart(
        title=title,
        description=description % {"first": rows[0].year, "last": rows[-1].year},
        categories=[str(row.year) for row in rows],
        series=[Series(_("Places"), places), Series(_("Needed by the norm"), needed)],
        kind="line",
        y_min=0,
        decimals=0,
    )

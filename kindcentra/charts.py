"""A kindcentrum's development over the years as a chart: the six dimensions of its yearly
self-assessments, drawn by kindportaal.charts for the page and, later, the LEA document."""

from django.utils.translation import gettext as _

from kindcentra.models import Dimension
from kindportaal.charts import Chart, Series


def development_chart(kindcentrum, self_assessments) -> Chart | None:
    """A line per dimension over the years; None when there is no self-assessment yet."""
    self_assessments = sorted(self_assessments, key=lambda assessment: assessment.year)
    if not self_assessments:
        return None
    years = [assessment.year for assessment in self_assessments]
    return Chart(
        title=_("Development of %(name)s") % {"name": kindcentrum.name},
        description=_(
            "The scores of the yearly self-assessment from %(first)s to %(last)s on six "
            "dimensions, each from 1 (beginning) to 4 (fully realised)."
        )
        % {"first": years[0], "last": years[-1]},
        categories=[str(year) for year in years],
        series=[
            Series(
                str(label),
                [getattr(assessment, f"{dimension}_score") for assessment in self_assessments],
            )
            for dimension, label in Dimension.choices
        ],
        kind="line",
        y_min=1,
        y_max=4,
        decimals=0,
    )

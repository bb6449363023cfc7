"""Template filters of the housing pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def gap(value):
    """Places to spare or too few, as a cell of the places tables shows them (a filter, not an
    include: the tables show four of them per wijk)."""
    if value is None:
        return "—"
    if value < 0:
        return format_html(
            '<strong class="kp-gap kp-gap--short">{}</strong>',
            _("%(count)s too few") % {"count": f"{-value:d}"},
        )
    return format_html(
        '<span class="kp-gap">{}</span>', _("%(count)s to spare") % {"count": f"{value:d}"}
    )

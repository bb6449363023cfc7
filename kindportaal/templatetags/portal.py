"""Template tags every app's templates use; loaded as a builtin, so no {% load %} is needed."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.inclusion_tag("components/crumb.html", takes_context=True)
def crumb(context, label, url=None):
    """One step of the breadcrumb trail; without a URL it is the current page."""
    return {"label": label, "url": url, "request": context.get("request")}


@register.filter
def euro(value, decimals=2):
    """An amount in Dutch notation: € 1.234.567,89 (and € -12,50 for a negative amount)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return "€\u00a0" + number_format(
        amount, decimal_pos=int(decimals), use_l10n=True, force_grouping=True
    )

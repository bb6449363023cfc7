"""How the portal writes values for people: Dutch amounts, percentages, dates and yes/no. Pages
use these through the template filters of kindportaal.templatetags.portal; services and documents
(notifications, the LEA, exports) call them here."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def euro(value, decimals=2):
    """An amount in Dutch notation: € 1.234.567,89 (and € -12,50 for a negative amount)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return "€\u00a0" + number_format(
        amount, decimal_pos=int(decimals), use_l10n=True, force_grouping=True
    )


def percent(value, decimals=0):
    """A percentage in Dutch notation: 42 %, 12,5 %."""
    if value is None or value == "":
        return ""
    return f"{number_format(Decimal(value), decimal_pos=int(decimals), use_l10n=True)}\u00a0%"


def display_value(value, kind="text"):
    """A value as the portal shows it: Dutch amounts, dates and yes/no."""
    if value is None or value == "":
        return "—"
    if kind == "money":
        return euro(value)
    if kind == "percent":
        return percent(value, 1 if isinstance(value, Decimal) and value % 1 else 0)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        value = timezone.localtime(value)
        return f"{_long_date(value)} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return _long_date(value)
    if isinstance(value, Decimal | float):
        return number_format(
            value, decimal_pos=2 if kind == "decimal" else None, use_l10n=True, force_grouping=True
        )
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _long_date(value):
    """Django's date format "j F Y" (1 maart 2026), written directly: a list has a date in every
    row, and the template filter's general formatter took most of a cell's time."""
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"

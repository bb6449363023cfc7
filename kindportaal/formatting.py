"""How the portal writes values for people: Dutch amounts, percentages, dates and yes/no. Pages
use these through the template filters of kindportaal.templatetags.portal; services and documents
(notifications, the LEA, exports) call them here."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_ZERO = Decimal(0)


@cache
def _separators(language):
    """The decimal and thousand separators and the grouping of `language`, looked up once."""
    return (
        get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        get_format("NUMBER_GROUPING", language, use_l10n=True),
    )


def number(value, decimals=None):
    """A number in the language's notation with thousands grouped (1.234.567,8 in Dutch), as
    Django's `number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)`
    writes it — `decimals` cut off, not rounded — but with the separators looked up once: the
    dashboard writes thousands of numbers, and Django looks up three formats for each."""
    decimal_sep, thousand_sep, grouping = _separators(get_language())
    if isinstance(value, Decimal):
        if decimals is not None and abs(value) < Decimal(1).scaleb(-max(decimals, 1)):
            value = _ZERO  # too small for any decimal shown, so no "-0"
        text = f"{value:f}"
    elif isinstance(value, int):
        text = str(value)
    else:
        text = ""
    if not text or len(text) > 200 or not isinstance(grouping, int):
        # Floats, strings, enormous numbers and irregular groupings: Django's own way.
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    int_part, _point, dec_part = text.partition(".")
    if decimals is not None:
        dec_part = dec_part[:decimals].ljust(decimals, "0")
    if grouping > 0 and len(int_part) > grouping:
        first = len(int_part) % grouping or grouping
        int_part = thousand_sep.join(
            [int_part[:first]]
            + [int_part[i : i + grouping] for i in range(first, len(int_part), grouping)]
        )
    return sign + int_part + (decimal_sep + dec_part if dec_part else "")


def euro(value, decimals=2):
    """An amount in Dutch notation: € 1.234.567,89 (and € -12,50 for a negative amount)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return "€\u00a0" + number(amount, int(decimals))


def percent(value, decimals=0):
    """A percentage in Dutch notation: 42 %, 12,5 %."""
    if value is None or value == "":
        return ""
    return f"{number(Decimal(value), int(decimals))}\u00a0%"


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
        return number(value, 2 if kind == "decimal" else None)
    if isinstance(value, int):
        return number(value)
    return str(value)


def _long_date(value):
    """Django's date format "j F Y" (1 maart 2026), written directly: a list has a date in every
    row, and the template filter's general formatter took most of a cell's time."""
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"

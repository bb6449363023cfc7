"""How the portal writes values for people: Dutch amounts, percentages, dates and yes/no. Pages
use these through the template filters of kindportaal.templatetags.portal; services and documents
(notifications, the LEA, exports) call them here."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# One step per number of decimals an amount is shown with: 1, 0.1, 0.01.
_STEPS = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(3)}
_SEPARATORS = {}


def _separators(language):
    """Python's grouping separators as `language` writes them, or None when it does not group by
    threes. Looked up once per language: pages format thousands of amounts."""
    if language not in _SEPARATORS:
        grouping = get_format("NUMBER_GROUPING", language)
        _SEPARATORS[language] = (
            str.maketrans(
                {
                    ",": get_format("THOUSAND_SEPARATOR", language),
                    ".": get_format("DECIMAL_SEPARATOR", language),
                }
            )
            if grouping == 3
            else None
        )
    return _SEPARATORS[language]


@receiver(setting_changed)
def _forget_separators(**kwargs):
    _SEPARATORS.clear()


def euro(value, decimals=2):
    """An amount in Dutch notation: € 1.234.567,89 (and € -12,50 for a negative amount)."""
    if value is None or value == "":
        return ""
    decimals = int(decimals)
    step = _STEPS.get(decimals) or Decimal(1).scaleb(-decimals)
    amount = Decimal(value).quantize(step, rounding=ROUND_HALF_UP)
    if not amount:
        amount = abs(amount)  # € 0,00, never € -0,00 (as number_format writes it)
    return "€\u00a0" + _grouped(amount, decimals)


def _grouped(number, decimals=None):
    """An int, or a Decimal to `decimals` places, with its thousands grouped: the text of
    number_format(..., force_grouping=True), made by Python's own grouping."""
    separators = _separators(get_language())
    if separators is None:
        return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return format(number, ",d" if decimals is None else f",.{decimals}f").translate(separators)


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
        return date_filter(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_filter(value, "j F Y")
    if isinstance(value, Decimal | float):
        return number_format(
            value, decimal_pos=2 if kind == "decimal" else None, use_l10n=True, force_grouping=True
        )
    if isinstance(value, int):
        return _grouped(value)
    return str(value)

"""How the analyses' statistics are shown: one way everywhere (issue 13 found p-values as
`6.496e-246` beside `0,0000`)."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

#: Below this a p-value is shown as "< 0,0001": more digits say nothing an analyst can use.
SMALLEST_P = 0.0001


@register.filter
def p_value(value):
    """A p-value with four decimals in the reader's locale, "< 0,0001" below that."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        return "–"
    if p != p:  # NaN: not computed for this cell
        return "–"
    if p < SMALLEST_P:
        return f"< {floatformat(SMALLEST_P, 4)}"
    return floatformat(p, 4)

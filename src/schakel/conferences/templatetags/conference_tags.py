"""Template tags for showing a case's conferences on the case page (see `_case_conferences.html`)."""

from django import template

from schakel.conferences import selectors

register = template.Library()


@register.simple_tag
def case_conferences(user, case) -> dict:
    """The conferences `case` was on (with visibility per conference) and where it may go next."""
    return selectors.case_conferences(user, case)

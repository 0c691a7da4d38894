"""Showing audit entries as people read them."""

from django import template

from schakel.organisations.models import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The role's name as the UI shows it (the entry keeps the code stored at the time)."""
    return Role(code).label if code in Role.values else code

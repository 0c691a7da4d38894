"""Template helpers for the action plan partial on the case page.

The case page's view does not know about plan forms, so the partial asks for them here; who may
report on an intervention is still decided by `access.policy`.
"""

from django import template

from schakel.access import policy
from schakel.organisations.models import DataCategory

from ..forms import GoalForm, InterventionForm, InterventionUpdateForm

register = template.Library()


@register.filter
def can_report(intervention, user) -> bool:
    """`{% if intervention|can_report:user %}`: may this user record progress and result?"""
    return policy.can_report_on_intervention(user, intervention)


@register.simple_tag
def plan_forms(case) -> dict:
    """`{% plan_forms case as forms %}`: empty forms to add a goal and an intervention."""
    return {"goal": GoalForm(), "intervention": InterventionForm(case=case)}


@register.simple_tag
def intervention_update_form(intervention) -> InterventionUpdateForm:
    """`{% intervention_update_form intervention as form %}` (fields prefixed with its pk)."""
    return InterventionUpdateForm(intervention=intervention)


@register.filter
def category_labels(categories) -> str:
    """['justice', 'tax'] -> 'Justice, Tax'."""
    return ", ".join(
        str(DataCategory(c).label) if c in DataCategory.values else str(c) for c in categories
    )


@register.simple_tag
def reportable_interventions(interventions, user) -> list:
    """The open interventions among `interventions` this user may report progress on."""
    return [i for i in interventions if i.is_open and can_report(i, user)]

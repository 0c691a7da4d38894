"""The open work of an action plan, for `cases.closing`: running interventions and goals not
yet achieved. Ending a case cancels such an intervention and ends such a goal unachieved, each
with a history line in its own category; the case service records the reason given for it."""

from functools import partial

from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.cases.closing import OpenItem
from schakel.organisations.models import DataCategory

from .models import ActionPlan
from .services import (
    _history_category,
    _history_name,
    cancel_intervention_on_case_end,
    end_goal_on_case_end,
)
from .workflow import OPEN_INTERVENTION_STATUSES


def open_work(case, user) -> list[OpenItem]:
    plan = ActionPlan.objects.filter(case=case).first()
    if plan is None:
        return []
    items = []
    interventions = (
        plan.interventions.filter(status__in=OPEN_INTERVENTION_STATUSES)
        .select_related("type", "owner_organisation", "plan__case")
        .order_by("deadline", "pk")
    )
    for intervention in interventions:
        category = _history_category(intervention)
        readable = policy.may_read_category(user, category)
        name = _history_name(intervention) if readable else _("an intervention of a partner")
        items.append(
            OpenItem(
                key=f"intervention-{intervention.pk}",
                label=_("Intervention %(name)s") % {"name": name},
                named=(
                    _("intervention %(name)s") % {"name": intervention.type.name}
                    if category == DataCategory.GENERAL
                    else _("an intervention")
                ),
                end=partial(cancel_intervention_on_case_end, intervention),
            )
        )
    for goal in plan.goals.filter(achieved=False, ended_at__isnull=True).order_by("pk"):
        items.append(
            OpenItem(
                key=f"goal-{goal.pk}",
                label=_("Goal %(goal)s") % {"goal": goal.description},
                named=_("goal %(goal)s") % {"goal": goal.description},
                end=partial(end_goal_on_case_end, goal),
            )
        )
    return items

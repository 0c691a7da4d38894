"""The open work of an action plan, for `cases.closing`: running interventions and goals not
yet achieved. Ending a case cancels such an intervention and ends such a goal unachieved, each
with a history line in its own category; the case service records the reason given for it."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.audit.services import record, record_status_change
from schakel.cases.closing import OpenItem
from schakel.organisations.models import DataCategory

from .models import ActionPlan, Goal, Intervention
from .services import _history_category, _history_name, _log
from .workflow import OPEN_INTERVENTION_STATUSES, InterventionStatus


def _cancel_on_closing(intervention: Intervention, by) -> None:
    previous = intervention.status
    intervention.status = InterventionStatus.CANCELLED
    intervention.result = _("Cancelled on closing the case.")
    intervention.save(update_fields=["status", "result"])
    case = intervention.plan.case
    _log(
        case,
        by,
        _("Intervention %(name)s cancelled on closing the case")
        % {"name": _history_name(intervention)},
        _history_category(intervention),
    )
    record_status_change(
        by, intervention, previous, InterventionStatus.CANCELLED, context=f"casus {case.pk}"
    )


def _end_goal_on_closing(goal: Goal, by) -> None:
    goal.ended_at = timezone.now()
    goal.save(update_fields=["ended_at"])
    case = goal.plan.case
    _log(case, by, _("Goal ended without being achieved on closing the case"))
    record(by, AuditAction.CHANGE, obj=goal, detail=f"casus {case.pk} beëindigd bij afsluiten")


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
                end=partial(_cancel_on_closing, intervention),
            )
        )
    for goal in plan.goals.filter(achieved=False, ended_at__isnull=True).order_by("pk"):
        items.append(
            OpenItem(
                key=f"goal-{goal.pk}",
                label=_("Goal %(goal)s") % {"goal": goal.description},
                named=_("goal %(goal)s") % {"goal": goal.description},
                end=partial(_end_goal_on_closing, goal),
            )
        )
    return items

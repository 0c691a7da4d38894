"""Hot-spot plans: who may open and direct them, and the progress of their goals."""

import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from schakel.access import policy
from schakel.analytics.goals import GoalProgress, GoalRule, goal_progress
from schakel.areas.models import JointInspection
from schakel.cases.models import Case
from schakel.plans.models import Intervention

from ..models import HotspotPlan, PlanGoal
from .areas import require_area_approach
from .incidents import AreaIncidents, area_incidents, count_incidents


def plans_for(user):
    if not policy.may_use_area_approach(user):
        return HotspotPlan.objects.none()
    return HotspotPlan.objects.select_related("area", "coordinator", "host_organisation")


def get_plan(user, pk) -> HotspotPlan:
    require_area_approach(user)
    try:
        return plans_for(user).get(pk=pk)
    except (HotspotPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def goal_progress_for(
    goal: PlanGoal, incidents: AreaIncidents, today: datetime.date | None = None
) -> GoalProgress:
    """Baseline count against the count so far in the measurement period (as rates per day)."""
    today = today or timezone.localdate()
    measured_until = min(goal.measure_end, today - datetime.timedelta(days=1))
    current_days = (measured_until - goal.measure_start).days + 1
    current = (
        count_incidents(incidents, goal.measure_start, measured_until, goal.incident_category)
        if current_days > 0
        else 0
    )
    return goal_progress(
        baseline_count=count_incidents(
            incidents, goal.baseline_start, goal.baseline_end, goal.incident_category
        ),
        baseline_days=(goal.baseline_end - goal.baseline_start).days + 1,
        current_count=current,
        current_days=current_days,
        target_percent=goal.target_percent,
        rule=GoalRule(
            min_days=settings.SCHAKEL_GOAL_MIN_DAYS,
            min_expected=settings.SCHAKEL_GOAL_MIN_EXPECTED,
        ),
    )


def goals_with_progress(plan: HotspotPlan, today: datetime.date | None = None) -> list[dict]:
    goals = list(plan.goals.all())
    if not goals:
        return []
    since = min(min(g.baseline_start, g.measure_start) for g in goals)
    incidents = area_incidents(
        plan.area,
        since=timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)),
    )
    return [{"goal": g, "progress": goal_progress_for(g, incidents, today)} for g in goals]


def plan_interventions(user, plan: HotspotPlan):
    """The interventions on the plan's hot-spot cases that the user may see."""
    return (
        Intervention.objects.visible_to(user)
        .filter(plan__case__in=plan.cases.all())
        .select_related("type", "owner_organisation", "plan__case")
        .order_by("deadline")
    )


def plan_overview(user, plan: HotspotPlan) -> dict:
    cases = Case.objects.visible_to(user).filter(hotspot_plans=plan).select_related("level")
    return {
        "goals": goals_with_progress(plan),
        "partners": list(plan.partners.all()),
        "cases": list(cases.order_by("reference")),
        "hidden_case_count": plan.cases.count() - cases.count(),
        "interventions": list(plan_interventions(user, plan)[:100]),
        "inspections": list(
            JointInspection.objects.visible_to(user).filter(plan=plan).order_by("-planned_for")
        ),
        "inspection_count": plan.inspections.count(),
        "can_direct": directs_plan(user, plan),
    }


def directs_plan(user, plan: HotspotPlan) -> bool:
    return policy.can_direct_area_approach(user) and (
        plan.coordinator_id == user.pk or plan.host_organisation_id == user.organisation_id
    )

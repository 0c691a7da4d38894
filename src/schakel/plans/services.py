"""Every change to an action plan: goals, interventions, adoption, execution, progress reports.

Plans and interventions change status along `workflow.py`, each step through its named action
(`adopt_plan`, `start_intervention`, `complete_intervention`, `cancel_intervention`).

Each function checks the access policy, validates, writes in one transaction, appends a line to
the case history (kind PLAN) and records an audit entry. A history line about an intervention
carries the intervention's data category (or, for a general one, the category its owner's
involvement reveals), so partners read it only in their categories; it never carries an
intervention's description or result.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction
from schakel.audit.services import record, record_status_change
from schakel.cases.models import Case, CaseEvent
from schakel.cases.services import add_history, advance_to
from schakel.cases.workflow import CaseStatus
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify
from schakel.organisations.models import DataCategory, Organisation

from .models import ActionPlan, Goal, Intervention, InterventionType
from .workflow import (
    OPEN_INTERVENTION_STATUSES,
    ActionPlanStatus,
    InterventionStatus,
    require_intervention_transition,
    require_plan_transition,
)


def _log(case: Case, by, description: str, category: str = DataCategory.GENERAL) -> None:
    add_history(case, by=by, kind=CaseEvent.Kind.PLAN, description=description, category=category)


def _history_category(intervention: Intervention) -> str:
    """What a history line about this intervention reveals: its own category, or that of its
    owner's involvement (a general intervention done by a care provider reveals care)."""
    if intervention.category != DataCategory.GENERAL:
        return intervention.category
    return intervention.owner_organisation.involvement_category


def _history_name(intervention: Intervention) -> str:
    """How an intervention is named in its (categorised) history line."""
    if intervention.category == DataCategory.GENERAL:
        return intervention.type.name
    return _("%(name)s (%(category)s)") % {
        "name": intervention.type.name,
        "category": DataCategory(intervention.category).label,
    }


def _history_owner(intervention: Intervention, category: str) -> str:
    """The owner by name, unless its involvement reveals another category than the line's."""
    owner = intervention.owner_organisation
    if owner.involvement_category in {DataCategory.GENERAL, category}:
        return owner.name
    return policy.a_partner()


def _require_manager(case: Case, by) -> None:
    require(policy.can_manage_case(by, case), _("You may not change the action plan of this case."))
    if not case.is_open:
        raise ValidationError(_("This case is closed."))


def _plan_for(case: Case, by) -> ActionPlan:
    plan, created = ActionPlan.objects.get_or_create(case=case)
    if created:
        _log(case, by, _("Action plan started"))
        record(by, AuditAction.CREATE, obj=plan, detail=f"casus {case.pk}")
    return plan


@transaction.atomic
def add_goal(case: Case, by, description: str) -> Goal:
    _require_manager(case, by)
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Describe the goal."))
    max_length = Goal._meta.get_field("description").max_length
    if len(description) > max_length:
        raise ValidationError(_("Keep the goal under %(max)s characters.") % {"max": max_length})
    plan = _plan_for(case, by)
    goal = Goal.objects.create(plan=plan, description=description)
    _log(case, by, _("Goal added to the action plan"))
    record(by, AuditAction.CREATE, obj=goal, detail=f"casus {case.pk}")
    return goal


@transaction.atomic
def mark_goal_achieved(goal: Goal, by, achieved: bool = True) -> Goal:
    """Record that a goal of the plan has (or, on second thought, has not) been achieved."""
    case = goal.plan.case
    _require_manager(case, by)
    if goal.achieved == achieved:
        return goal
    goal.achieved = achieved
    goal.save(update_fields=["achieved"])
    _log(case, by, _("Goal marked as achieved") if achieved else _("Goal marked as not achieved"))
    record(by, AuditAction.CHANGE, obj=goal, detail=f"casus {case.pk} behaald={achieved}")
    return goal


def _takes_part(case: Case, organisation: Organisation) -> bool:
    return (
        organisation.pk == case.host_organisation_id
        or case.participations.filter(organisation=organisation, ended_at__isnull=True).exists()
    )


@transaction.atomic
def add_intervention(
    case: Case,
    by,
    type: InterventionType,  # named after the model field
    owner_organisation: Organisation,
    deadline: datetime.date | None = None,
    owner=None,
    goal: Goal | None = None,
    description: str = "",
    today: datetime.date | None = None,
) -> Intervention:
    """Plan an intervention from the catalogue, owned by an organisation that takes part.

    The catalogue names the organisation kind that usually owns a type; another kind may own it
    (a municipality may, for instance, hand a care intervention to a care provider), so that is
    shown as help in the form but not enforced.
    """
    _require_manager(case, by)
    if not type.is_active:
        raise ValidationError(
            _("'%(type)s' is no longer in the intervention catalogue.") % {"type": type}
        )
    if not _takes_part(case, owner_organisation):
        raise ValidationError(
            _("%(org)s does not take part in this case. Invite it to the case first.")
            % {"org": owner_organisation}
        )
    if owner is not None and (
        owner.organisation_id != owner_organisation.pk or not owner.is_active
    ):
        raise ValidationError(
            _("The responsible professional must work at %(org)s.") % {"org": owner_organisation}
        )
    today = today or timezone.localdate()
    if deadline is None:
        deadline = today + datetime.timedelta(days=type.default_days)
    elif deadline < today:
        raise ValidationError(_("The deadline cannot lie in the past."))
    plan = _plan_for(case, by)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("Choose a goal of this case's action plan."))
    intervention = Intervention.objects.create(
        plan=plan,
        type=type,
        owner_organisation=owner_organisation,
        owner=owner,
        goal=goal,
        deadline=deadline,
        description=(description or "").strip(),
    )
    category = _history_category(intervention)
    _log(
        case,
        by,
        _("Intervention %(name)s planned for %(org)s")
        % {"name": _history_name(intervention), "org": _history_owner(intervention, category)},
        category,
    )
    record(
        by,
        AuditAction.CREATE,
        obj=intervention,
        detail=f"casus {case.pk} type {type.pk} organisatie {owner_organisation.pk}",
    )
    if owner is not None and owner.pk != by.pk:
        notify(
            [owner],
            kind=NotificationKind.INTERVENTION_ASSIGNED,
            link=reverse("cases:plan", args=[case.pk]),
            due=deadline,
        )
    return intervention


@transaction.atomic
def adopt_plan(case: Case, by) -> ActionPlan:
    """Adopt the plan in the case conference: the case moves on to 'plan adopted'.

    A plan that did not work goes back to the conference (execution → case conference) and can
    be adopted again there.
    """
    _require_manager(case, by)
    if case.status != CaseStatus.CONFERENCE:
        raise ValidationError(
            _("A plan is adopted in the case conference; this case is in '%(status)s'.")
            % {"status": CaseStatus(case.status).label}
        )
    plan = ActionPlan.objects.select_for_update().filter(case=case).first()
    if plan is None or not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before adopting the plan."))
    if not plan.interventions.exclude(status=InterventionStatus.CANCELLED).exists():
        raise ValidationError(_("Add at least one intervention before adopting the plan."))
    require_plan_transition(plan.status, ActionPlanStatus.ADOPTED)
    plan.status = ActionPlanStatus.ADOPTED
    plan.adopted_at = timezone.now()
    plan.save(update_fields=["status", "adopted_at"])
    _log(case, by, _("Action plan adopted"))
    record(by, AuditAction.CHANGE, obj=plan, detail=f"casus {case.pk} vastgesteld")
    advance_to(case, by=by, to_status=CaseStatus.PLAN_ADOPTED)
    case.refresh_from_db(fields=["status"])  # the caller's copy follows
    return plan


@transaction.atomic
def start_execution(case: Case, by) -> Case:
    _require_manager(case, by)
    plan = ActionPlan.objects.filter(case=case).first()
    if plan is None or plan.status != ActionPlanStatus.ADOPTED:
        raise ValidationError(_("Adopt the action plan before starting its execution."))
    if case.status != CaseStatus.PLAN_ADOPTED:
        raise ValidationError(
            _("Execution starts after the plan is adopted; this case is in '%(status)s'.")
            % {"status": CaseStatus(case.status).label}
        )
    _log(case, by, _("Execution of the action plan started"))
    record(by, AuditAction.CHANGE, obj=plan, detail=f"casus {case.pk} uitvoering")
    case = advance_to(case, by=by, to_status=CaseStatus.EXECUTION)
    return case


def _change_intervention(intervention: Intervention, by, *, to_status: str, result: str, now=None):
    """Write one step of `workflow.INTERVENTION_TRANSITIONS` (or, with the same status, only a
    new result), with its history line and audit entry. Whoever may report does it: the owner,
    the owning organisation or the case's managers. `now` is the moment of a completion (the
    wall clock unless given, e.g. by the demo)."""
    require(
        policy.can_report_on_intervention(by, intervention)
        and (
            policy.may_see_category(by, intervention.category)
            or intervention.owner_organisation_id == by.organisation_id
        ),
        _("You may not report on this intervention."),
    )
    intervention = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("type", "plan__case")
        .get(pk=intervention.pk)
    )
    case = intervention.plan.case
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if to_status != intervention.status or not intervention.is_open:
        require_intervention_transition(intervention.status, to_status)
    if to_status == InterventionStatus.DONE and not result:
        raise ValidationError(_("Describe the result before marking the intervention done."))
    if to_status == InterventionStatus.CANCELLED and not result:
        raise ValidationError(_("Give the reason for cancelling in the result."))
    previous = intervention.status
    intervention.status = to_status
    fields = ["status"]
    if result:
        intervention.result = result
        fields.append("result")
    if to_status == InterventionStatus.DONE:
        intervention.completed_at = now or timezone.now()
        fields.append("completed_at")
    intervention.save(update_fields=fields)
    name = _history_name(intervention)
    if to_status == InterventionStatus.DONE:
        description = _("Intervention %(name)s marked done") % {"name": name}
    elif to_status == InterventionStatus.CANCELLED:
        description = _("Intervention %(name)s cancelled") % {"name": name}
    else:
        description = _("Intervention %(name)s: %(status)s") % {
            "name": name,
            "status": InterventionStatus(to_status).label.lower(),
        }
    _log(case, by, description, _history_category(intervention))
    record_status_change(by, intervention, previous, to_status, context=f"casus {case.pk}")
    return intervention


@transaction.atomic
def start_intervention(intervention: Intervention, by, *, result: str = "") -> Intervention:
    """The work on a planned intervention has begun."""
    return _change_intervention(
        intervention,
        by,
        to_status=InterventionStatus.IN_PROGRESS,
        result=(result or "").strip(),
    )


@transaction.atomic
def complete_intervention(intervention: Intervention, by, *, result: str, now=None) -> Intervention:
    """The intervention is done; its result says what came of it."""
    return _change_intervention(
        intervention,
        by,
        to_status=InterventionStatus.DONE,
        result=(result or "").strip(),
        now=now,
    )


@transaction.atomic
def cancel_intervention(intervention: Intervention, by, *, reason: str) -> Intervention:
    """The intervention will not be carried out; the reason is kept as its result."""
    return _change_intervention(
        intervention,
        by,
        to_status=InterventionStatus.CANCELLED,
        result=(reason or "").strip(),
    )


@transaction.atomic
def report_progress(intervention: Intervention, by, *, result: str) -> Intervention:
    """A new result on an open intervention, without a change of status."""
    return _change_intervention(
        intervention,
        by,
        to_status=intervention.status,
        result=(result or "").strip(),
    )


def report_on_intervention(
    intervention: Intervention, by, *, status: str, result: str = ""
) -> Intervention:
    """What the progress form and the API send — the status wanted and a result — done by the
    named action for that step, or by `report_progress` when the status stays."""
    if status not in InterventionStatus.values:
        raise ValidationError(_("Choose a valid status."))
    if status == intervention.status:
        return report_progress(intervention, by, result=result)
    if status == InterventionStatus.IN_PROGRESS:
        return start_intervention(intervention, by, result=result)
    if status == InterventionStatus.DONE:
        return complete_intervention(intervention, by, result=result)
    if status == InterventionStatus.CANCELLED:
        return cancel_intervention(intervention, by, reason=result)
    # No step leads back to 'planned': the table refuses it.
    require_intervention_transition(intervention.status, status)
    raise AssertionError(f"no action leads to {status}")


@transaction.atomic
def reassign_intervention(intervention: Intervention, by, *, to) -> Intervention:
    """A team lead of the owning organisation hands an open intervention to a colleague there
    ("Mijn werk"); recorded in the case history and the audit log, and the colleague is told."""
    require(
        policy.leads_organisation_work(by)
        and by.organisation_id == intervention.owner_organisation_id,
        _("Only a team lead of the owning organisation can reassign this intervention."),
    )
    if not policy.may_reassign_work_to(by, to):
        raise ValidationError(_("Choose an active colleague of your own organisation."))
    if intervention.status not in OPEN_INTERVENTION_STATUSES:
        raise ValidationError(_("Only an open intervention can be reassigned."))
    previous = intervention.owner_id
    intervention.owner = to
    intervention.save(update_fields=["owner"])
    category = _history_category(intervention)
    _log(
        intervention.plan.case,
        by,
        _("Intervention %(name)s reassigned within %(org)s")
        % {"name": _history_name(intervention), "org": _history_owner(intervention, category)},
        category,
    )
    record(
        by,
        AuditAction.CHANGE,
        obj=intervention,
        detail=f"eigenaar {previous or '-'} -> {to.pk}",
    )
    if to.pk != by.pk:
        notify(
            [to],
            kind=NotificationKind.INTERVENTION_ASSIGNED,
            link=reverse("cases:plan", args=[intervention.plan.case_id]),
            due=intervention.deadline,
        )
    return intervention


def cancel_intervention_on_case_end(intervention: Intervention, by) -> None:
    """Cancel a running intervention because its case ends (the case service checks who may end
    the case and records the reason). Locked and read again first: one completed meanwhile by its
    owner keeps its result."""
    intervention = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("type", "plan__case")
        .get(pk=intervention.pk)
    )
    if not intervention.is_open:
        return
    previous = intervention.status
    require_intervention_transition(previous, InterventionStatus.CANCELLED)
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


def end_goal_on_case_end(goal: Goal, by) -> None:
    """End an open goal unachieved because its case ends (locked; one achieved meanwhile stays)."""
    goal = Goal.objects.select_for_update(of=("self",)).select_related("plan__case").get(pk=goal.pk)
    if goal.achieved or goal.ended_at is not None:
        return
    goal.ended_at = timezone.now()
    goal.save(update_fields=["ended_at"])
    case = goal.plan.case
    _log(case, by, _("Goal ended without being achieved on closing the case"))
    record(by, AuditAction.CHANGE, obj=goal, detail=f"casus {case.pk} beëindigd bij afsluiten")

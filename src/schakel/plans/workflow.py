"""The lifecycles of an action plan and of its interventions, each in one table.

A plan is drafted and adopted in the case conference; a plan that did not work goes back to the
conference with its case and is adopted again there. An intervention is planned, started, and
done or cancelled; a finished intervention stays so — a new one is planned instead. Reporting
progress without changing the status is not a step: `services.report_progress`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


P = ActionPlanStatus
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.ADOPTED}),
    P.ADOPTED: frozenset({P.ADOPTED}),  # adopted again after the case went back to the table
}

IS = InterventionStatus
INTERVENTION_TRANSITIONS: dict[str, frozenset[str]] = {
    IS.PLANNED: frozenset({IS.IN_PROGRESS, IS.DONE, IS.CANCELLED}),
    IS.IN_PROGRESS: frozenset({IS.DONE, IS.CANCELLED}),
    IS.DONE: frozenset(),
    IS.CANCELLED: frozenset(),
}


PLAN_WORKFLOW = Workflow(
    ActionPlanStatus,
    PLAN_TRANSITIONS,
    refused=_("An action plan cannot go from '%(from)s' to '%(to)s'."),
)
INTERVENTION_WORKFLOW = Workflow(
    InterventionStatus,
    INTERVENTION_TRANSITIONS,
    refused=_("An intervention cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This intervention is %(status)s and cannot be changed any more."),
)
OPEN_INTERVENTION_STATUSES = INTERVENTION_WORKFLOW.open_statuses
require_plan_transition = PLAN_WORKFLOW.require
can_transition_intervention = INTERVENTION_WORKFLOW.can
require_intervention_transition = INTERVENTION_WORKFLOW.require

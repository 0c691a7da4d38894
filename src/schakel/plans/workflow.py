"""The lifecycles of an action plan and of its interventions, each in one table.

A plan is drafted and adopted in the case conference; a plan that did not work goes back to the
conference with its case and is adopted again there. An intervention is planned, started, and
done or cancelled; a finished intervention stays so — a new one is planned instead. Reporting
progress without changing the status is not a step: `services.report_progress`.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


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
OPEN_INTERVENTION_STATUSES = frozenset(s for s, steps in INTERVENTION_TRANSITIONS.items() if steps)


def can_transition_plan(from_status: str, to_status: str) -> bool:
    return to_status in PLAN_TRANSITIONS.get(from_status, frozenset())


def can_transition_intervention(from_status: str, to_status: str) -> bool:
    return to_status in INTERVENTION_TRANSITIONS.get(from_status, frozenset())


def require_plan_transition(from_status: str, to_status: str) -> None:
    """Refuse a step of the plan that is not in the table."""
    if not can_transition_plan(from_status, to_status):
        raise ValidationError(
            gettext("An action plan cannot go from '%(from)s' to '%(to)s'.")
            % {"from": _label(P, from_status), "to": _label(P, to_status)}
        )


def require_intervention_transition(from_status: str, to_status: str) -> None:
    """Refuse a step of an intervention that is not in the table."""
    if can_transition_intervention(from_status, to_status):
        return
    if from_status not in OPEN_INTERVENTION_STATUSES:
        raise ValidationError(
            gettext("This intervention is %(status)s and cannot be changed any more.")
            % {"status": _label(IS, from_status).lower()}
        )
    raise ValidationError(
        gettext("An intervention cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(IS, from_status), "to": _label(IS, to_status)}
    )


def _label(statuses: type[models.TextChoices], status: str) -> str:
    return str(statuses(status).label) if status in statuses.values else status

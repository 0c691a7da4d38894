"""The action-plan and intervention workflow tables, and the services that walk them."""

import pytest

from schakel.access.errors import ValidationError
from schakel.cases.workflow import CaseStatus
from schakel.plans import services
from schakel.plans.workflow import (
    INTERVENTION_TRANSITIONS,
    PLAN_TRANSITIONS,
    ActionPlanStatus,
    InterventionStatus,
    require_plan_transition,
)
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

P, IS = ActionPlanStatus, InterventionStatus
PLAN_STEPS = [(a, b) for a, targets in PLAN_TRANSITIONS.items() for b in sorted(targets)]
INTERVENTION_STEPS = [
    (a, b) for a, targets in INTERVENTION_TRANSITIONS.items() for b in sorted(targets)
]


def _act(intervention, to_status, by):
    """The named action for each step of an intervention."""
    if to_status == IS.IN_PROGRESS:
        return services.start_intervention(intervention, by)
    if to_status == IS.DONE:
        return services.complete_intervention(intervention, by, result="Afspraken nagekomen")
    if to_status == IS.CANCELLED:
        return services.cancel_intervention(intervention, by, reason="Gezin verhuisd")
    return services.report_on_intervention(intervention, by, status=to_status)


def test_every_status_is_in_the_tables():
    assert set(PLAN_TRANSITIONS) == set(ActionPlanStatus.values)
    assert set(INTERVENTION_TRANSITIONS) == set(InterventionStatus.values)


def test_finished_interventions_go_nowhere_and_none_goes_back_to_planned():
    assert not INTERVENTION_TRANSITIONS[IS.DONE]
    assert not INTERVENTION_TRANSITIONS[IS.CANCELLED]
    assert all(IS.PLANNED not in targets for targets in INTERVENTION_TRANSITIONS.values())


def test_a_plan_is_never_a_draft_again():
    assert PLAN_STEPS == [(P.DRAFT, P.ADOPTED), (P.ADOPTED, P.ADOPTED)]
    with pytest.raises(ValidationError):
        require_plan_transition(P.ADOPTED, P.DRAFT)


@pytest.fixture
def case(regisseur):
    return CaseFactory(
        host_organisation=regisseur.organisation, coordinator=regisseur, status=CaseStatus.EXECUTION
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), PLAN_STEPS)
def test_every_allowed_plan_step_works_through_adopt_plan(regisseur, case, from_status, to_status):
    # Adopting happens in the conference: a plan that did not work went back there.
    case.status = CaseStatus.CONFERENCE
    case.save(update_fields=["status"])
    plan = ActionPlanFactory(case=case, status=from_status)
    plan.goals.create(description="Rust in de straat")
    InterventionFactory(plan=plan)
    services.adopt_plan(case, regisseur)
    plan.refresh_from_db()
    assert plan.status == to_status


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), INTERVENTION_STEPS)
def test_every_allowed_intervention_step_works_through_its_action(
    regisseur, case, from_status, to_status
):
    intervention = InterventionFactory(plan=ActionPlanFactory(case=case), status=from_status)
    _act(intervention, to_status, regisseur)
    intervention.refresh_from_db()
    assert intervention.status == to_status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(IS.IN_PROGRESS, IS.PLANNED), (IS.DONE, IS.IN_PROGRESS), (IS.CANCELLED, IS.DONE)],
)
def test_intervention_steps_outside_the_table_are_refused(regisseur, case, from_status, to_status):
    intervention = InterventionFactory(plan=ActionPlanFactory(case=case), status=from_status)
    with pytest.raises(ValidationError):
        _act(intervention, to_status, regisseur)
    intervention.refresh_from_db()
    assert intervention.status == from_status


@pytest.mark.django_db
def test_progress_without_a_step_keeps_the_status(regisseur, case):
    intervention = InterventionFactory(plan=ActionPlanFactory(case=case))
    services.report_progress(intervention, regisseur, result="Eerste gesprek gevoerd")
    intervention.refresh_from_db()
    assert (intervention.status, intervention.result) == (IS.PLANNED, "Eerste gesprek gevoerd")

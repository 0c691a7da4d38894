"""Issue 11: a case with running interventions or open goals is not closed silently. Closing
(also rejecting or referring) asks a reason per open item; each item gets its end state
(intervention cancelled, goal ended unachieved) and the reason is a history line in the
category its author gives it."""

import pytest
from django.urls import reverse

from schakel.access.errors import ValidationError
from schakel.cases import services as case_services
from schakel.cases.models import CaseEvent
from schakel.cases.workflow import CaseStatus
from schakel.plans.models import Goal, InterventionStatus
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_work(regisseur, politie):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        participants=[politie.organisation],
        status=CaseStatus.AFTERCARE,
    )
    plan = ActionPlanFactory(case=case)
    goal = Goal.objects.create(plan=plan, description="Stabiele woonsituatie")
    Goal.objects.create(plan=plan, description="Schulden geregeld", achieved=True)
    running = InterventionFactory(plan=plan, status=InterventionStatus.IN_PROGRESS)
    InterventionFactory(plan=plan, status=InterventionStatus.DONE, result="Gedaan")
    return case, goal, running


def test_closing_with_open_items_without_reasons_is_refused(regisseur, open_work):
    case, goal, running = open_work
    with pytest.raises(ValidationError, match="open"):
        case_services.change_status(
            case, by=regisseur, to_status=CaseStatus.CLOSED, reason="Doelen behaald"
        )
    with pytest.raises(ValidationError):
        case_services.change_status(
            case,
            by=regisseur,
            to_status=CaseStatus.CLOSED,
            reason="Doelen behaald",
            item_reasons={f"intervention-{running.pk}": ("Niet meer nodig", "general")},
        )
    case.refresh_from_db()
    running.refresh_from_db()
    assert case.status == CaseStatus.AFTERCARE
    assert running.status == InterventionStatus.IN_PROGRESS


def test_closing_ends_each_open_item_with_its_reason_in_the_history(regisseur, open_work):
    case, goal, running = open_work
    case_services.change_status(
        case,
        by=regisseur,
        to_status=CaseStatus.CLOSED,
        reason="Doelen grotendeels behaald",
        item_reasons={
            f"intervention-{running.pk}": ("Betrokkene verhuisd", "general"),
            f"goal-{goal.pk}": ("Overgedragen aan de wijkteam-aanpak", "care"),
        },
    )
    case.refresh_from_db()
    running.refresh_from_db()
    goal.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert running.status == InterventionStatus.CANCELLED
    assert not goal.achieved and goal.ended_at is not None and not goal.is_open
    lines = case.events.all()
    assert lines.get(description__contains="Betrokkene verhuisd").category == "general"
    assert lines.get(description__contains="Overgedragen").category == "care"
    assert lines.filter(kind=CaseEvent.Kind.PLAN, description__contains="closing").count() == 2


def test_the_status_form_asks_a_reason_per_open_item(client_for, regisseur, open_work):
    case, goal, running = open_work
    client = client_for(regisseur)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"item-intervention-{running.pk}" in page
    assert f"item-goal-{goal.pk}" in page

    url = reverse("cases:status", args=[case.pk])
    data = {"to_status": CaseStatus.CLOSED, "reason": "Klaar", "reason_category": "general"}
    response = client.post(url, data)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.AFTERCARE

    data.update(
        {
            f"item-intervention-{running.pk}": "Niet meer nodig",
            f"item-intervention-{running.pk}-category": "general",
            f"item-goal-{goal.pk}": "Elders opgepakt",
            f"item-goal-{goal.pk}-category": "general",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_case_without_open_items_closes_as_before(regisseur):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.AFTERCARE,
    )
    case_services.change_status(case, by=regisseur, to_status=CaseStatus.CLOSED, reason="Klaar")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_work_finished_while_the_case_is_being_closed_keeps_its_result(regisseur, open_work):
    """Review finding: the open items were listed, the owner then completed the intervention
    (and the goal was reached), and ending the items overwrote both."""
    from schakel.cases import closing
    from schakel.plans import services as plan_services

    case, goal, running = open_work
    items = {item.key: item for item in closing.open_items(case, regisseur)}
    plan_services.complete_intervention(running, regisseur, result="Woning gevonden")
    plan_services.mark_goal_achieved(goal, regisseur)
    items[f"intervention-{running.pk}"].end(regisseur)
    items[f"goal-{goal.pk}"].end(regisseur)
    running.refresh_from_db()
    goal.refresh_from_db()
    assert (running.status, running.result) == (InterventionStatus.DONE, "Woning gevonden")
    assert goal.achieved and goal.ended_at is None

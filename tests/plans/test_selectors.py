"""Overdue interventions for the dashboard, and a case's interventions, by need-to-know."""

import datetime

import pytest
from django.utils import timezone

from schakel.cases.workflow import CaseStatus
from schakel.dashboard.selectors import dashboard_for
from schakel.plans.models import InterventionStatus, InterventionType
from schakel.plans.selectors import interventions_for_case, overdue_interventions_for
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def catalogue(name: str) -> InterventionType:
    return InterventionType.objects.get(name=name)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def plan(regisseur, politie, wijkteam):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.EXECUTION,
        participants=[politie.organisation, wijkteam.organisation],
    )
    return ActionPlanFactory(case=case)


def test_overdue_selector_returns_only_visible_open_overdue_interventions(
    plan, regisseur, politie, wijkteam
):
    care_overdue = InterventionFactory(
        plan=plan,
        type=catalogue("Gezinscoaching"),
        owner_organisation=wijkteam.organisation,
        deadline=days_ago(3),
    )
    criminal_overdue = InterventionFactory(
        plan=plan,
        type=catalogue("Persoonsgerichte politieaandacht"),
        owner_organisation=politie.organisation,
        deadline=days_ago(2),
    )
    InterventionFactory(  # overdue but done
        plan=plan,
        type=catalogue("Gezinscoaching"),
        owner_organisation=wijkteam.organisation,
        deadline=days_ago(5),
        status=InterventionStatus.DONE,
    )
    InterventionFactory(  # open, not yet due
        plan=plan,
        type=catalogue("Gezinscoaching"),
        owner_organisation=wijkteam.organisation,
        deadline=timezone.localdate(),
    )

    assert list(overdue_interventions_for(wijkteam)) == [care_overdue]
    assert list(overdue_interventions_for(politie)) == [criminal_overdue]
    assert list(overdue_interventions_for(regisseur)) == [care_overdue, criminal_overdue]


def test_professionals_see_only_overdue_ones_of_their_own_organisation(plan, politie, wijkteam):
    InterventionFactory(
        plan=plan,
        type=catalogue("Buurtbemiddeling"),
        owner_organisation=plan.case.host_organisation,
        deadline=days_ago(1),
    )
    assert list(overdue_interventions_for(wijkteam)) == []
    assert list(overdue_interventions_for(politie)) == []


def test_coordinator_sees_overdue_ones_of_the_cases_they_coordinate(plan, wijkteam):
    plan.case.coordinator = wijkteam
    plan.case.save()
    general = InterventionFactory(
        plan=plan,
        type=catalogue("Buurtbemiddeling"),
        owner_organisation=plan.case.host_organisation,
        deadline=days_ago(1),
    )
    assert list(overdue_interventions_for(wijkteam)) == [general]


def test_closed_cases_are_not_chased(plan, regisseur):
    InterventionFactory(plan=plan, type=catalogue("Buurtbemiddeling"), deadline=days_ago(1))
    plan.case.status = CaseStatus.CLOSED
    plan.case.save()
    assert list(overdue_interventions_for(regisseur)) == []


def test_dashboard_uses_the_overdue_selector(plan, wijkteam):
    overdue = InterventionFactory(
        plan=plan,
        type=catalogue("Gezinscoaching"),
        owner_organisation=wijkteam.organisation,
        deadline=days_ago(1),
    )
    assert list(dashboard_for(wijkteam)["overdue"]) == [overdue]


def test_interventions_for_case_respects_categories_and_cases(
    plan, politie, wijkteam, reclassering
):
    care = InterventionFactory(plan=plan, type=catalogue("Gezinscoaching"))
    InterventionFactory(plan=plan, type=catalogue("Persoonsgerichte politieaandacht"))
    assert list(interventions_for_case(wijkteam, plan.case)) == [care]
    assert list(interventions_for_case(reclassering, plan.case)) == []  # not on the case

"""Overdue interventions for the dashboard, and a case's interventions, by need-to-know."""

import datetime

import pytest
from django.utils import timezone

from schakel.cases.workflow import CaseStatus
from schakel.dashboard.selectors import dashboard_for
from schakel.organisations.models import OrganisationKind, Role
from schakel.plans.models import InterventionStatus, InterventionType
from schakel.plans.selectors import interventions_for_case, overdue_interventions_for
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory, make_user

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


def test_the_limit_keeps_the_soonest_of_both_own_and_coordinated_work(regisseur, politie):
    """Read as two queries (owned by the organisation; on cases the user coordinates) that each
    stop at the limit: together still the soonest deadlines, each once."""
    coordinator = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "coordinator")
    owned_case = CaseFactory(
        host_organisation=regisseur.organisation, coordinator=regisseur,
        status=CaseStatus.EXECUTION, participants=[coordinator.organisation],
    )  # fmt: skip
    coordinated_case = CaseFactory(
        host_organisation=regisseur.organisation, coordinator=coordinator,
        status=CaseStatus.EXECUTION,
    )  # fmt: skip
    general_type = InterventionType.objects.filter(domain="administrative").first()
    owned = [
        InterventionFactory(
            plan=ActionPlanFactory(case=owned_case) if n == 0 else owned_case.plan,
            type=general_type,
            owner_organisation=coordinator.organisation,
            deadline=days_ago(n * 2 + 1),
        )
        for n in range(3)
    ]  # deadlines 1, 3, 5 days ago
    coordinated = [
        InterventionFactory(
            plan=ActionPlanFactory(case=coordinated_case) if n == 0 else coordinated_case.plan,
            type=general_type,
            owner_organisation=coordinator.organisation if n == 0 else politie.organisation,
            deadline=days_ago(n * 2 + 2),
        )
        for n in range(3)
    ]  # 2, 4, 6 days ago; the first is also owned: once only
    every = sorted(owned + coordinated, key=lambda i: i.deadline)
    assert overdue_interventions_for(coordinator) == every
    assert overdue_interventions_for(coordinator, limit=4) == every[:4]
    assert [i.deadline for i in overdue_interventions_for(coordinator, limit=2)] == [
        days_ago(6),
        days_ago(5),
    ]


def test_a_case_overview_counts_the_open_and_overdue_interventions_each_partner_may_see(
    plan, regisseur, politie, wijkteam
):
    """The overview counts in one query what `is_open` and `is_overdue` say of the list."""
    from schakel.cases.selectors import case_dossier

    for kind, owner, deadline, status in [
        ("Gezinscoaching", wijkteam, days_ago(3), InterventionStatus.PLANNED),  # care, overdue
        ("Gezinscoaching", wijkteam, days_ago(5), InterventionStatus.DONE),  # care, done
        ("Gezinscoaching", wijkteam, timezone.localdate(), InterventionStatus.PLANNED),  # care
        ("Persoonsgerichte politieaandacht", politie, days_ago(2), InterventionStatus.PLANNED),
    ]:
        InterventionFactory(
            plan=plan, type=catalogue(kind), owner_organisation=owner.organisation,
            deadline=deadline, status=status,
        )  # fmt: skip
    # (listed, open, overdue): the done one is listed, not open; the counts are the list's
    expected = {regisseur: (4, 3, 2), wijkteam: (3, 2, 1), politie: (1, 1, 1)}
    for user, (listed_count, open_, overdue) in expected.items():
        dossier = case_dossier(user, plan.case)
        glance = dossier.at_a_glance
        assert (glance["open_interventions"], glance["overdue_interventions"]) == (open_, overdue)
        assert len(dossier.interventions) == listed_count
        assert sum(i.is_open for i in dossier.interventions) == open_
        assert sum(i.is_overdue for i in dossier.interventions) == overdue

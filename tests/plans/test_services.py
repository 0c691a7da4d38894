"""Action plans: goals, interventions from the catalogue, adoption, execution and progress."""

import datetime

import pytest
from django.utils import timezone

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.models import CaseEvent
from schakel.cases.workflow import CaseStatus
from schakel.plans import services
from schakel.plans.models import ActionPlan, Intervention, InterventionStatus, InterventionType
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory, UserFactory

pytestmark = pytest.mark.django_db


def catalogue(name: str) -> InterventionType:
    return InterventionType.objects.get(name=name)


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def case(regisseur, politie, wijkteam):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.CONFERENCE,
        participants=[politie.organisation, wijkteam.organisation],
    )


def test_intervention_for_a_non_participating_organisation_is_refused(
    case, regisseur, reclassering
):
    with pytest.raises(ValidationError, match="Invite it to the case first"):
        services.add_intervention(
            case,
            regisseur,
            catalogue("Reclasseringstoezicht met bijzondere voorwaarden"),
            reclassering.organisation,
        )
    assert not Intervention.objects.filter(plan__case=case).exists()


def test_host_and_participants_may_own_interventions(case, regisseur, politie):
    by_police = services.add_intervention(
        case, regisseur, catalogue("Persoonsgerichte politieaandacht"), politie.organisation
    )
    by_house = services.add_intervention(
        case, regisseur, catalogue("Buurtbemiddeling"), regisseur.organisation
    )
    assert {by_police.owner_organisation, by_house.owner_organisation} == {
        politie.organisation,
        regisseur.organisation,
    }


def test_an_ended_participation_no_longer_counts(case, regisseur, politie):
    case.participations.filter(organisation=politie.organisation).update(ended_at=timezone.now())
    with pytest.raises(ValidationError):
        services.add_intervention(
            case, regisseur, catalogue("Persoonsgerichte politieaandacht"), politie.organisation
        )


def test_deadline_in_the_past_is_refused(case, regisseur, politie):
    with pytest.raises(ValidationError, match="past"):
        services.add_intervention(
            case,
            regisseur,
            catalogue("Persoonsgerichte politieaandacht"),
            politie.organisation,
            deadline=today() - datetime.timedelta(days=1),
        )


def test_deadline_defaults_to_the_catalogue_term(case, regisseur, wijkteam):
    gezinscoaching = catalogue("Gezinscoaching")
    intervention = services.add_intervention(case, regisseur, gezinscoaching, wijkteam.organisation)
    assert intervention.deadline == today() + datetime.timedelta(days=gezinscoaching.default_days)


def test_owner_must_work_at_the_owning_organisation(case, regisseur, politie, wijkteam):
    with pytest.raises(ValidationError, match="must work at"):
        services.add_intervention(
            case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation, owner=politie
        )
    intervention = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation, owner=wijkteam
    )
    assert intervention.owner == wijkteam


def test_inactive_catalogue_type_is_refused(case, regisseur, wijkteam):
    retired = catalogue("Gezinscoaching")
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError, match="no longer"):
        services.add_intervention(case, regisseur, retired, wijkteam.organisation)


def test_goal_must_belong_to_this_plan(case, regisseur, wijkteam):
    other_case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    foreign_goal = services.add_goal(other_case, regisseur, "Ander doel")
    with pytest.raises(ValidationError, match="goal of this case"):
        services.add_intervention(
            case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation, goal=foreign_goal
        )


def test_only_the_case_managers_change_the_plan(case, politie):
    with pytest.raises(PermissionDenied):
        services.add_goal(case, politie, "Rust in de straat")
    with pytest.raises(PermissionDenied):
        services.add_intervention(
            case, politie, catalogue("Persoonsgerichte politieaandacht"), politie.organisation
        )
    assert not ActionPlan.objects.filter(case=case).exists()


def test_adopting_requires_a_goal_and_an_intervention(case, regisseur, wijkteam):
    with pytest.raises(ValidationError, match="goal"):
        services.adopt_plan(case, regisseur)
    services.add_goal(case, regisseur, "Gezin heeft stabiele woonsituatie")
    with pytest.raises(ValidationError, match="intervention"):
        services.adopt_plan(case, regisseur)
    services.add_intervention(case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation)

    plan = services.adopt_plan(case, regisseur)

    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_ADOPTED
    assert plan.status == ActionPlan.Status.ADOPTED
    assert plan.adopted_at is not None


def test_plan_is_adopted_only_in_the_case_conference(regisseur, wijkteam):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.TRIAGE,
        participants=[wijkteam.organisation],
    )
    services.add_goal(case, regisseur, "Doel")
    services.add_intervention(case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation)
    with pytest.raises(ValidationError, match="case conference"):
        services.adopt_plan(case, regisseur)
    case.refresh_from_db()
    assert case.status == CaseStatus.TRIAGE


def test_execution_starts_after_adoption(case, regisseur, wijkteam):
    services.add_goal(case, regisseur, "Doel")
    services.add_intervention(case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation)
    with pytest.raises(ValidationError, match="Adopt"):
        services.start_execution(case, regisseur)
    services.adopt_plan(case, regisseur)

    services.start_execution(case, regisseur)

    case.refresh_from_db()
    assert case.status == CaseStatus.EXECUTION


def test_done_requires_a_result_and_sets_completed_at(case, regisseur, wijkteam):
    intervention = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation
    )
    with pytest.raises(ValidationError, match="result"):
        services.complete_intervention(intervention, wijkteam, result="  ")

    services.complete_intervention(intervention, wijkteam, result="Hulp aanvaard")

    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.DONE
    assert intervention.result == "Hulp aanvaard"
    assert intervention.completed_at is not None


def test_cancelling_requires_a_reason(case, regisseur, wijkteam):
    intervention = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation
    )
    with pytest.raises(ValidationError, match="reason"):
        services.cancel_intervention(intervention, regisseur, reason="")
    services.cancel_intervention(intervention, regisseur, reason="Gezin verhuisd")
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.CANCELLED
    assert intervention.completed_at is None


@pytest.mark.parametrize("finished", [InterventionStatus.DONE, InterventionStatus.CANCELLED])
def test_finished_interventions_cannot_be_reopened(case, regisseur, wijkteam, finished):
    intervention = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation
    )
    services.report_on_intervention(intervention, wijkteam, status=finished, result="Afgerond")
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.start_intervention(intervention, wijkteam)
    intervention.refresh_from_db()
    assert intervention.status == finished


def test_wijkteam_cannot_see_criminal_domain_interventions(case, regisseur, politie, wijkteam):
    criminal = services.add_intervention(
        case, regisseur, catalogue("Persoonsgerichte politieaandacht"), politie.organisation
    )
    care = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation
    )
    assert set(Intervention.objects.visible_to(wijkteam)) == {care}
    assert set(Intervention.objects.visible_to(politie)) == {criminal}
    assert set(Intervention.objects.visible_to(regisseur)) == {criminal, care}


def test_owning_organisation_reports_but_another_participant_cannot(case, regisseur, politie):
    intervention = services.add_intervention(
        case, regisseur, catalogue("Buurtbemiddeling"), regisseur.organisation
    )
    police_owned = services.add_intervention(
        case, regisseur, catalogue("Persoonsgerichte politieaandacht"), politie.organisation
    )

    with pytest.raises(PermissionDenied):
        services.start_intervention(intervention, politie)
    services.start_intervention(police_owned, politie)

    intervention.refresh_from_db()
    police_owned.refresh_from_db()
    assert intervention.status == InterventionStatus.PLANNED
    assert police_owned.status == InterventionStatus.IN_PROGRESS


def test_a_colleague_of_the_owning_organisation_may_report(case, regisseur, politie):
    colleague = UserFactory(organisation=politie.organisation, role=politie.role)
    intervention = services.add_intervention(
        case,
        regisseur,
        catalogue("Persoonsgerichte politieaandacht"),
        politie.organisation,
        owner=politie,
    )
    services.start_intervention(intervention, colleague)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.IN_PROGRESS


def test_history_never_carries_descriptions_or_results_and_justice_lines_are_justice(
    case, regisseur, politie, wijkteam
):
    intervention = services.add_intervention(
        case,
        regisseur,
        catalogue("Persoonsgerichte politieaandacht"),
        politie.organisation,
        description="Verdacht van drugshandel",
    )
    services.complete_intervention(intervention, politie, result="Aangehouden op 3 mei")
    plan_events = list(case.events.filter(kind=CaseEvent.Kind.PLAN))
    text = " ".join(e.description for e in plan_events)

    assert len(plan_events) == 3  # plan started, intervention planned, marked done
    assert "drugshandel" not in text
    assert "Aangehouden" not in text
    # the lines name the justice intervention and carry its category: the wijkteam (care,
    # no justice) does not read them, the police does
    assert {e.category for e in plan_events if "politieaandacht" in e.description} == {"justice"}
    readable = CaseEvent.objects.visible_to(wijkteam).filter(case=case)
    assert "politieaandacht" not in " ".join(e.description for e in readable)
    assert CaseEvent.objects.visible_to(politie).filter(description__contains="politieaandacht")


def test_general_interventions_are_named_in_the_history(case, regisseur):
    intervention = services.add_intervention(
        case, regisseur, catalogue("Buurtbemiddeling"), regisseur.organisation
    )
    services.complete_intervention(intervention, regisseur, result="Afspraken")
    assert case.events.filter(description="Intervention Buurtbemiddeling marked done").exists()


def test_every_change_is_audited_without_personal_data(case, regisseur, wijkteam):
    before = AuditEntry.objects.count()
    services.add_goal(case, regisseur, "Doel")
    intervention = services.add_intervention(
        case, regisseur, catalogue("Gezinscoaching"), wijkteam.organisation, description="Geheim"
    )
    services.complete_intervention(intervention, wijkteam, result="Geheim")
    entries = AuditEntry.objects.order_by("id")[before:]

    assert [(e.action, e.object_type) for e in entries] == [
        (AuditAction.CREATE, "plans.actionplan"),
        (AuditAction.CREATE, "plans.goal"),
        (AuditAction.CREATE, "plans.intervention"),
        (AuditAction.CHANGE, "plans.intervention"),
    ]
    assert all("Geheim" not in e.detail for e in entries)


def test_closed_case_plan_cannot_change(regisseur, wijkteam):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.CLOSED,
        participants=[wijkteam.organisation],
    )
    intervention = InterventionFactory(
        plan=ActionPlanFactory(case=case),
        type=catalogue("Gezinscoaching"),
        owner_organisation=wijkteam.organisation,
    )
    with pytest.raises(ValidationError, match="closed"):
        services.add_goal(case, regisseur, "Doel")
    with pytest.raises(ValidationError, match="closed"):
        services.start_intervention(intervention, wijkteam)

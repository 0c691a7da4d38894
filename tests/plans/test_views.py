"""The action plan on the case page: forms post to `plans` views and come back with a message."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.cases.workflow import CaseStatus
from schakel.plans.models import ActionPlan, Intervention, InterventionStatus, InterventionType
from tests.case_pages import whole_case_page
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def catalogue(name: str) -> InterventionType:
    return InterventionType.objects.get(name=name)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def case(regisseur, politie, wijkteam):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.CONFERENCE,
        participants=[politie.organisation, wijkteam.organisation],
    )


def test_adding_a_goal_redirects_to_the_case_with_a_message(client_for, regisseur, case):
    response = client_for(regisseur).post(
        reverse("plans:add_goal", args=[case.pk]),
        {"goal-description": "Rust in de straat"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:plan", args=[case.pk])
    assert "The goal has been added to the plan." in messages_of(response)
    assert "Rust in de straat" in response.content.decode()


def test_adding_an_intervention_through_the_form(client_for, regisseur, politie, case):
    type_ = catalogue("Persoonsgerichte politieaandacht")
    response = client_for(regisseur).post(
        reverse("plans:add_intervention", args=[case.pk]),
        {
            "new-intervention-type": type_.pk,
            "new-intervention-owner_organisation": politie.organisation.pk,
            "new-intervention-owner": politie.pk,
            "new-intervention-deadline": "",
        },
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get(plan__case=case)
    assert (intervention.type, intervention.owner) == (type_, politie)


def test_a_past_deadline_is_shown_on_the_form_with_the_input_kept(
    client_for, regisseur, politie, case
):
    past = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client_for(regisseur).post(
        reverse("plans:add_intervention", args=[case.pk]),
        {
            "new-intervention-type": catalogue("Persoonsgerichte politieaandacht").pk,
            "new-intervention-owner_organisation": politie.organisation.pk,
            "new-intervention-deadline": past,
            "new-intervention-description": "Extra surveillance",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "The deadline cannot lie in the past." in content
    assert "Extra surveillance" in content
    assert past in content
    assert not Intervention.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"new-intervention-type": "x", "new-intervention-owner_organisation": "'; drop"},
        {"new-intervention-type": "999999", "new-intervention-deadline": "31-31-2020"},
    ],
)
def test_invalid_intervention_input_gives_errors_not_a_500(client_for, regisseur, case, data):
    response = client_for(regisseur).post(reverse("plans:add_intervention", args=[case.pk]), data)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_organisation_outside_the_case_cannot_be_chosen(client_for, regisseur, reclassering, case):
    response = client_for(regisseur).post(
        reverse("plans:add_intervention", args=[case.pk]),
        {
            "new-intervention-type": catalogue("Gezinscoaching").pk,
            "new-intervention-owner_organisation": reclassering.organisation.pk,
        },
    )
    assert response.status_code == 400
    assert not Intervention.objects.exists()


def test_a_participant_who_does_not_manage_gets_an_error_not_a_change(client_for, politie, case):
    response = client_for(politie).post(
        reverse("plans:add_goal", args=[case.pk]), {"goal-description": "Eigen doel"}
    )
    assert response.status_code == 400
    assert "You may not change the action plan of this case." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_adopting_without_goals_shows_an_error_message(client_for, regisseur, case):
    response = client_for(regisseur).post(reverse("plans:adopt", args=[case.pk]), follow=True)
    assert response.status_code == 200
    assert "Add at least one goal before adopting the plan." in messages_of(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONFERENCE


def test_adopt_and_start_through_the_buttons(client_for, regisseur, wijkteam, case):
    plan = ActionPlanFactory(case=case)
    plan.goals.create(description="Doel")
    InterventionFactory(plan=plan, owner_organisation=wijkteam.organisation)
    client = client_for(regisseur)

    client.post(reverse("plans:adopt", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_ADOPTED

    response = client.post(reverse("plans:start", args=[case.pk]), follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.EXECUTION
    assert "Execution of the action plan has started." in messages_of(response)


def test_cases_outside_need_to_know_give_404(client_for, reclassering, case):
    client = client_for(reclassering)
    assert client.post(reverse("plans:add_goal", args=[case.pk]), {}).status_code == 404
    assert client.post(reverse("plans:adopt", args=[case.pk])).status_code == 404


def test_wijkteam_cannot_reach_a_criminal_intervention(client_for, wijkteam, case):
    criminal = InterventionFactory(
        plan=ActionPlanFactory(case=case), type=catalogue("Persoonsgerichte politieaandacht")
    )
    response = client_for(wijkteam).post(
        reverse("plans:update_intervention", args=[criminal.pk]),
        {f"intervention-{criminal.pk}-status": "done", f"intervention-{criminal.pk}-result": "x"},
    )
    assert response.status_code == 404


def test_owner_reports_done_and_another_participant_is_refused(client_for, politie, wijkteam, case):
    plan = ActionPlanFactory(case=case)
    # owned by the police (general involvement): the wijkteam sees it but may not report on it
    care = InterventionFactory(
        plan=plan, type=catalogue("Buurtbemiddeling"), owner_organisation=politie.organisation
    )
    prefix = f"intervention-{care.pk}"
    url = reverse("plans:update_intervention", args=[care.pk])

    refused = client_for(wijkteam).post(url, {f"{prefix}-status": "in_progress"})
    assert refused.status_code == 400
    assert "You may not report on this intervention." in refused.content.decode()

    no_result = client_for(politie).post(url, {f"{prefix}-status": "done"})
    assert no_result.status_code == 400
    assert "Describe the result" in no_result.content.decode()

    done = client_for(politie).post(
        url, {f"{prefix}-status": "done", f"{prefix}-result": "Afspraken gemaakt"}
    )
    assert done.status_code == 302
    care.refresh_from_db()
    assert (care.status, care.result) == (InterventionStatus.DONE, "Afspraken gemaakt")


def test_nonsense_status_is_an_error_not_a_500(client_for, wijkteam, case):
    care = InterventionFactory(
        plan=ActionPlanFactory(case=case), owner_organisation=wijkteam.organisation
    )
    response = client_for(wijkteam).post(
        reverse("plans:update_intervention", args=[care.pk]),
        {f"intervention-{care.pk}-status": "exploded"},
    )
    assert response.status_code == 400


# --- the partial on the case page -----------------------------------------------------------


def labels(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|:", "", text).strip()
        for text in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    ]


def test_case_page_offers_the_plan_forms_to_the_manager(client_for, regisseur, politie, case):
    plan = ActionPlanFactory(case=case)
    plan.goals.create(description="Rust in de straat")
    InterventionFactory(
        plan=plan,
        type=catalogue("Persoonsgerichte politieaandacht"),
        owner_organisation=politie.organisation,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = whole_case_page(client_for(regisseur), case.pk).content.decode()

    found = labels(html)
    for label in ("Intervention", "Owning organisation", "Deadline", "Goal", "Status", "Result"):
        assert found.count(label) == 1, (label, found)
    for button in ("Add goal", "Add intervention", "Adopt plan", "Save"):
        assert f">{button}</button>" in html
    assert 'class="is-overdue"' in html
    assert 'class="badge badge--stick"' in html
    assert "Schuldhulpverlening — Care, carrot (usually: Municipality)" in html


def test_participant_sees_no_management_forms_and_is_told_what_is_hidden(
    client_for, wijkteam, politie, case
):
    plan = ActionPlanFactory(case=case)
    InterventionFactory(
        plan=plan,
        type=catalogue("Persoonsgerichte politieaandacht"),
        owner_organisation=politie.organisation,
    )
    own = InterventionFactory(
        plan=plan, type=catalogue("Gezinscoaching"), owner_organisation=wijkteam.organisation
    )
    html = whole_case_page(client_for(wijkteam), case.pk).content.decode()

    assert "Persoonsgerichte politieaandacht" not in html
    assert "Gezinscoaching" in html
    assert "are not shown to your organisation" in html
    assert ">Add intervention</button>" not in html
    assert reverse("plans:update_intervention", args=[own.pk]) in html


def test_manager_marks_a_goal_achieved_and_back(client_for, regisseur):
    from schakel.plans.models import ActionPlan, Goal
    from tests.factories import CaseFactory

    case = CaseFactory(coordinator=regisseur, host_organisation=regisseur.organisation)
    goal = Goal.objects.create(plan=ActionPlan.objects.create(case=case), description="Rust")
    client = client_for(regisseur)
    assert client.post(reverse("plans:toggle_goal", args=[goal.pk])).status_code == 302
    goal.refresh_from_db()
    assert goal.achieved
    client.post(reverse("plans:toggle_goal", args=[goal.pk]))
    goal.refresh_from_db()
    assert not goal.achieved
    assert case.events.filter(kind="plan").count() == 2


def test_partner_cannot_mark_a_goal_achieved(client_for, regisseur, politie):
    from schakel.plans.models import ActionPlan, Goal
    from tests.factories import CaseFactory

    case = CaseFactory(
        coordinator=regisseur,
        host_organisation=regisseur.organisation,
        participants=[politie.organisation],
    )
    goal = Goal.objects.create(plan=ActionPlan.objects.create(case=case), description="Rust")
    client_for(politie).post(reverse("plans:toggle_goal", args=[goal.pk]))
    goal.refresh_from_db()
    assert not goal.achieved

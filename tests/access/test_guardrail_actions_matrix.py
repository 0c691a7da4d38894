"""Who may do the actions of issue 11's guardrails and the HIT coordinator: every role × every
new action, in the UI and (for holding a conference) the API.

Written out by hand, like test_matrix.py: 404 where the user may not see the object at all,
403 (or a refusal without change) where they see it but may not act, success only for those
named in docs/access-model.md.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.cases.models import Case
from schakel.cases.workflow import CaseStatus
from schakel.conferences.models import Attendance, Conference
from schakel.plans.models import Goal, InterventionStatus
from schakel.targets import services as target_services
from schakel.targets.models import ListMembership, TargetGroupRule, TargetList
from tests.access.test_matrix import USERS
from tests.factories import (
    ActionPlanFactory,
    CaseFactory,
    ConferenceFactory,
    InterventionFactory,
    OrganisationFactory,
    PersonFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = list(USERS)
NOT_SEEN = 404

# The case: hosted and coordinated by the Veiligheidshuis, with the police and the wijkteam.
END_PARTICIPATION = {  # GET the confirmation page for the police's participation
    "regisseur": 200,
    "politie": 403,
    "wijkteam": 403,
}
CLOSE_WITH_REASONS = {"regisseur": 302, "politie": 403, "wijkteam": 403}
CONVENE = {"regisseur": 200, "politie": 403, "wijkteam": 403}
# The conference (held an hour ago): chaired by the regisseur, the police invited.
RECORD_ATTENDANCE = {"regisseur": "changed", "politie": "refused"}
HOLD_API = {"regisseur": 200, "politie": 403}
# The HIT person: on the house's list, coordinated by the municipality's coordinator.
OPEN_CASE_FOR_PERSON = {"regisseur": 200, "coordinator": 200}
CHANGE_COORDINATOR = {"regisseur": 302, "coordinator": 400}  # seen, but not the list's team


@pytest.fixture
def world(db):
    house = OrganisationFactory(name="Test veiligheidshuis", kind="veiligheidshuis")
    users = {
        name: make_user(
            role,
            kind,
            username=name,
            org_name="Test veiligheidshuis" if kind == "veiligheidshuis" else None,
        )
        for name, (role, kind) in USERS.items()
    }
    case = CaseFactory(
        host_organisation=house,
        coordinator=users["regisseur"],
        participants=[users["politie"].organisation, users["wijkteam"].organisation],
        status=CaseStatus.AFTERCARE,
        persons=[PersonFactory()],
    )
    plan = ActionPlanFactory(case=case)
    goal = Goal.objects.create(plan=plan, description="Werk gevonden")
    intervention = InterventionFactory(plan=plan, status=InterventionStatus.IN_PROGRESS)
    conference = ConferenceFactory(
        host_organisation=house,
        chair=users["regisseur"],
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    conference.agenda.create(case=case, order=1)
    own = Attendance.objects.create(
        conference=conference, user=users["regisseur"], organisation=house
    )
    own.confidentiality_accepted_at = timezone.now()
    own.presence = Attendance.Presence.PRESENT
    own.save()
    police = Attendance.objects.create(
        conference=conference, user=users["politie"], organisation=users["politie"].organisation
    )
    hit_list = TargetList.objects.create(
        name="HIT test", rule=TargetGroupRule.objects.get(code="hit"), host_organisation=house
    )
    person = PersonFactory(surname="Hitpersoon")
    target_services.include_on_list(
        hit_list,
        person,
        by=users["regisseur"],
        reason="Overvallen",
        best_cards=users["politie"].organisation,
        coordinator=users["coordinator"],
    )
    membership = ListMembership.objects.get(person=person)
    other = make_user("coordinator", "gemeente", username="andere-coordinator")
    return {
        "users": users,
        "case": case,
        "goal": goal,
        "intervention": intervention,
        "conference": conference,
        "police_attendance": police,
        "membership": membership,
        "other_coordinator": other,
    }


@pytest.mark.parametrize("role", ROLES)
def test_ending_a_participation(world, client, role):
    case = world["case"]
    participation = case.participations.get(organisation=world["users"]["politie"].organisation)
    client.force_login(world["users"][role])
    url = reverse("cases:end_participation", args=[case.pk, participation.pk])
    assert client.get(url).status_code == END_PARTICIPATION.get(role, NOT_SEEN), role
    response = client.post(url, {"reason": "Klaar", "reason_category": "general", "confirm": "on"})
    expected = 302 if END_PARTICIPATION.get(role) == 200 else END_PARTICIPATION.get(role, NOT_SEEN)
    assert response.status_code == expected, role
    participation.refresh_from_db()
    assert (participation.ended_at is not None) == (expected == 302), role


@pytest.mark.parametrize("role", ROLES)
def test_closing_a_case_with_open_work(world, client, role):
    case, goal, intervention = world["case"], world["goal"], world["intervention"]
    client.force_login(world["users"][role])
    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {
            "to_status": CaseStatus.CLOSED,
            "reason": "Doelen behaald",
            "reason_category": "general",
            f"item-intervention-{intervention.pk}": "Niet meer nodig",
            f"item-intervention-{intervention.pk}-category": "general",
            f"item-goal-{goal.pk}": "Elders opgepakt",
            f"item-goal-{goal.pk}-category": "general",
        },
    )
    assert response.status_code == CLOSE_WITH_REASONS.get(role, NOT_SEEN), role
    case.refresh_from_db()
    intervention.refresh_from_db()
    closed = CLOSE_WITH_REASONS.get(role) == 302
    assert (case.status == CaseStatus.CLOSED) == closed, role
    assert (intervention.status == InterventionStatus.CANCELLED) == closed, role


@pytest.mark.parametrize("role", ROLES)
def test_convening_a_conference_on_a_case(world, client, role):
    case = world["case"]
    client.force_login(world["users"][role])
    url = reverse("conferences:convene", args=[case.pk])
    assert client.get(url).status_code == CONVENE.get(role, NOT_SEEN), role
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    before = Conference.objects.count()
    response = client.post(url, {"title": "Overleg", "starts_at": when, "location": ""})
    expected = 302 if CONVENE.get(role) == 200 else CONVENE.get(role, NOT_SEEN)
    assert response.status_code == expected, role
    assert Conference.objects.count() == before + (1 if expected == 302 else 0), role


@pytest.mark.parametrize("role", ROLES)
def test_recording_attendance(world, client, role):
    conference, attendance = world["conference"], world["police_attendance"]
    client.force_login(world["users"][role])
    response = client.post(
        reverse("conferences:record_attendance", args=[conference.pk, attendance.pk]),
        {"presence": "apologies"},
    )
    outcome = RECORD_ATTENDANCE.get(role)
    assert response.status_code == (302 if outcome else NOT_SEEN), role
    attendance.refresh_from_db()
    assert (attendance.presence == Attendance.Presence.APOLOGIES) == (outcome == "changed"), role


@pytest.mark.parametrize("role", ROLES)
def test_holding_a_conference_through_the_api(world, role):
    conference = world["conference"]
    api = APIClient()
    api.force_authenticate(world["users"][role])
    response = api.post(f"/api/v1/conferences/{conference.pk}/hold")
    assert response.status_code == HOLD_API.get(role, NOT_SEEN), role
    conference.refresh_from_db()
    assert (conference.status == Conference.Status.HELD) == (HOLD_API.get(role) == 200), role


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_case_for_a_person_on_a_list(world, client, role):
    membership = world["membership"]
    client.force_login(world["users"][role])
    url = reverse("targets:open_case", args=[membership.pk])
    assert client.get(url).status_code == OPEN_CASE_FOR_PERSON.get(role, NOT_SEEN), role
    response = client.post(url, {"title": "HIT-aanpak", "goal": ""})
    allowed = OPEN_CASE_FOR_PERSON.get(role) == 200
    assert response.status_code == (302 if allowed else OPEN_CASE_FOR_PERSON.get(role, NOT_SEEN))
    opened = Case.objects.filter(persons=membership.person).first()
    assert (opened is not None) == allowed, role
    if opened is not None:  # coordinated by the person's coordinator, whoever opened it
        assert opened.coordinator == world["users"]["coordinator"]


@pytest.mark.parametrize("role", ROLES)
def test_reassigning_the_coordinator(world, client, role):
    membership = world["membership"]
    other = world["other_coordinator"]
    client.force_login(world["users"][role])
    response = client.post(
        reverse("targets:change_coordinator", args=[membership.pk]),
        {"coordinator": other.pk, "reason": "Overdracht"},
    )
    assert response.status_code == CHANGE_COORDINATOR.get(role, NOT_SEEN), role
    membership.refresh_from_db()
    assert (membership.coordinator == other) == (CHANGE_COORDINATOR.get(role) == 302), role

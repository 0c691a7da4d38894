"""Who finds which work and which notification (issue 11): every role × every kind of work that
one partner gives another, on the "Mijn werk" page, in the team lead's organisation view and in
`GET /api/v1/tasks`; and every role × notifications (list, open, API). The expected sets are
written out by hand, not computed with the policy under test."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from schakel.advice import services as advice_services
from schakel.conferences.models import Attendance
from schakel.intake import services as intake_services
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.models import Notification
from schakel.notifications.services import notify
from schakel.plans.models import InterventionType
from schakel.targets.models import (
    Bottleneck,
    EvaluationMeeting,
    MeetingAction,
    TargetGroupRule,
    TargetList,
)
from tests.access.test_matrix import USERS, world  # noqa: F401 (a fixture)
from tests.factories import (
    ActionPlanFactory,
    ConferenceFactory,
    InterventionFactory,
    PersonFactory,
    SignalFactory,
    level,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()

# user -> the work it finds as its own (kind, name of the object in `work` below)
EXPECTED_MINE = {
    # coordinates three of the four cases (review dates) and is asked for advice
    "regisseur": {
        ("case_review", "police_and_district_team"),
        ("case_review", "probation_only"),
        ("case_review", "housing_and_tax"),
        ("advice", "advice"),
    },
    "politie": {("intervention", "politie_intervention"), ("evaluation_action", "action")},
    "reclassering": {("intervention", "reclassering_intervention")},
    "wijkteam": {("handover", "signal")},  # not the politie's intervention on its case
    "corporatie": {("bottleneck", "bottleneck")},
    "belasting": {("conference", "conference")},
    "coordinator": {("case_review", "safety_house_only")},
    "analist": set(),
    "beheerder": set(),
    "auditor": set(),
}
# team lead -> the work of its organisation in the organisation view
EXPECTED_ORGANISATION = {
    "regisseur": EXPECTED_MINE["regisseur"],
    "coordinator": EXPECTED_MINE["coordinator"],
}


@pytest.fixture
def work(world):  # noqa: F811
    users, cases, _persons = world
    house = cases["safety_house_only"].host_organisation
    politie_intervention = InterventionFactory(
        plan=ActionPlanFactory(case=cases["police_and_district_team"]),
        owner_organisation=users["politie"].organisation,
        owner=users["politie"],
        type=InterventionType.objects.filter(domain="administrative").first(),
    )
    reclassering_intervention = InterventionFactory(
        plan=ActionPlanFactory(case=cases["probation_only"]),
        owner_organisation=users["reclassering"].organisation,
    )
    signal = SignalFactory(
        reporting_organisation=users["politie"].organisation,
        receiving_organisation=house,
        reported_by=users["politie"],
    )
    intake_services.triage_signal(
        signal,
        by=users["regisseur"],
        level=level(2),
        lead_organisation=users["wijkteam"].organisation,
        reason="Eén plan.",
        answers={},
    )
    advice = advice_services.ask_advice(
        by=users["wijkteam"], safety_house=house, question="Is dit iets voor jullie?"
    )
    hit = TargetList.objects.create(
        name="HIT", rule=TargetGroupRule.objects.get(code="hit"), host_organisation=house
    )
    hit.team.add(users["coordinator"])
    bottleneck = Bottleneck.objects.create(
        person=PersonFactory(), target_list=hit, kind="huisvesting", description="Een kamer",
        asked_organisation=users["corporatie"].organisation, raised_by=users["coordinator"],
        raised_on=TODAY,
    )  # fmt: skip
    meeting = EvaluationMeeting.objects.create(
        target_list=hit, held_on=TODAY, theme="Dagbesteding", recorded_by=users["coordinator"]
    )
    action = MeetingAction.objects.create(
        meeting=meeting, description="Werkgevers bellen",
        owner_organisation=users["politie"].organisation,
    )  # fmt: skip
    conference = ConferenceFactory(host_organisation=house, chair=users["regisseur"])
    Attendance.objects.create(
        conference=conference, user=users["belasting"], organisation=users["belasting"].organisation
    )
    objects = {
        "politie_intervention": politie_intervention.pk,
        "reclassering_intervention": reclassering_intervention.pk,
        "signal": signal.pk,
        "advice": advice.pk,
        "bottleneck": bottleneck.pk,
        "action": action.pk,
        "conference": conference.pk,
        **{name: case.pk for name, case in cases.items()},
    }
    return users, objects


def expected(objects, pairs):
    return {(kind, objects[name]) for kind, name in pairs}


@pytest.mark.parametrize("username", list(USERS))
def test_my_work_in_the_api_and_on_the_page(work, username):
    users, objects = work
    client = APIClient()
    client.force_authenticate(users[username])
    response = client.get("/api/v1/tasks")
    assert response.status_code == 200
    found = {(task["kind"], task["object_id"]) for task in response.json()["results"]}
    assert found == expected(objects, EXPECTED_MINE[username])

    client.force_login(users[username])
    page = client.get(reverse("work:mine"))
    assert page.status_code == 200
    links = page.content.decode()
    for name, pk in objects.items():
        markers = {
            "signal": f"/signalen/{pk}/",
            "advice": f"/advies/{pk}/",
            "conference": f"/overleggen/{pk}/",
        }
        marker = markers.get(name)
        if marker:
            mine = any(n == name for _k, n in EXPECTED_MINE[username])
            assert (f'href="{marker}"' in links) == mine, (username, name)


@pytest.mark.parametrize("username", list(USERS))
def test_the_organisation_view_only_for_team_leads_and_only_their_organisation(work, username):
    users, objects = work
    client = APIClient()
    client.force_login(users[username])
    response = client.get("/api/v1/tasks", {"weergave": "organisatie"})
    page = client.get(reverse("work:mine"), {"weergave": "organisatie"})
    if username not in EXPECTED_ORGANISATION:
        # no team lead: the organisation view is not offered; at most the own work is shown
        found = {(t["kind"], t["object_id"]) for t in response.json().get("results", [])}
        assert found <= expected(objects, EXPECTED_MINE[username])
        assert (
            "organisation_view" not in (page.context or {}) or not page.context["organisation_view"]
        )
        return
    assert page.status_code == 200 and page.context["organisation_view"]
    shown = {(row["item"].kind, row["item"].object_id) for row in page.context["rows"]}
    assert shown == expected(objects, EXPECTED_ORGANISATION[username])


@pytest.mark.parametrize("username", list(USERS))
def test_notifications_reach_only_their_recipient(work, username):
    users, _objects = work
    Notification.objects.all().delete()  # those the services made: each test makes its own
    made = {
        name: notify([user], kind=NotificationKind.INTERVENTION_ASSIGNED, link=f"/werk/{name}/")[0]
        for name, user in users.items()
    }
    client = APIClient()
    client.force_login(users[username])
    listed = client.get(reverse("notifications:list")).content.decode()
    api = client.get("/api/v1/notifications")
    assert api.status_code == 200
    ids = {n["id"] for n in api.json()["results"]}
    assert ids == {made[username].pk}
    for name, notification in made.items():
        opened = client.post(reverse("notifications:open", args=[notification.pk]))
        if name == username:
            assert opened.status_code == 302 and opened["Location"] == f"/werk/{name}/"
        else:
            assert opened.status_code == 404, name
            notification.refresh_from_db()
            assert notification.read_at is None
        assert (f"/notificaties/{notification.pk}/openen/" in listed) == (name == username)
    made[username].refresh_from_db()
    assert made[username].read_at is not None

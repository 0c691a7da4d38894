"""Conferences to attend and case review dates in "Mijn werk": the invited user's and the
coordinator's, nobody else's (page and API)."""

import datetime

import pytest
from django.utils import timezone

from schakel.conferences.models import Attendance
from schakel.conferences.workflow import ConferenceStatus
from schakel.organisations.models import Role
from tests.factories import CaseFactory, ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["regisseur", "politie", "reclassering", "wijkteam", "corporatie", "auditor", "analist"]


def tasks(client):
    return [(t["kind"], t["object_id"]) for t in client.get("/api/v1/tasks/").json()["results"]]


@pytest.mark.parametrize("role", ROLES)
def test_a_conference_is_work_for_the_invited_only(request, client_for, wijkteam, role):
    conference = ConferenceFactory()
    Attendance.objects.create(
        conference=conference, user=wijkteam, organisation=wijkteam.organisation
    )
    user = request.getfixturevalue(role)
    expected = [("conference", conference.pk)] if user == wijkteam else []
    found = [t for t in tasks(client_for(user)) if t[0] == "conference"]
    assert found == expected
    page = client_for(user).get("/mijn-werk/").content.decode()
    assert (conference.title in page) == (user == wijkteam)


def test_a_held_conference_is_no_work(client_for, wijkteam):
    conference = ConferenceFactory(status=ConferenceStatus.HELD)
    Attendance.objects.create(
        conference=conference, user=wijkteam, organisation=wijkteam.organisation
    )
    assert tasks(client_for(wijkteam)) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_review_date_is_the_coordinators_work(request, client_for, regisseur, wijkteam, role):
    case = CaseFactory(
        coordinator=regisseur,
        host_organisation=regisseur.organisation,
        participants=[wijkteam.organisation],
        review_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    user = request.getfixturevalue(role)
    expected = [("case_review", case.pk)] if user == regisseur else []
    assert [t for t in tasks(client_for(user)) if t[0] == "case_review"] == expected
    if user == regisseur:
        [task] = client_for(user).get("/api/v1/tasks/").json()["results"]
        assert task["overdue"] is True and task["object_type"] == "case"


def test_a_team_lead_of_the_safety_house_sees_a_colleagues_review(client_for, regisseur):
    colleague = UserFactory(username="collega-regisseur", organisation=regisseur.organisation,
                            role=Role.PROCESS_DIRECTOR)  # fmt: skip
    colleague.save()
    case = CaseFactory(coordinator=colleague, host_organisation=regisseur.organisation)
    client = client_for(regisseur)
    assert case.reference not in client.get("/mijn-werk/").content.decode()
    assert case.reference in client.get("/mijn-werk/?weergave=organisatie").content.decode()

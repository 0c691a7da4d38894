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
    return [(t["kind"], t["object_id"]) for t in client.get("/api/v1/tasks").json()["results"]]


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
        [task] = client_for(user).get("/api/v1/tasks").json()["results"]
        assert task["overdue"] is True and task["object_type"] == "case"


def test_a_team_lead_of_the_safety_house_sees_a_colleagues_review(client_for, regisseur):
    colleague = UserFactory(username="collega-regisseur", organisation=regisseur.organisation,
                            role=Role.PROCESS_DIRECTOR)  # fmt: skip
    colleague.save()
    case = CaseFactory(coordinator=colleague, host_organisation=regisseur.organisation)
    client = client_for(regisseur)
    assert case.reference not in client.get("/mijn-werk/").content.decode()
    assert case.reference in client.get("/mijn-werk/?weergave=organisatie").content.decode()


@pytest.fixture
def wijkteam_lead(wijkteam):
    lead = UserFactory(
        username="teamleider-wijkteam", organisation=wijkteam.organisation, role=Role.COORDINATOR
    )
    lead.save()
    return lead


def test_a_team_lead_sends_a_colleague_in_an_invitees_place(
    client_for, regisseur, wijkteam, wijkteam_lead
):
    """Reassigning in "Mijn werk" covered interventions only (review finding): a team lead can
    now hand a colleague's conference invitation to another colleague."""
    from schakel.audit.models import AuditEntry
    from schakel.notifications.kinds import NotificationKind
    from schakel.notifications.models import Notification

    colleague = UserFactory(
        username="collega-wijkteam", organisation=wijkteam.organisation, role=Role.PROFESSIONAL
    )
    colleague.save()
    conference = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)
    attendance = Attendance.objects.create(
        conference=conference,
        user=wijkteam,
        organisation=wijkteam.organisation,
        confidentiality_accepted_at=timezone.now(),
    )
    lead = client_for(wijkteam_lead)
    page = lead.get("/mijn-werk/?weergave=organisatie").content.decode()
    assert f'name="assignee" value="{wijkteam.pk}"' in page
    response = lead.post(
        "/mijn-werk/overdragen/",
        {
            "kind": "conference",
            "object_id": conference.pk,
            "assignee": wijkteam.pk,
            "to_user": colleague.pk,
        },
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.user == colleague and attendance.confidentiality_accepted_at is None
    assert tasks(client_for(colleague)) == [("conference", conference.pk)]
    assert tasks(client_for(wijkteam)) == []
    assert Notification.objects.filter(
        recipient=colleague, kind=NotificationKind.CONFERENCE_INVITATION
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="conferences.conference", object_id=str(conference.pk), detail__contains="naar"
    ).exists()


@pytest.mark.parametrize("case", ["not a lead", "other organisation", "the chair", "twice"])
def test_handing_an_invitation_on_is_refused(
    client_for, regisseur, politie, wijkteam, wijkteam_lead, case
):
    from schakel.access.errors import PermissionDenied, ValidationError
    from schakel.conferences.services import hand_attendance_to

    conference = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)
    invited = Attendance.objects.create(
        conference=conference, user=wijkteam, organisation=wijkteam.organisation
    )
    chair_seat = Attendance.objects.create(
        conference=conference, user=regisseur, organisation=regisseur.organisation
    )
    by, attendance, to = wijkteam_lead, invited, wijkteam_lead
    if case == "not a lead":
        by = wijkteam
    elif case == "other organisation":
        to = politie
    elif case == "the chair":
        colleague = UserFactory(
            username="andere-regisseur",
            organisation=regisseur.organisation,
            role=Role.PROCESS_DIRECTOR,
        )
        colleague.save()
        by, attendance, to = regisseur, chair_seat, colleague
    elif case == "twice":
        Attendance.objects.create(
            conference=conference, user=wijkteam_lead, organisation=wijkteam.organisation
        )
    with pytest.raises((PermissionDenied, ValidationError)):
        hand_attendance_to(attendance, by=by, to=to)
    assert set(conference.attendees.values_list("user_id", flat=True)) >= {
        wijkteam.pk,
        regisseur.pk,
    }

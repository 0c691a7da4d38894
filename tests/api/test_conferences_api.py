"""Conferences through the API: invited or hosted only, and an agenda of visible cases only."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.conferences.models import AgendaItem, Attendance
from tests.factories import CaseFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def test_agenda_lists_only_cases_the_attendee_may_see(api_for, politie, reclassering):
    conference = ConferenceFactory()
    Attendance.objects.create(
        conference=conference, user=politie, organisation=politie.organisation
    )
    visible = CaseFactory(participants=[politie.organisation])
    hidden = CaseFactory(participants=[reclassering.organisation])
    AgendaItem.objects.create(conference=conference, case=visible, order=1)
    AgendaItem.objects.create(
        conference=conference, case=hidden, order=2, question="Vraag over verborgen casus"
    )

    data = api_for(politie).get(reverse("conference-detail", args=[conference.pk])).json()

    assert [item["case"] for item in data["agenda"]] == [visible.pk]
    assert "verborgen" not in str(data)
    assert AuditEntry.objects.filter(
        user_id_ref=politie.pk, action=AuditAction.VIEW, object_id=str(conference.pk)
    ).exists()


def test_host_sees_the_whole_agenda(api_for, regisseur, reclassering):
    conference = ConferenceFactory()
    cases = [CaseFactory(), CaseFactory(participants=[reclassering.organisation])]
    for order, case in enumerate(cases):
        AgendaItem.objects.create(conference=conference, case=case, order=order)

    rows = api_for(regisseur).get(reverse("conference-list")).json()["results"]

    assert [row["id"] for row in rows] == [conference.pk]
    assert [item["case"] for item in rows[0]["agenda"]] == [case.pk for case in cases]


def test_conference_without_invitation_is_404(api_for, politie):
    conference = ConferenceFactory()
    client = api_for(politie)

    assert client.get(reverse("conference-list")).json()["results"] == []
    assert client.get(reverse("conference-detail", args=[conference.pk])).status_code == 404

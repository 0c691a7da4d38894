"""Issue 11 guardrails on case conferences: not held before its date; attendance recorded as
present, absent or absent with apologies, on the page and in the print."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.conferences import services
from schakel.conferences.models import Attendance, Conference
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def signed_conference(regisseur, starts_at):
    conference = ConferenceFactory(
        host_organisation=regisseur.organisation, chair=regisseur, starts_at=starts_at
    )
    attendance = Attendance.objects.create(
        conference=conference, user=regisseur, organisation=regisseur.organisation
    )
    services.accept_confidentiality(attendance, by=regisseur)
    return conference


def test_a_conference_cannot_be_marked_held_before_its_date(regisseur):
    conference = signed_conference(regisseur, timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="before its date"):
        services.hold_conference(conference, by=regisseur)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.PLANNED

    earlier_today = signed_conference(regisseur, timezone.now() - datetime.timedelta(minutes=5))
    services.hold_conference(earlier_today, by=regisseur)
    earlier_today.refresh_from_db()
    assert earlier_today.status == Conference.Status.HELD


def test_the_page_says_so_in_dutch_and_offers_no_hold_button_before_the_date(regisseur, client):
    conference = signed_conference(regisseur, timezone.now() + datetime.timedelta(days=2))
    client.force_login(regisseur)
    url = reverse("conferences:detail", args=[conference.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert reverse("conferences:hold", args=[conference.pk]) not in page
    assert "kan pas vanaf" in page

    response = client.post(
        reverse("conferences:hold", args=[conference.pk]), HTTP_ACCEPT_LANGUAGE="nl", follow=True
    )
    assert "vóór de datum" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Conference.Status.PLANNED


def test_the_api_holds_a_conference_and_refuses_before_its_date_in_dutch(regisseur, politie):
    future = signed_conference(regisseur, timezone.now() + datetime.timedelta(days=2))
    api = APIClient()
    api.force_authenticate(regisseur)
    response = api.post(f"/api/v1/conferences/{future.pk}/hold", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "vóór de datum" in str(response.json())

    past = signed_conference(regisseur, timezone.now() - datetime.timedelta(hours=1))
    api.force_authenticate(politie)
    assert api.post(f"/api/v1/conferences/{past.pk}/hold").status_code == 404
    api.force_authenticate(regisseur)
    response = api.post(f"/api/v1/conferences/{past.pk}/hold")
    assert response.status_code == 200
    assert response.json()["status"] == Conference.Status.HELD


def test_attendance_is_present_absent_or_apologies(regisseur, politie, wijkteam):
    conference = signed_conference(regisseur, timezone.now() - datetime.timedelta(hours=1))
    own = conference.attendees.get(user=regisseur)
    assert own.presence == Attendance.Presence.PRESENT
    police = Attendance.objects.create(
        conference=conference, user=politie, organisation=politie.organisation
    )
    team = Attendance.objects.create(
        conference=conference, user=wijkteam, organisation=wijkteam.organisation
    )
    assert police.presence == Attendance.Presence.UNKNOWN

    services.record_attendance(police, by=regisseur, presence=Attendance.Presence.APOLOGIES)
    services.record_attendance(team, by=regisseur, presence=Attendance.Presence.ABSENT)
    police.refresh_from_db()
    team.refresh_from_db()
    assert police.presence == Attendance.Presence.APOLOGIES
    assert team.presence == Attendance.Presence.ABSENT

    with pytest.raises(PermissionDenied):
        services.record_attendance(team, by=politie, presence=Attendance.Presence.PRESENT)
    with pytest.raises(ValidationError):
        services.record_attendance(own, by=regisseur, presence=Attendance.Presence.ABSENT)
    with pytest.raises(ValidationError):
        services.record_attendance(team, by=regisseur, presence="maybe")


def test_attendance_shows_on_the_page_and_in_the_print(regisseur, politie, client):
    conference = signed_conference(regisseur, timezone.now() - datetime.timedelta(hours=1))
    police = Attendance.objects.create(
        conference=conference, user=politie, organisation=politie.organisation
    )
    client.force_login(regisseur)
    response = client.post(
        reverse("conferences:record_attendance", args=[conference.pk, police.pk]),
        {"presence": "apologies"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.presence == Attendance.Presence.APOLOGIES
    for name in ("detail", "print"):
        page = client.get(
            reverse(f"conferences:{name}", args=[conference.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
        assert "met bericht afwezig" in page, name
        assert "aanwezig" in page, name

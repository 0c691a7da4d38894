"""Calendar (issue 11): an .ics per conference for those who may see it, and a personal feed
behind a secret token of the user's conferences and work deadlines — carrying no personal data."""

import datetime
import re

import pytest
from django.urls import reverse

from schakel.conferences.models import Attendance
from schakel.organisations.models import OrganisationKind, Role
from schakel.plans.workflow import InterventionStatus
from tests.factories import (
    ActionPlanFactory,
    CaseFactory,
    ConferenceFactory,
    InterventionFactory,
    PersonFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


def parse(text: str) -> list[dict]:
    """Check the structure of an iCalendar text and give its events as dicts (name → value)."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:  # unfold
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                assert required in current, required
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    assert current is None
    return events


@pytest.fixture
def world(regisseur, politie):
    person = PersonFactory(given_names="Geheime", surname="Persoonsnaam", bsn="111222333")
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        title="Casustitel met naam Persoonsnaam",
        participants=[politie.organisation],
        persons=[person],
    )
    plan = ActionPlanFactory(case=case)
    intervention = InterventionFactory(
        plan=plan,
        owner=regisseur,
        description="Huisbezoek bij Persoonsnaam",
        status=InterventionStatus.PLANNED,
    )
    conference = ConferenceFactory(
        host_organisation=regisseur.organisation,
        chair=regisseur,
        title="Overleg over Persoonsnaam",
        location="Kamer van Persoonsnaam",
    )
    conference.agenda.create(case=case, order=1, question="Wat doen we met Persoonsnaam?")
    return case, intervention, conference, person


def _feed_address(client) -> str:
    page = client.post(reverse("agenda:settings")).content.decode()
    return re.search(r"<code>https?://[^/]+(/agenda/[^<]+\.ics)</code>", page).group(1)


def test_the_personal_feed_carries_conferences_and_deadlines_and_no_personal_data(
    client_for, regisseur, world
):
    case, intervention, conference, person = world
    address = _feed_address(client_for(regisseur))
    client_for(regisseur).logout()
    response = client_for(regisseur).get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    events = parse(text)
    by_uid = {event["UID"]: event for event in events}
    assert set(by_uid) == {
        f"conference-{conference.pk}@schakel",
        f"intervention-{intervention.pk}-deadline@schakel",
        f"case-{case.pk}-review@schakel",
    }
    assert by_uid[f"conference-{conference.pk}@schakel"]["SUMMARY"] == "Casusoverleg"
    assert by_uid[f"case-{case.pk}-review@schakel"]["DTSTART"] == f"{case.review_date:%Y%m%d}"
    for secret in (
        "Persoonsnaam",
        "Geheime",
        person.bsn,
        case.reference,
        case.title,
        conference.title,
        "Huisbezoek",
        "Kamer",
    ):
        assert secret not in text


def test_a_wrong_token_gives_404_and_a_reset_invalidates_the_old_one(client, client_for, regisseur):
    assert client.get(reverse("agenda:feed", args=["niet-geldig"])).status_code == 404
    user_client = client_for(regisseur)
    old = _feed_address(user_client)
    assert client.get(old).status_code == 200
    new = _feed_address(user_client)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_inactive_users_feed_is_gone(client, client_for, regisseur):
    address = _feed_address(client_for(regisseur))
    regisseur.is_active = False
    regisseur.save()
    client.logout()
    assert client.get(address).status_code == 404


CONFERENCE_ICS = {"regisseur": 200, "invited": 200, "politie": 404, "analist": 403}


@pytest.mark.parametrize("name", list(CONFERENCE_ICS))
def test_the_conference_download_for_those_who_may_see_it(client_for, regisseur, world, name):
    _case, _intervention, conference, _person = world
    users = {
        "regisseur": regisseur,
        "invited": make_user(Role.PROFESSIONAL, OrganisationKind.DISTRICT_TEAM, "invited"),
        "politie": make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "politie-2"),
        "analist": make_user(Role.ANALYST, OrganisationKind.MUNICIPALITY, "analist-2"),
    }
    Attendance.objects.create(
        conference=conference, user=users["invited"], organisation=users["invited"].organisation
    )
    response = client_for(users[name]).get(reverse("agenda:conference", args=[conference.pk]))
    assert response.status_code == CONFERENCE_ICS[name]
    if response.status_code == 200:
        text = response.content.decode()
        [event] = parse(text)
        assert event["SUMMARY"] == "Casusoverleg"
        assert event["URL"].endswith(reverse("conferences:detail", args=[conference.pk]))
        assert "Persoonsnaam" not in text and conference.title not in text
        assert event["DTSTART"] == conference.starts_at.astimezone(datetime.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )

"""Issue 11: the HIT coordinator acts. From a person on a list they coordinate, the coordinator
opens a case (and its plan), invites partners and convenes a case conference, within the same
access rules; assigning or reassigning the coordinator is a recorded list decision that whoever
listens (notifications) hears of after the commit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.audit.models import AuditEntry
from schakel.cases.models import Case
from schakel.cases.workflow import CaseStatus
from schakel.conferences.models import Conference
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.models import Notification
from schakel.organisations.models import OrganisationKind, Role
from schakel.targets import services
from schakel.targets.models import Direction, ListDecision, ListMembership
from tests.factories import PersonFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_coordinator(db):
    return make_user(Role.COORDINATOR, OrganisationKind.PROBATION, "tweede-coordinator")


@pytest.fixture
def on_list(hit_list, regisseur, hit_coordinator, politie):
    person = PersonFactory(surname="Lijstpersoon")
    services.include_on_list(
        hit_list,
        person,
        by=regisseur,
        reason="Twee woninginbraken",
        best_cards=politie.organisation,
        coordinator=hit_coordinator,
    )
    return ListMembership.objects.get(person=person, target_list=hit_list)


def test_reassigning_the_coordinator_is_a_recorded_list_decision(
    on_list, regisseur, other_coordinator, client_for
):
    services.change_coordinator(
        on_list, by=regisseur, coordinator=other_coordinator, reason="Toezicht loopt"
    )
    decision = ListDecision.objects.get(person=on_list.person, direction=Direction.COORDINATOR)
    assert decision.coordinator == other_coordinator
    assert decision.decided_by == regisseur and decision.reason == "Toezicht loopt"
    told = Notification.objects.get(
        kind=NotificationKind.COORDINATOR_ASSIGNED, recipient=other_coordinator
    )
    assert told.link == reverse("targets:person", args=[on_list.person_id])
    assert AuditEntry.objects.filter(
        object_type="targets.listdecision", object_id=str(decision.pk)
    ).exists()
    on_list.refresh_from_db()
    assert on_list.coordinator == other_coordinator

    page = client_for(regisseur).get(reverse("targets:person", args=[on_list.person_id]))
    body = page.content.decode()
    assert "Toezicht loopt" in body and str(Direction.COORDINATOR.label) in body

    with pytest.raises(ValidationError):  # the same coordinator again is no decision
        services.change_coordinator(
            on_list, by=regisseur, coordinator=other_coordinator, reason="Nogmaals"
        )


def test_inclusion_tells_the_coordinator_too(hit_list, regisseur, hit_coordinator, politie):
    services.include_on_list(
        hit_list,
        PersonFactory(),
        by=regisseur,
        reason="Overvallen",
        best_cards=politie.organisation,
        coordinator=hit_coordinator,
    )
    told = Notification.objects.filter(kind=NotificationKind.COORDINATOR_ASSIGNED)
    assert list(told.values_list("recipient", flat=True)) == [hit_coordinator.pk]


def test_the_coordinator_opens_a_case_with_a_plan_and_invites_partners(
    on_list, hit_coordinator, regisseur, wijkteam, client_for
):
    client = client_for(hit_coordinator)
    person_page = client.get(reverse("targets:person", args=[on_list.person_id])).content.decode()
    url = reverse("targets:open_case", args=[on_list.pk])
    assert url in person_page

    response = client.post(url, {"title": "HIT-aanpak", "goal": "Dagbesteding gevonden"})
    assert response.status_code == 302
    case = Case.objects.get(persons=on_list.person)
    assert case.coordinator == hit_coordinator
    assert case.host_organisation == regisseur.organisation
    assert case.status == CaseStatus.TRIAGE
    assert case.plan.goals.get().description == "Dagbesteding gevonden"
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    # the host's staff see it as every case their house runs
    assert client_for(regisseur).get(reverse("cases:detail", args=[case.pk])).status_code == 200

    response = client_for(hit_coordinator).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": wijkteam.organisation.pk, "purpose": "", "purpose_category": ""},
    )
    assert response.status_code == 302
    assert case.participations.filter(organisation=wijkteam.organisation).exists()

    # a second open case for the same person is refused
    again = client.post(url, {"title": "Nog een", "goal": ""})
    assert again.status_code == 400
    assert Case.objects.filter(persons=on_list.person).count() == 1


def test_only_for_persons_on_lists_they_coordinate(
    on_list, other_coordinator, politie, analist, hit_coordinator
):
    for user in (other_coordinator, politie, analist):
        with pytest.raises(PermissionDenied):
            services.open_case_for_person(on_list, by=user, title="Niet van mij")
    assert not Case.objects.exists()
    services.remove_from_list(
        on_list.target_list, on_list.person, by=hit_coordinator, reason="Uitstroom"
    )
    on_list.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.open_case_for_person(on_list, by=hit_coordinator, title="Na uitstroom")


def test_the_coordinator_convenes_a_conference_on_their_case(
    on_list, hit_coordinator, politie, client_for
):
    case = services.open_case_for_person(on_list, by=hit_coordinator, title="HIT-aanpak")
    client = client_for(hit_coordinator)
    person_page = client.get(reverse("targets:person", args=[on_list.person_id])).content.decode()
    url = reverse("conferences:convene", args=[case.pk])
    assert url in person_page
    case_page = client.get(reverse("cases:conferences", args=[case.pk])).content.decode()
    assert url in case_page  # every manager of a case finds it on the case page too
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"title": "HIT-overleg", "starts_at": when, "location": "Stadhuis"})
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert conference.chair == hit_coordinator
    assert conference.host_organisation == case.host_organisation
    assert conference.agenda.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.CONFERENCE
    assert client.get(reverse("conferences:detail", args=[conference.pk])).status_code == 200

    # a partner of the case may not convene one
    case.participations.create(organisation=politie.organisation, invited_by=hit_coordinator)
    assert client_for(politie).post(url, {"title": "x", "starts_at": when}).status_code == 403
    partner_page = client_for(politie).get(reverse("cases:detail", args=[case.pk]))
    assert url not in partner_page.content.decode()

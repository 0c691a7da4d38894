"""Who sees a handed-over signal (issue 11): every role × hand-overs × UI list / detail / answer /
API list / detail. Written out by hand, not computed with the policy under test."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from schakel.audit.models import AuditEntry
from schakel.intake import handovers, services
from schakel.intake.models import Handover
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.access.test_matrix import USERS
from tests.factories import OrganisationFactory, PersonFactory, SignalFactory, level, make_user

pytestmark = pytest.mark.django_db

TEXT = {name: f"geheime-zorgtekst-{name}" for name in ("to_wijkteam", "to_corporatie", "declined")}

# signal -> users who see it (reporter politie, receiving house, the lead while it holds it)
EXPECTED_SIGNALS = {
    "to_wijkteam": {"regisseur", "politie", "wijkteam"},
    "to_corporatie": {"regisseur", "politie", "corporatie"},
    "declined": {"regisseur", "politie"},  # the wijkteam declined: it no longer sees it
}
# signal -> users who read its description (care): the house, the reporter, a lead with "care"
EXPECTED_TEXT = {
    "to_wijkteam": {"regisseur", "politie", "wijkteam"},
    "to_corporatie": {"regisseur", "politie"},  # a woningcorporatie has no care grant
    "declined": {"regisseur", "politie"},
}
# signal -> users who may answer its hand-over
EXPECTED_ANSWER = {"to_wijkteam": {"wijkteam"}, "to_corporatie": {"corporatie"}, "declined": set()}
# signal -> users who see the known person it is about: the house, and the lead while it holds
# the hand-over (it cannot take on the work without knowing whom); never the reporter
EXPECTED_PERSON = {
    "to_wijkteam": {"regisseur", "wijkteam"},
    "to_corporatie": {"regisseur", "corporatie"},
    "declined": {"regisseur"},
}
NOT_CASE_WORKERS = {"analist", "beheerder", "auditor"}


@pytest.fixture
def world():
    house = OrganisationFactory(name="Test veiligheidshuis", kind=K.SAFETY_HOUSE)
    users = {
        name: make_user(
            role,
            kind,
            username=name,
            org_name="Test veiligheidshuis" if kind == K.SAFETY_HOUSE else None,
        )
        for name, (role, kind) in USERS.items()
    }
    leads = {"to_wijkteam": "wijkteam", "to_corporatie": "corporatie", "declined": "wijkteam"}
    signals = {}
    for name, lead in leads.items():
        signal = SignalFactory(
            description=TEXT[name],
            data_category="care",
            reporting_organisation=users["politie"].organisation,
            receiving_organisation=house,
            reported_by=users["politie"],
        )
        signal.persons.add(PersonFactory(surname=f"Betrokkene{name.replace('_', '')}"))
        services.triage_signal(
            signal,
            by=users["regisseur"],
            level=level(2),
            lead_organisation=users[lead].organisation,
            reason="Eén plan.",
            answers={},
        )
        signals[name] = signal
    handovers.decline_handover(
        signals["declined"].handovers.get(), by=users["wijkteam"], reason="Geen capaciteit."
    )
    return users, signals


@pytest.mark.parametrize("username", list(USERS))
def test_ui_list_detail_and_answer(world, client, username):
    users, signals = world
    client.force_login(users[username])
    listing = client.get(reverse("intake:list"))
    if username in NOT_CASE_WORKERS:
        assert listing.status_code == 403
    else:
        body = listing.content.decode()
        for name, signal in signals.items():
            assert (signal.reference in body) == (username in EXPECTED_SIGNALS[name]), name
    for name, signal in signals.items():
        detail = client.get(reverse("intake:detail", args=[signal.pk]))
        if username not in EXPECTED_SIGNALS[name]:
            assert detail.status_code == 404, (username, name)
        else:
            assert detail.status_code == 200
            shown = TEXT[name] in detail.content.decode()
            assert shown == (username in EXPECTED_TEXT[name]), (username, name)
            person = signal.persons.get()
            named = person.surname in detail.content.decode()
            assert named == (username in EXPECTED_PERSON[name]), (username, name)
            if named:  # and the view of the person is audited
                assert AuditEntry.objects.filter(
                    user_id_ref=users[username].pk, person_id_ref=person.pk
                ).exists()
        handover = signal.handovers.get()
        before = handover.state
        answer = client.post(reverse("intake:handover_accept", args=[signal.pk, handover.pk]))
        handover.refresh_from_db()
        if username in EXPECTED_ANSWER[name]:
            assert handover.state == Handover.State.ACCEPTED
        else:
            assert answer.status_code in (302, 404)
            assert handover.state == before, (username, name)


@pytest.mark.parametrize("username", list(USERS))
def test_api_list_and_detail(world, username):
    users, signals = world
    client = APIClient()
    client.force_authenticate(users[username])
    listing = client.get(reverse("signal-list"))
    seen = {row["id"] for row in listing.data["results"]} if listing.status_code == 200 else set()
    for name, signal in signals.items():
        visible = username in EXPECTED_SIGNALS[name]
        assert (signal.pk in seen) == visible, (username, name)
        detail = client.get(reverse("signal-detail", args=[signal.pk]))
        if not visible:
            assert detail.status_code in (403, 404), (username, name)
            continue
        assert detail.status_code == 200
        assert (detail.data["description"] == TEXT[name]) == (username in EXPECTED_TEXT[name])
        persons = set(detail.data["persons"])
        expected_persons = {signal.persons.get().pk} if username in EXPECTED_PERSON[name] else set()
        assert persons == expected_persons, (username, name)
        states = [h["state"] for h in detail.data["handovers"]]
        if username == "regisseur":
            assert states == [signal.handovers.get().state]
        elif username == "politie":
            assert states == []  # the reporter learns the status, not who leads
        else:
            assert states == [signal.handovers.get().state]


def test_a_lead_from_another_house_sees_nothing_of_this_one(world):
    users, signals = world
    other = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "ander-vh", "Ander veiligheidshuis")
    client = APIClient()
    client.force_authenticate(other)
    for signal in signals.values():
        assert client.get(reverse("signal-detail", args=[signal.pk])).status_code == 404

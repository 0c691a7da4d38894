"""The Veiligheidshuis establishes who a partner's report is about: it sees the candidates it may
see, links or registers in a deliberate, audited decision, and never changes a known record."""

import datetime

import pytest
from django.urls import reverse

from schakel.audit.models import AuditEntry, Purpose
from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Person, ReportedSubject
from schakel.triage.models import EscalationLevel, IntakeCriterion
from tests.case_pages import whole_case_page
from tests.factories import VALID_BSNS, AddressFactory, CaseFactory, PersonFactory, make_user

pytestmark = pytest.mark.django_db

BSN = VALID_BSNS[2]


@pytest.fixture
def minor(regisseur):
    person = PersonFactory(
        bsn=BSN,
        given_names="Noor",
        surname="Registerkind",
        date_of_birth=datetime.date(2011, 3, 14),
        address=AddressFactory(postcode="1111AA", house_number=7, street="Geheimlaan"),
    )
    CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur, persons=[person])
    return person


def _report(client, regisseur, **typed):
    data = {
        "category": SignalCategory.objects.first().pk,
        "urgency": "normal",
        "description": "Overlast in de portiek.",
        "data_category": "general",
        "receiving_organisation": regisseur.organisation.pk,
        "person-bsn": BSN,
        "person-given_names": "Verzonnen",
        "person-surname": "Naamloos",
        "address-postcode": "2222BB",
        "address-house_number": "3",
    }
    data.update(typed)
    client.post(reverse("intake:create"), data)
    signal = Signal.objects.latest("pk")
    return signal, signal.reported_subjects.get()


def _establish(client, signal, statement, choice):
    return client.post(
        reverse("intake:establish_subject", args=[signal.pk, statement.pk]),
        {f"s{statement.pk}-person": choice},
    )


def test_the_veiligheidshuis_sees_the_candidate_and_the_statement_side_by_side(
    client_for, corporatie, regisseur, minor
):
    signal, _statement = _report(client_for(corporatie), regisseur)
    page = client_for(regisseur).get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert "Verzonnen Naamloos" in page and BSN in page  # the statement, BSN in full
    assert "Noor Registerkind" in page  # the candidate with that BSN, which it may see
    assert AuditEntry.objects.filter(
        user_id_ref=regisseur.pk, person_id_ref=minor.pk, purpose=Purpose.SUBJECT_MATCHING
    ).exists()


def test_linking_adds_the_person_to_the_signal_and_changes_nothing_on_the_record(
    client_for, corporatie, regisseur, minor
):
    signal, statement = _report(client_for(corporatie), regisseur)
    response = _establish(client_for(regisseur), signal, statement, str(minor.pk))
    assert response.status_code == 302
    assert list(signal.persons.all()) == [minor]
    statement.refresh_from_db()
    assert statement.decision == ReportedSubject.Decision.LINKED
    assert (statement.person, statement.decided_by) == (minor, regisseur)
    minor.refresh_from_db()
    assert (minor.given_names, minor.surname, minor.address.postcode) == (
        "Noor",
        "Registerkind",
        "1111AA",
    )
    assert AuditEntry.objects.filter(
        user_id_ref=regisseur.pk,
        person_id_ref=minor.pk,
        object_type="intake.signal",
        purpose=Purpose.SUBJECT_MATCHING,
    ).exists()
    # The reporter still sees only what it typed, and not the person linked to it.
    client = client_for(corporatie)
    page = client.get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert "Verzonnen" in page and "Registerkind" not in page
    assert client.get(reverse("registry:detail", args=[minor.pk])).status_code == 404


def test_the_reporter_cannot_establish_who_its_report_is_about(
    client_for, corporatie, regisseur, minor
):
    client = client_for(corporatie)
    signal, statement = _report(client, regisseur)
    assert _establish(client, signal, statement, "new").status_code == 400
    assert _establish(client, signal, statement, str(minor.pk)).status_code == 400
    statement.refresh_from_db()
    assert statement.is_pending and not signal.persons.exists()


def test_registering_a_new_person_copies_the_statement(client_for, corporatie, regisseur):
    signal, statement = _report(client_for(corporatie), regisseur, **{"person-bsn": VALID_BSNS[3]})
    assert _establish(client_for(regisseur), signal, statement, "new").status_code == 302
    person = signal.persons.get()
    assert (person.bsn, person.full_name, person.address.postcode) == (
        VALID_BSNS[3],
        "Verzonnen Naamloos",
        "2222BB",
    )
    statement.refresh_from_db()
    assert statement.decision == ReportedSubject.Decision.NEW
    # Decided once: a second decision is refused.
    assert _establish(client_for(regisseur), signal, statement, "new").status_code == 400
    assert Person.objects.count() == 1


def test_a_bsn_held_outside_the_deciders_sight_is_neither_shown_nor_touched(
    client_for, corporatie, regisseur
):
    other_house = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "ander-huis", "Ander huis")
    hidden = PersonFactory(bsn=BSN, given_names="Ver", surname="Weggestopt")
    CaseFactory(
        host_organisation=other_house.organisation, coordinator=other_house, persons=[hidden]
    )
    signal, statement = _report(client_for(corporatie), regisseur)
    client = client_for(regisseur)
    page = client.get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert "Weggestopt" not in page
    response = _establish(client, signal, statement, str(hidden.pk))
    assert response.status_code == 400  # not a candidate it may choose
    assert not signal.persons.exists()
    # A new person is registered without the BSN (record linkage may join them later).
    assert _establish(client, signal, statement, "new").status_code == 302
    person = signal.persons.get()
    assert person != hidden and person.bsn == "" and person.surname == "Naamloos"
    hidden.refresh_from_db()
    assert (hidden.surname, hidden.bsn) == ("Weggestopt", BSN)


def _triage_and_open(client, signal, regisseur):
    data = {
        "level": EscalationLevel.objects.get(number=3).pk,
        "lead_organisation": regisseur.organisation.pk,
        "reason": "Meerdere leefgebieden.",
        "reason_category": "general",
    }
    for criterion in IntakeCriterion.objects.all():
        data[f"criterion_{criterion.pk}"] = "yes"
    client.post(reverse("intake:triage", args=[signal.pk]), data)
    client.post(
        reverse("intake:open_case", args=[signal.pk]),
        {"title": "Overlast portiek", "coordinator": regisseur.pk},
    )
    return signal.cases.get()


def test_a_case_opened_on_the_signal_carries_the_statement_and_is_decided_there(
    client_for, corporatie, regisseur, minor
):
    signal, statement = _report(client_for(corporatie), regisseur)
    client = client_for(regisseur)
    case = _triage_and_open(client, signal, regisseur)
    assert list(case.reported_subjects.all()) == [statement]
    assert not case.persons.exists()
    # The corporatie takes part in the case now: it sees its own statement, not the candidate.
    page = whole_case_page(client_for(corporatie), case.pk).content.decode()
    assert "Verzonnen" in page and "Registerkind" not in page and BSN not in page
    # Only the hosting Veiligheidshuis decides, on the case.
    response = client_for(corporatie).post(
        reverse("cases:establish_subject", args=[case.pk, statement.pk]),
        {f"s{statement.pk}-person": "new"},
    )
    assert response.status_code in (400, 403)
    client = client_for(regisseur)  # one test client: log the Veiligheidshuis in again
    page = whole_case_page(client, case.pk).content.decode()
    assert "Noor Registerkind" in page
    response = client.post(
        reverse("cases:establish_subject", args=[case.pk, statement.pk]),
        {f"s{statement.pk}-person": str(minor.pk)},
    )
    assert response.status_code == 302
    assert list(case.persons.all()) == [minor] == list(signal.persons.all())
    # Now the corporatie, taking part in the case, sees the person through the case.
    assert (
        client_for(corporatie).get(reverse("registry:detail", args=[minor.pk])).status_code == 200
    )


def test_the_reporter_learns_its_report_was_handled_not_whether_the_bsn_was_known(
    client_for, corporatie, regisseur, minor
):
    """Review finding: "linked" versus "new" told the reporter whether the BSN it typed is known."""
    from rest_framework.test import APIClient

    known, known_statement = _report(client_for(corporatie), regisseur)
    _establish(client_for(regisseur), known, known_statement, str(minor.pk))
    unknown, unknown_statement = _report(
        client_for(corporatie), regisseur, **{"person-bsn": VALID_BSNS[3]}
    )
    _establish(client_for(regisseur), unknown, unknown_statement, "new")

    api = APIClient()
    api.force_login(corporatie)
    labels = [str(label) for label in ReportedSubject.Decision.labels]
    for signal in (known, unknown):
        [typed] = api.get(f"/api/v1/signals/{signal.pk}").json()["reported_subjects"]
        assert typed["decision"] == "handled"
        page = client_for(corporatie).get(reverse("intake:detail", args=[signal.pk]))
        table = page.content.decode().split("As reported", 1)[-1].split("</table>")[0]
        assert "Handled by the Veiligheidshuis" in table
        assert not any(label in table for label in labels if label), table


def test_statements_read_through_the_api_are_audited(client_for, corporatie, regisseur, minor):
    from rest_framework.test import APIClient

    signal, statement = _report(client_for(corporatie), regisseur)
    api = APIClient()
    api.force_login(regisseur)
    before = AuditEntry.objects.filter(object_type="registry.reportedsubject").count()
    assert api.get(f"/api/v1/signals/{signal.pk}").status_code == 200
    assert api.get("/api/v1/signals").status_code == 200
    entries = AuditEntry.objects.filter(
        object_type="registry.reportedsubject",
        object_id=str(statement.pk),
        user_id_ref=regisseur.pk,
    )
    assert entries.count() - before >= 2

"""'Already known?': only the organisation to contact, and the question logged without values."""

import datetime

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from schakel.analytics import bloom
from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.workflow import CaseStatus
from schakel.linkage import services
from schakel.linkage.models import EncodedPerson
from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory

QUESTION = {
    "given_names": "Fatma",
    "surname": "el Amrani",
    "date_of_birth": datetime.date(1975, 11, 30),
}


@pytest.fixture
def known_case(twins_of_records, open_case_of):
    original, _, _ = twins_of_records
    lead = OrganisationFactory(name="Reclassering Lindewaard", kind=OrganisationKind.PROBATION)
    return open_case_of(original, lead_organisation=lead, title="Casus 1")


def test_answer_names_only_the_organisation_to_contact(wijkteam, known_case):
    answer = services.already_known(by=wijkteam, **QUESTION)
    assert answer.known
    assert answer.organisations == ["Reclassering Lindewaard"]
    assert set(vars(answer)) == {"known", "organisations"}


def test_the_question_is_logged_without_its_values(wijkteam, known_case):
    services.already_known(by=wijkteam, bsn="123456782", **QUESTION)
    entries = AuditEntry.objects.filter(action=AuditAction.SEARCH)
    assert entries.filter(person_id_ref__isnull=True).count() == 1
    logged = " ".join(e.detail + e.object_id for e in entries)
    for value in ("Fatma", "Amrani", "1975", "123456782"):
        assert value not in logged


def test_closed_cases_do_not_count(wijkteam, known_case):
    known_case.status = CaseStatus.CLOSED
    known_case.save()
    answer = services.already_known(by=wijkteam, **QUESTION)
    assert not answer.known and answer.organisations == []


def test_a_different_bsn_is_never_the_same_person(wijkteam, known_case):
    answer = services.already_known(by=wijkteam, bsn="111222333", **QUESTION)
    assert not answer.known


def test_a_linked_record_makes_its_identity_known(regisseur, wijkteam, pending_pair, open_case_of):
    # The record without BSN is in no case; once linked, its identity's case counts.
    lead = OrganisationFactory(name="Politie Lindewaard", kind=OrganisationKind.POLICE)
    open_case_of(pending_pair.left, lead_organisation=lead)
    services.accept_pair(pair=pending_pair, by=regisseur)
    answer = services.already_known(
        by=wijkteam,
        given_names="Fatima",
        surname="El Amrany",
        date_of_birth=datetime.date(1975, 11, 30),
    )
    assert answer.organisations == ["Politie Lindewaard"]


def test_already_known_by_encoding(regisseur, wijkteam, known_case, twins_of_records):
    original = twins_of_records[0]
    key = b"key-agreed-between-the-partners-x"
    fields = {"given_name": "Fatima", "surname": "El Amrani", "date_of_birth": "1975-11-30"}
    services.import_encodings(
        by=regisseur,
        rows=[(str(original.pk), bloom.to_base64(bloom.encode_record(fields, key)))],
        key_label="partners-2026",
    )
    assert EncodedPerson.objects.count() == 1
    question = bloom.encode_record({**fields, "given_name": "Fatma"}, key)
    answer = services.already_known_by_encoding(by=wijkteam, clk=bloom.to_base64(question))
    assert answer.organisations == ["Reclassering Lindewaard"]
    # the same question under a key the partners did not agree on: no match
    other_key = bloom.encode_record(
        {**fields, "given_name": "Fatma"}, b"a-key-the-partners-did-not-agree"
    )
    assert not np.array_equal(other_key, question)
    assert not services.already_known_by_encoding(by=wijkteam, clk=bloom.to_base64(other_key)).known


def test_analyst_may_not_ask(analist, known_case):
    with pytest.raises(PermissionDenied):
        services.already_known(by=analist, **QUESTION)

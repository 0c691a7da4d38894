"""'Already known?': only the Veiligheidshuis to contact, enough identifying data, a recorded reason,
a daily limit that tells the privacy officer, and the question logged without values."""

import datetime

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from schakel.analytics import bloom
from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.workflow import CaseStatus
from schakel.linkage import services
from schakel.linkage.models import EncodedPerson
from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory

QUESTION = {
    "reason": "casus",
    "given_names": "Fatma",
    "surname": "el Amrani",
    "date_of_birth": datetime.date(1975, 11, 30),
}


@pytest.fixture
def known_case(twins_of_records, open_case_of):
    original, _, _ = twins_of_records
    lead = OrganisationFactory(name="Reclassering Lindewaard", kind=OrganisationKind.PROBATION)
    return open_case_of(original, lead_organisation=lead, title="Casus 1")


def test_answer_names_only_the_veiligheidshuis_never_the_partner(wijkteam, known_case):
    """The lead is the probation service: naming it would reveal justice involvement."""
    answer = services.already_known(by=wijkteam, **QUESTION)
    assert answer.known
    assert answer.organisations == ["Test veiligheidshuis"]
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
        reason="melding",
    )
    assert answer.organisations == ["Test veiligheidshuis"]


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
    answer = services.already_known_by_encoding(
        by=wijkteam, clk=bloom.to_base64(question), reason="casus"
    )
    assert answer.organisations == ["Test veiligheidshuis"]
    # the same question under a key the partners did not agree on: no match
    other_key = bloom.encode_record(
        {**fields, "given_name": "Fatma"}, b"a-key-the-partners-did-not-agree"
    )
    assert not np.array_equal(other_key, question)
    assert not services.already_known_by_encoding(
        by=wijkteam, clk=bloom.to_base64(other_key), reason="casus"
    ).known


def test_analyst_may_not_ask(analist, known_case):
    with pytest.raises(PermissionDenied):
        services.already_known(by=analist, **QUESTION)


@pytest.mark.parametrize(
    "question",
    [
        {"bsn": "123456782"},  # a BSN alone: 100 BSNs in 7 s named 32 persons' partners
        {"surname": "el Amrani", "date_of_birth": datetime.date(1975, 11, 30)},  # no given name
        {"given_names": "Fatma", "surname": "el Amrani"},  # no date of birth
    ],
)
def test_a_question_must_identify_a_person(wijkteam, known_case, question):
    with pytest.raises(ValidationError):
        services.already_known(by=wijkteam, reason="casus", **question)


def test_the_reason_is_required_and_recorded(wijkteam, known_case):
    with pytest.raises(ValidationError):
        services.already_known(by=wijkteam, **{**QUESTION, "reason": ""})
    services.already_known(by=wijkteam, **QUESTION)
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH, person_id_ref__isnull=True)
    assert "reden: casus" in entry.detail


@override_settings(SCHAKEL_ALREADY_KNOWN_PER_DAY=3)
def test_a_daily_limit_per_user_and_the_privacy_officer_is_told(wijkteam, politie, known_case):
    for _ in range(3):
        assert services.already_known(by=wijkteam, **QUESTION).known
    for _ in range(2):
        with pytest.raises(ValidationError):
            services.already_known(by=wijkteam, **QUESTION)
    alerts = AuditEntry.objects.filter(object_type=services.ALREADY_KNOWN_ALERT)
    assert alerts.count() == 1
    assert alerts.get().user_id_ref == wijkteam.pk
    # another user has a limit of their own
    assert services.already_known(by=politie, **QUESTION).known

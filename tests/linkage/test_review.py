"""Clerical review: accept, reject and undo, each audited with both person ids; identities."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.audit.models import AuditAction, AuditEntry
from schakel.linkage import services
from schakel.linkage.models import CandidatePair, PersonLink
from schakel.registry.models import Person


def _entries_about(pair):
    return AuditEntry.objects.filter(object_type="linkage.candidatepair", object_id=str(pair.pk))


def test_accepting_a_pair_links_both_records_without_changing_them(regisseur, pending_pair):
    before = {p.pk: (p.given_names, p.surname, p.bsn) for p in Person.objects.all()}
    services.accept_pair(pair=pending_pair, by=regisseur)
    pending_pair.refresh_from_db()
    assert pending_pair.status == CandidatePair.Status.ACCEPTED
    assert services.identity_person_ids(pending_pair.left_id) == {
        pending_pair.left_id,
        pending_pair.right_id,
    }
    after = {p.pk: (p.given_names, p.surname, p.bsn) for p in Person.objects.all()}
    assert before == after  # both source records intact


def test_every_decision_is_audited_with_both_person_ids(regisseur, pending_pair):
    services.accept_pair(pair=pending_pair, by=regisseur)
    entries = _entries_about(pending_pair).filter(action=AuditAction.CHANGE)
    assert {e.person_id_ref for e in entries} == {pending_pair.left_id, pending_pair.right_id}
    assert all(
        f"persoon {pending_pair.left_id}" in e.detail
        and f"persoon {pending_pair.right_id}" in e.detail
        for e in entries
    )


def test_undo_unlinks_and_queues_the_pair_again(regisseur, pending_pair):
    services.accept_pair(pair=pending_pair, by=regisseur)
    services.undo_decision(pair=pending_pair, by=regisseur)
    pending_pair.refresh_from_db()
    assert pending_pair.is_pending
    assert services.identity_person_ids(pending_pair.left_id) == {pending_pair.left_id}
    link = PersonLink.objects.get(left_id=pending_pair.left_id)
    assert link.undone_at is not None and link.undone_by == regisseur  # history kept
    assert _entries_about(pending_pair).filter(detail__contains="ongedaan").count() == 2


def test_rejecting_keeps_records_apart_and_can_be_undone(regisseur, pending_pair):
    services.reject_pair(pair=pending_pair, by=regisseur)
    pending_pair.refresh_from_db()
    assert pending_pair.status == CandidatePair.Status.REJECTED
    assert not PersonLink.objects.exists()
    with pytest.raises(ValidationError):
        services.accept_pair(pair=pending_pair, by=regisseur)
    services.undo_decision(pair=pending_pair, by=regisseur)
    pending_pair.refresh_from_db()
    assert pending_pair.is_pending


def test_professional_cannot_decide_on_pairs(politie, pending_pair):
    with pytest.raises(PermissionDenied):
        services.accept_pair(pair=pending_pair, by=politie)


def test_a_new_run_does_not_queue_a_decided_pair_again(regisseur, pending_pair):
    services.reject_pair(pair=pending_pair, by=regisseur)
    run = services.save_run(
        by=regisseur,
        mode="dedupe",
        pairs=[(pending_pair.left_id, pending_pair.right_id, 0.9)],
        record_count=3,
        lower_threshold=0.5,
        upper_threshold=0.95,
        link_above_upper=True,
        parameters={},
    )
    assert run.pair_count == 0


def test_pairs_above_the_upper_threshold_are_linked_and_can_be_undone(regisseur, twins_of_records):
    original, again, _ = twins_of_records
    run = services.save_run(
        by=regisseur,
        mode="dedupe",
        pairs=[(again.pk, original.pk, 0.99)],
        record_count=3,
        lower_threshold=0.5,
        upper_threshold=0.95,
        link_above_upper=True,
        parameters={},
    )
    assert (run.linked_count, run.review_count) == (1, 0)
    pair = run.pairs.get()
    assert pair.status == CandidatePair.Status.LINKED and pair.left_id == original.pk
    services.undo_decision(pair=pair, by=regisseur)
    assert services.identity_person_ids(original.pk) == {original.pk}


def test_registry_run_finds_the_spelling_variant(regisseur, twins_of_records, other_people):
    original, again, stranger = twins_of_records
    run = services.start_registry_run(by=regisseur, lower_threshold=0.3, upper_threshold=1.0)
    pairs = set(run.pairs.values_list("left_id", "right_id"))
    assert (original.pk, again.pk) in pairs
    assert not any(stranger.pk in pair for pair in pairs)
    assert AuditEntry.objects.filter(object_type="linkage.linkagerun", action="create").exists()


def test_thresholds_must_be_ordered(regisseur, twins_of_records):
    with pytest.raises(ValidationError):
        services.start_registry_run(by=regisseur, lower_threshold=0.9, upper_threshold=0.5)

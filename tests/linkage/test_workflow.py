"""The clerical-review workflow table of a candidate pair, and the services that walk it."""

import pytest

from schakel.access.errors import ValidationError
from schakel.linkage import services
from schakel.linkage.models import CandidatePair
from schakel.linkage.workflow import ALLOWED_TRANSITIONS, PairStatus

S = PairStatus
STEPS = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in sorted(targets)]


def _act(pair, to_status, by):
    if to_status == S.ACCEPTED:
        return services.accept_pair(pair=pair, by=by)
    if to_status == S.REJECTED:
        return services.reject_pair(pair=pair, by=by)
    if to_status == S.PENDING:
        return services.undo_decision(pair=pair, by=by)
    raise AssertionError(f"only a run links a pair without review, not a step to {to_status}")


def _pair_in(pair, status, by):
    if status in (S.ACCEPTED, S.REJECTED):
        return _act(pair, status, by)
    CandidatePair.objects.filter(pk=pair.pk).update(status=status)
    pair.refresh_from_db()
    return pair


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(PairStatus.values)


def test_every_decision_can_be_undone_and_only_a_pending_pair_is_decided():
    assert ALLOWED_TRANSITIONS[S.PENDING] == {S.ACCEPTED, S.REJECTED}
    for status in (S.ACCEPTED, S.REJECTED, S.LINKED):
        assert ALLOWED_TRANSITIONS[status] == {S.PENDING}


@pytest.mark.parametrize(("from_status", "to_status"), STEPS)
def test_every_allowed_step_works_through_its_service(
    regisseur, pending_pair, from_status, to_status
):
    pair = _pair_in(pending_pair, from_status, regisseur)
    _act(pair, to_status, regisseur)
    pair.refresh_from_db()
    assert pair.status == to_status


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(S.PENDING, S.PENDING), (S.ACCEPTED, S.REJECTED), (S.LINKED, S.ACCEPTED)],
)
def test_steps_outside_the_table_are_refused(regisseur, pending_pair, from_status, to_status):
    pair = _pair_in(pending_pair, from_status, regisseur)
    with pytest.raises(ValidationError):
        _act(pair, to_status, regisseur)
    pair.refresh_from_db()
    assert pair.status == from_status

import pytest

from schakel.access.errors import ValidationError
from schakel.cases import services
from schakel.cases.models import CaseEvent
from schakel.cases.workflow import ALLOWED_TRANSITIONS, CaseStatus, can_transition
from tests.factories import CaseFactory


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(CaseStatus.values)


def test_terminal_statuses_go_nowhere():
    for status in (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.REFERRED):
        assert not ALLOWED_TRANSITIONS[status]


def test_every_open_status_can_reach_closed():
    reachable = {CaseStatus.REGISTERED}
    frontier = [CaseStatus.REGISTERED]
    while frontier:
        for nxt in ALLOWED_TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(CaseStatus.values)


def test_cannot_skip_from_triage_to_closed():
    assert not can_transition(CaseStatus.TRIAGE, CaseStatus.CLOSED)


@pytest.mark.django_db
def test_change_status_appends_history_and_refuses_illegal_steps(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    services.change_status(case, by=regisseur, to_status=CaseStatus.CONFERENCE)
    with pytest.raises(ValidationError):
        services.change_status(case, by=regisseur, to_status=CaseStatus.CLOSED, reason="klaar")
    case.refresh_from_db()
    assert case.status == CaseStatus.CONFERENCE
    event = case.events.get()
    assert (event.from_status, event.to_status) == (CaseStatus.TRIAGE, CaseStatus.CONFERENCE)


@pytest.mark.django_db
def test_history_cannot_be_edited_or_deleted(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    services.change_status(case, by=regisseur, to_status=CaseStatus.CONFERENCE)
    event = case.events.get()
    event.description = "vervalst"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        CaseEvent.objects.filter(case=case).update(description="vervalst")
    with pytest.raises(ValidationError):
        event.delete()

"""The signal workflow table, and the services that walk it."""

import pytest

from schakel.access.errors import ValidationError
from schakel.cases import services as case_services
from schakel.intake import handovers, services
from schakel.intake.workflow import ALLOWED_TRANSITIONS, OPEN_STATUSES, SignalStatus
from schakel.organisations.models import OrganisationKind, Role
from tests.factories import OrganisationFactory, SignalFactory, level, make_user

S = SignalStatus
STEPS = [(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in sorted(targets)]
NO_ACTION_YET: set[tuple[str, str]] = set()


def test_every_status_is_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(SignalStatus.values)


def test_handled_signals_go_nowhere():
    for status in (S.CASE_OPENED, S.DISMISSED):
        assert not ALLOWED_TRANSITIONS[status]
    # a referred signal comes back only when its hand-over is declined or not accepted in time
    assert ALLOWED_TRANSITIONS[S.REFERRED] == {S.TRIAGED}
    assert set(OPEN_STATUSES) == {S.RECEIVED, S.TRIAGED, S.REFERRED}


def test_every_status_can_be_reached_from_received():
    reachable, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        for nxt in ALLOWED_TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(SignalStatus.values)


def _triage(signal, regisseur):
    return services.triage_signal(
        signal,
        by=regisseur,
        level=level(3),
        lead_organisation=regisseur.organisation,
        reason="Meerdere leefgebieden.",
        answers={},
    )


def _hand_over(signal, regisseur):
    """Triage at level 2 with a partner leading: the signal is handed over (referred)."""
    partner = OrganisationFactory(name="Wijkteam", kind=OrganisationKind.DISTRICT_TEAM)
    return services.triage_signal(
        signal,
        by=regisseur,
        level=level(2),
        lead_organisation=partner,
        reason="Eén plan.",
        answers={},
    )


def _signal_in(status, regisseur):
    signal = SignalFactory(receiving_organisation=regisseur.organisation)
    if status == S.TRIAGED:
        _triage(signal, regisseur)
    elif status == S.REFERRED:
        _hand_over(signal, regisseur)
    elif status != S.RECEIVED:
        signal.status = status
        signal.save(update_fields=["status"])
    return signal


def _step(signal, to_status, regisseur):
    if to_status == S.TRIAGED and signal.status == S.REFERRED:
        # back from a declined hand-over
        handover = signal.handovers.get()
        lead = make_user(Role.PROFESSIONAL, OrganisationKind.DISTRICT_TEAM, "wt", "Wijkteam")
        handover.organisation = lead.organisation
        handover.save(update_fields=["organisation"])
        handovers.decline_handover(handover, by=lead, reason="Geen capaciteit.")
    elif to_status == S.TRIAGED:
        _triage(signal, regisseur)
    elif to_status == S.REFERRED:
        decision = signal.triage_decisions.get()
        decision.lead_organisation = OrganisationFactory(
            name="Wijkteam", kind=OrganisationKind.DISTRICT_TEAM
        )
        handovers.offer_handover(signal, decision, by=regisseur)
    elif to_status == S.DISMISSED:
        services.dismiss_signal(signal, by=regisseur, reason="Geen zorgen.")
    elif to_status == S.CASE_OPENED:
        case_services.open_case_from_signal(signal, by=regisseur, title="Overlast")
    else:
        raise AssertionError(f"no service makes the step to {to_status}")


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), sorted(set(STEPS) - NO_ACTION_YET))
def test_every_allowed_step_works_through_its_service(regisseur, from_status, to_status):
    signal = _signal_in(from_status, regisseur)
    _step(signal, to_status, regisseur)
    signal.refresh_from_db()
    assert signal.status == to_status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.TRIAGED, S.TRIAGED),
        (S.DISMISSED, S.TRIAGED),
        (S.CASE_OPENED, S.DISMISSED),
        (S.REFERRED, S.DISMISSED),
        (S.REFERRED, S.CASE_OPENED),
    ],
)
def test_steps_outside_the_table_are_refused(regisseur, from_status, to_status):
    signal = _signal_in(from_status, regisseur)
    with pytest.raises(ValidationError):
        _step(signal, to_status, regisseur)
    signal.refresh_from_db()
    assert signal.status == from_status

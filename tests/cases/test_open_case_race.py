"""A signal leads to at most one case: simultaneous requests to open one are refused cleanly,
and the database itself refuses a second case on the same signal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from schakel.cases import services
from schakel.cases.models import Case
from schakel.intake import services as intake_services
from schakel.intake.models import Signal
from tests.conftest import install_default_configuration
from tests.factories import SignalFactory, level

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer: simultaneous requests need PostgreSQL to race",
)


def _triaged_signal(regisseur):
    signal = SignalFactory(receiving_organisation=regisseur.organisation)
    intake_services.triage_signal(
        signal,
        by=regisseur,
        level=level(3),
        lead_organisation=regisseur.organisation,
        reason="Meerdere leefgebieden.",
        answers={},
    )
    return signal


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_requests_open_exactly_one_case(regisseur):
    install_default_configuration()
    signal = _triaged_signal(regisseur)
    start = threading.Barrier(4)
    outcomes: list = []

    def open_case():
        try:
            start.wait()
            services.open_case_from_signal(
                Signal.objects.get(pk=signal.pk), by=regisseur, title="Overlast"
            )
            outcomes.append("opened")
        except ValidationError as refusal:
            outcomes.append(("refused", " ".join(refusal.messages)))
        except Exception as error:  # anything else would be a 500
            outcomes.append(("error", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_case) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Case.objects.filter(source_signal=signal).count() == 1
    assert outcomes.count("opened") == 1, outcomes
    refusals = [o for o in outcomes if o != "opened"]
    assert [o[0] for o in refusals] == ["refused"] * 3, outcomes
    signal.refresh_from_db()
    assert signal.status == Signal.Status.CASE_OPENED


@pytest.mark.django_db
def test_a_second_case_on_an_opened_signal_is_refused(regisseur):
    signal = _triaged_signal(regisseur)
    services.open_case_from_signal(signal, by=regisseur, title="Overlast")
    with pytest.raises(ValidationError):
        services.open_case_from_signal(signal, by=regisseur, title="Nog eens")
    assert Case.objects.filter(source_signal=signal).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_case_on_the_same_signal(regisseur):
    signal = _triaged_signal(regisseur)
    case = services.open_case_from_signal(signal, by=regisseur, title="Overlast")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            reference="C-DUP",
            title="Tweede",
            host_organisation=case.host_organisation,
            lead_organisation=case.lead_organisation,
            coordinator=regisseur,
            source_signal=signal,
        )

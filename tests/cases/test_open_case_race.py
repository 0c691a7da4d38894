"""A signal leads to at most one case: simultaneous requests to open one are refused cleanly.

This module holds only the transactional test: its flush empties the database (configuration
data too), so pytest-django runs it after every plain database test, and with `--dist loadfile`
a plain test in the same file would pull it forward. The plain tests are in
`test_one_case_per_signal.py`."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

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

"""PostgreSQL under concurrent writers: no error reaches the user, no write is lost, and the audit
chain verifies afterwards (issue 10; the SQLite counterpart is test_sqlite_concurrency.py).

Many threads — as gunicorn's threads and workers do — each on their own connection add notes,
create signals and show pages of persons (one audit entry per person) at the same moment. Every
audit entry goes through the chain's advisory lock, so the chain stays one unbroken line.

This module holds only the transactional test: its flush empties the database (configuration data
too), so pytest-django runs it after every plain database test, and with `--dist loadfile` a plain
test in the same file would pull it forward.
"""

import threading

import pytest
from django.db import connection, connections

from schakel.audit.chain import verify_chain
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.services import record, record_shown
from schakel.cases.models import CaseNote
from schakel.cases.services import add_note
from schakel.intake.models import Signal, SignalCategory
from schakel.intake.services import create_signal
from tests.conftest import install_default_configuration
from tests.factories import CaseFactory, PersonFactory

THREADS = 12
WRITES = 10

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="runs when DATABASE_URL points at PostgreSQL (SQLite: test_sqlite_concurrency.py)",
)


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_threads_write_at_once_and_the_audit_chain_verifies():
    install_default_configuration()
    case = CaseFactory()
    regisseur = case.coordinator
    persons = PersonFactory.create_batch(3)
    category = SignalCategory.objects.order_by("pk").first()
    audit_before = AuditEntry.objects.count()
    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(WRITES):
                try:
                    add_note(case, by=regisseur, category="general", text=f"Notitie {n}-{i}")
                    create_signal(
                        by=regisseur,
                        category=category,
                        description=f"Signaal {n}-{i}",
                        receiving_organisation=case.host_organisation,
                    )
                    record_shown(regisseur, AuditAction.LIST, [(case, persons)])
                    record(regisseur, AuditAction.VIEW, obj=case, purpose=Purpose.CASE_HANDLING)
                except Exception as error:  # noqa: BLE001 — anything here would be a 500
                    errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected = {f"{n}-{i}" for n in range(THREADS) for i in range(WRITES)}
    notes = set(CaseNote.objects.filter(case=case).values_list("text", flat=True))
    assert notes == {f"Notitie {key}" for key in expected}
    signals = set(Signal.objects.values_list("description", flat=True))
    assert signals >= {f"Signaal {key}" for key in expected}
    assert Signal.objects.values("reference").distinct().count() == Signal.objects.count()
    # Per write: the note's entry, the signal's own entries, a page of three persons, one view.
    written = AuditEntry.objects.count() - audit_before
    signal_entries = AuditEntry.objects.filter(object_type="intake.signal").count()
    assert written == THREADS * WRITES * (1 + 3 + 1) + signal_entries
    assert verify_chain(AuditEntry.objects.order_by("id").iterator()) == []

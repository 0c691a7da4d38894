"""A page that shows persons is audited without waiting for the audit chain's lock (PostgreSQL):
its entries are stored at once and chained right after, by whoever holds the lock next.

Transactional tests only (threads with their own connections), skipped on SQLite: it serialises
every writer. Plain database tests of waiting reads are in test_pending_reads.py: a module that
mixed both would be scheduled with the plain tests, and its flush would empty the configuration
and the shared demo for the modules after it on the same worker.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from schakel.audit.models import AuditAction, AuditEntry, PendingAuditEntry
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import _CHAIN_LOCK_ID, chain_pending, record, record_shown
from tests.conftest import install_default_configuration
from tests.factories import CaseFactory, PersonFactory

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the chain's lock is a PostgreSQL advisory lock; SQLite serialises every writer",
)


def _in_thread(target, *args) -> threading.Thread:
    def run():
        try:
            target(*args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _hold_the_chain_lock(acquired: threading.Event, release: threading.Event) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        acquired.set()
        release.wait(30)


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_read_is_stored_while_another_holds_the_chain_lock_and_chained_afterwards(regisseur):
    install_default_configuration()
    case = CaseFactory()
    persons = [PersonFactory(), PersonFactory()]
    acquired, release = threading.Event(), threading.Event()
    holder = _in_thread(_hold_the_chain_lock, acquired, release)
    assert acquired.wait(10)
    try:
        reader = _in_thread(record_shown, regisseur, AuditAction.VIEW, [(case, persons)])
        reader.join(10)
        assert not reader.is_alive(), "the read waited for the chain's lock"
        waiting = PendingAuditEntry.objects.filter(object_type="cases.case")
        assert sorted(waiting.values_list("person_id_ref", flat=True)) == sorted(
            p.pk for p in persons
        )
    finally:
        release.set()
        holder.join(10)
    assert chain_pending() == 2
    assert not PendingAuditEntry.objects.exists()
    shown = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert sorted(shown.values_list("person_id_ref", flat=True)) == sorted(p.pk for p in persons)
    assert verify_stored_chain().breaks == []


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_case_page_opens_while_the_chain_is_locked_and_its_view_is_recorded(regisseur):
    from django.test import Client

    install_default_configuration()
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    persons = [PersonFactory(), PersonFactory()]
    case.persons.add(*persons)
    client = Client()
    client.force_login(regisseur)
    statuses = []
    acquired, release = threading.Event(), threading.Event()
    holder = _in_thread(_hold_the_chain_lock, acquired, release)
    assert acquired.wait(10)
    try:
        page = _in_thread(
            lambda: statuses.append(client.get(f"/casussen/{case.pk}/betrokkenen/").status_code)
        )
        page.join(30)
        assert not page.is_alive(), "the case page waited for the chain's lock"
        assert statuses == [200]
    finally:
        release.set()
        holder.join(10)
    chain_pending()
    viewed = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="cases.case", object_id=str(case.pk)
    )
    assert viewed.filter(person_id_ref__isnull=True).count() == 1
    assert sorted(viewed.exclude(person_id_ref=None).values_list("person_id_ref", flat=True)) == (
        sorted(p.pk for p in persons)
    )
    assert verify_stored_chain().breaks == []


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_read_is_chained_right_after_it_is_stored_when_the_lock_is_free(regisseur):
    person = PersonFactory()
    record_shown(regisseur, AuditAction.VIEW, [(person, [person])])
    assert not PendingAuditEntry.objects.exists()
    assert AuditEntry.objects.filter(person_id_ref=person.pk, action=AuditAction.VIEW).exists()


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_chain_verifies_after_many_concurrent_readers_and_writers(regisseur):
    install_default_configuration()
    persons = [PersonFactory() for _ in range(5)]
    cases = [CaseFactory() for _ in range(4)]
    start = threading.Barrier(8)

    def reader(case):
        start.wait()
        for _ in range(10):
            record_shown(regisseur, AuditAction.VIEW, [(case, persons)])

    def writer(case):
        start.wait()
        for _ in range(10):
            record(regisseur, AuditAction.CHANGE, obj=case)

    threads = [_in_thread(reader, case) for case in cases] + [
        _in_thread(writer, case) for case in cases
    ]
    for thread in threads:
        thread.join(60)
    report = verify_stored_chain()  # chains what still waits, then walks the chain
    assert report.breaks == []
    assert not PendingAuditEntry.objects.exists()
    for case in cases:
        entries = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        assert entries.filter(action=AuditAction.VIEW).count() == 10 * len(persons)
        assert entries.filter(action=AuditAction.CHANGE).count() == 10


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_waiting_read_cannot_be_changed(regisseur):
    person = PersonFactory()
    acquired, release = threading.Event(), threading.Event()
    holder = _in_thread(_hold_the_chain_lock, acquired, release)
    assert acquired.wait(10)
    try:
        record_shown(regisseur, AuditAction.VIEW, [(person, [person])])
        waiting = PendingAuditEntry.objects.get(person_id_ref=person.pk)
        waiting.detail = "changed"
        with pytest.raises(ValidationError):
            waiting.save()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_pendingauditentry SET detail = 'changed' WHERE id = %s", [waiting.pk]
            )
    finally:
        release.set()
        holder.join(10)
    chain_pending()
    assert AuditEntry.objects.get(person_id_ref=person.pk).detail == ""

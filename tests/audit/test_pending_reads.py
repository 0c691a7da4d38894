"""Waiting audit reads (PostgreSQL) outside the chain's lock tests: plain database tests, kept
apart from the transactional ones in test_reads_off_the_chain_lock.py, whose flush must come
after every plain database test (pytest-django orders by test, --dist loadfile by module)."""

import pytest
from django.db import connection

from schakel.audit.models import AuditAction, AuditEntry, PendingAuditEntry
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import chain_pending, record_shown
from tests.factories import PersonFactory

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the chain's lock is a PostgreSQL advisory lock; SQLite serialises every writer",
)


@requires_postgresql
@pytest.mark.django_db
def test_a_read_written_into_the_waiting_table_without_the_audit_key_is_refused(regisseur):
    """Review finding: someone with INSERT on the database but without the audit key could add a
    "read" to the waiting table; the next chaining gave it a valid keyed hash."""
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_pendingauditentry (timestamp, user_id_ref, username,"
            " organisation_name, role, action, object_type, object_id, person_id_ref, purpose,"
            " detail, client_address, session_ref, mac) VALUES (%s, %s, 'regisseur', 'VHH',"
            " 'procesregisseur', 'view', 'registry.person', '4242', 4242, 'casusbehandeling',"
            " '', '', '', %s)",
            [timezone.now(), regisseur.pk, "0" * 64],
        )
    chain_pending()
    assert not AuditEntry.objects.filter(person_id_ref=4242).exists()
    refusal = AuditEntry.objects.get(object_type="audit.pendingauditentry")
    assert "vervalst" in refusal.detail
    assert not PendingAuditEntry.objects.exists()
    assert verify_stored_chain().breaks == []


@pytest.mark.django_db
def test_on_sqlite_a_read_is_chained_at_once(regisseur):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's behaviour")
    person = PersonFactory()
    record_shown(regisseur, AuditAction.VIEW, [(person, [person])])
    assert not PendingAuditEntry.objects.exists()
    assert AuditEntry.objects.filter(person_id_ref=person.pk).exists()

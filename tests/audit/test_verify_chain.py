"""Tampering that slips past the application (raw SQL on SQLite) is caught by the hash chain."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from schakel.audit.chain import CONTENT_CHANGED, LINK_BROKEN, verify_chain
from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import record

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="on PostgreSQL the trigger refuses the raw UPDATE"
)


def _three_entries(user):
    return [
        record(user, AuditAction.VIEW, object_type="cases.case", object_id=i) for i in (1, 2, 3)
    ]


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_intact_chain_passes_the_command(regisseur):
    _three_entries(regisseur)
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    report = verify_stored_chain(batch_size=2)
    assert report.is_intact
    assert report.checked == AuditEntry.objects.count()
    assert str(report.checked) in out.getvalue()


@sqlite_only
def test_raw_update_is_detected_by_verify_chain(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("UPDATE audit_auditentry SET detail = 'vervalst' WHERE id = %s", [second.pk])

    breaks = verify_chain(AuditEntry.objects.order_by("id"))

    assert [(b.entry_id, b.reason) for b in breaks] == [(second.pk, CONTENT_CHANGED)]


@sqlite_only
def test_raw_update_with_recomputed_hash_breaks_the_next_link(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, second.pk])

    reasons = {(b.entry_id, b.reason) for b in verify_chain(AuditEntry.objects.order_by("id"))}

    assert (second.pk, CONTENT_CHANGED) in reasons
    assert (third.pk, LINK_BROKEN) in reasons


@sqlite_only
def test_raw_delete_is_detected_by_the_next_entry(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [second.pk])

    breaks = verify_stored_chain(batch_size=1).breaks

    assert [(b.entry_id, b.reason) for b in breaks] == [(third.pk, LINK_BROKEN)]


@sqlite_only
def test_command_exits_non_zero_and_names_the_tampered_entry(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("UPDATE audit_auditentry SET username = 'iemand-anders' WHERE id = %s", [second.pk])
    out = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain", "--batch-size", "2", stdout=out)

    assert raised.value.returncode != 0
    checked_line, *break_lines = out.getvalue().splitlines()
    assert str(AuditEntry.objects.count()) in checked_line
    assert len(break_lines) == 1
    assert str(second.pk) in break_lines[0]

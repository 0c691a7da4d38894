"""Retention of the audit log: a controlled prefix truncation that `verify` still accepts, and
nothing else the database allows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from schakel.audit.anchors import ANCHOR_SIGNATURE_INVALID
from schakel.audit.checkpoints import CHECKPOINT_REASONS, write_checkpoint
from schakel.audit.models import AuditAction, AuditAnchor, AuditEntry, Purpose
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import record
from schakel.audit.truncation import truncate_audit_log

pytestmark = pytest.mark.django_db


def _entries(user, n, label):
    return [
        record(user, AuditAction.VIEW, object_type="cases.case", object_id=f"{label}{i}")
        for i in range(n)
    ]


def test_old_entries_are_removed_and_the_chain_still_verifies(regisseur):
    old = _entries(regisseur, 3, "oud")
    write_checkpoint()  # signed before the truncation: it counted the old entries
    cutoff = timezone.now()
    new = _entries(regisseur, 2, "nieuw")

    anchor = truncate_audit_log(cutoff, by=regisseur)

    assert anchor.up_to_id == old[-1].pk and anchor.anchor_hash == old[-1].entry_hash
    assert not AuditEntry.objects.filter(id__lte=old[-1].pk).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in new]).count() == 2
    removal = AuditEntry.objects.filter(purpose=Purpose.RETENTION).get()
    assert f"t/m {old[-1].pk}" in removal.detail
    report = verify_stored_chain()
    assert report.is_intact, report.breaks


def test_the_database_still_refuses_deleting_entries_after_the_anchor(regisseur):
    _entries(regisseur, 2, "oud")
    cutoff = timezone.now()
    kept = _entries(regisseur, 2, "nieuw")
    truncate_audit_log(cutoff, by=regisseur)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [kept[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [kept[0].pk])


def test_an_anchor_forged_without_the_key_is_detected(regisseur):
    entries = _entries(regisseur, 4, "e")
    write_checkpoint()
    # Someone with database access but without the audit key "anchors" the first entries away.
    AuditAnchor.objects.create(
        created_at=timezone.now(),
        up_to_id=entries[1].pk,
        head_id=entries[-1].pk,
        anchor_hash=entries[1].entry_hash,
        removed=2,
        cutoff=timezone.now(),
        signature="0" * 64,
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id <= %s", [entries[1].pk])

    report = verify_stored_chain()

    assert ANCHOR_SIGNATURE_INVALID in {b.reason for b in report.breaks}
    # The checkpoint is not set aside by a forged anchor: it still sees the entries missing.
    assert {b.reason for b in report.breaks} & CHECKPOINT_REASONS


def test_truncating_newer_entries_after_an_anchor_is_still_detected(regisseur, settings):
    _entries(regisseur, 2, "oud")
    cutoff = timezone.now()
    _entries(regisseur, 3, "nieuw")
    truncate_audit_log(cutoff, by=regisseur)  # signs a new checkpoint of the head
    head = AuditEntry.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS audit_append_only_delete") if (
            connection.vendor == "sqlite"
        ) else cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [head.pk])
    assert not verify_stored_chain().is_intact


def test_a_broken_chain_is_not_truncated(regisseur):
    entries = _entries(regisseur, 3, "e")
    cutoff = timezone.now()
    _entries(regisseur, 1, "nieuw")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only_update")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute(
            "UPDATE audit_auditentry SET detail = 'vervalst' WHERE id = %s", [entries[1].pk]
        )
    with pytest.raises(ValidationError):
        truncate_audit_log(cutoff, by=regisseur)
    assert AuditEntry.objects.filter(pk=entries[0].pk).exists()
    assert not AuditAnchor.objects.exists()


def test_nothing_old_enough_removes_nothing(regisseur):
    _entries(regisseur, 2, "e")
    assert truncate_audit_log(timezone.now() - timezone.timedelta(days=1), by=regisseur) is None

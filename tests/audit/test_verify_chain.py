"""Tampering that slips past the application and the database triggers (an attacker with database
access drops them first) is caught by the keyed hash chain and the signed checkpoints."""

import hashlib
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from schakel.audit.chain import (
    CHAINED_FIELDS,
    CONTENT_CHANGED,
    CURRENT_HASH_VERSION,
    GENESIS_HASH,
    HASH_HMAC_SHA256,
    HASH_SHA256,
    LINK_BROKEN,
    UNKEYED_AFTER_KEYED,
    _canonical,
    compute_hash,
    verify_chain,
)
from schakel.audit.checkpoints import (
    CHECKPOINT_HASH_DIFFERS,
    CHECKPOINT_SIGNATURE_INVALID,
    CHECKPOINTED_ENTRY_MISSING,
    ENTRIES_MISSING,
    write_checkpoint,
)
from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import record

pytestmark = pytest.mark.django_db


def _drop_append_only_triggers():
    """What an attacker with database access does first (rolled back with the test)."""
    if connection.vendor == "postgresql":
        statements = ["DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry"]
    else:
        statements = [
            "DROP TRIGGER IF EXISTS audit_append_only_update",
            "DROP TRIGGER IF EXISTS audit_append_only_delete",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _three_entries(user):
    return [
        record(user, AuditAction.VIEW, object_type="cases.case", object_id=i) for i in (1, 2, 3)
    ]


def _raw(sql, params):
    _drop_append_only_triggers()
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


def test_raw_update_is_detected_by_verify_chain(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("UPDATE audit_auditentry SET detail = 'vervalst' WHERE id = %s", [second.pk])

    breaks = verify_chain(AuditEntry.objects.order_by("id"))

    assert [(b.entry_id, b.reason) for b in breaks] == [(second.pk, CONTENT_CHANGED)]


def test_raw_update_with_recomputed_hash_breaks_the_next_link(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, second.pk])

    reasons = {(b.entry_id, b.reason) for b in verify_chain(AuditEntry.objects.order_by("id"))}

    assert (second.pk, CONTENT_CHANGED) in reasons
    assert (third.pk, LINK_BROKEN) in reasons


def test_raw_delete_is_detected_by_the_next_entry(regisseur):
    first, second, third = _three_entries(regisseur)
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [second.pk])

    breaks = verify_stored_chain(batch_size=1).breaks

    assert [(b.entry_id, b.reason) for b in breaks] == [(third.pk, LINK_BROKEN)]


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


def _entries(user, n):
    return [record(user, AuditAction.VIEW, object_type="cases.case", object_id=i) for i in range(n)]


def _verify_command():
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain", stdout=out)
    assert raised.value.returncode != 0
    return out.getvalue()


def _rewrite_with_plain_sha256(from_entry, detail="vervalst", version=HASH_SHA256):
    """An attacker's rewrite: change one entry and recompute every later hash and link with
    plain SHA-256, as the code in the repository shows how."""
    _drop_append_only_triggers()
    previous = (
        AuditEntry.objects.filter(id__lt=from_entry.pk)
        .order_by("-id")
        .values_list("entry_hash", flat=True)
        .first()
        or GENESIS_HASH
    )
    for entry in AuditEntry.objects.filter(id__gte=from_entry.pk).order_by("id"):
        fields = {name: getattr(entry, name) for name in CHAINED_FIELDS}
        if entry.pk == from_entry.pk:
            fields["detail"] = detail
        entry_hash = hashlib.sha256(_canonical(previous, fields, HASH_SHA256)).hexdigest()
        _raw(
            "UPDATE audit_auditentry SET detail = %s, previous_hash = %s, entry_hash = %s,"
            " hash_version = %s WHERE id = %s",
            [fields["detail"], previous, entry_hash, version, entry.pk],
        )
        previous = entry_hash


def test_deleting_the_newest_entries_is_reported_as_truncation(regisseur):
    entries = _entries(regisseur, 15)
    call_command("verify_audit_chain", stdout=io.StringIO())  # intact: writes a checkpoint
    newest = entries[-10:]
    _raw("DELETE FROM audit_auditentry WHERE id >= %s", [newest[0].pk])

    report = verify_stored_chain()
    output = _verify_command()

    reasons = {(b.entry_id, b.reason) for b in report.breaks}
    assert (newest[-1].pk, CHECKPOINTED_ENTRY_MISSING) in reasons
    assert (newest[-1].pk, ENTRIES_MISSING) in reasons
    assert "truncated" in output
    assert str(newest[-1].pk) in output
    assert "The audit chain is intact" not in output


def test_rewriting_an_entry_and_recomputing_later_hashes_is_detected(regisseur):
    first, second, third, fourth = _entries(regisseur, 4)
    _rewrite_with_plain_sha256(second)

    breaks = {(b.entry_id, b.reason) for b in verify_stored_chain().breaks}

    assert (second.pk, UNKEYED_AFTER_KEYED) in breaks
    assert _verify_command().count("unkeyed hash") == 3


def test_rewriting_keeping_the_keyed_marker_is_detected_without_the_key(regisseur):
    first, second, third = _entries(regisseur, 3)
    _rewrite_with_plain_sha256(second, version=HASH_HMAC_SHA256)

    breaks = {(b.entry_id, b.reason) for b in verify_stored_chain().breaks}

    assert {(e.pk, CONTENT_CHANGED) for e in (second, third)} <= breaks


def test_rewriting_the_whole_log_is_caught_by_the_checkpoint(regisseur):
    """From the first entry on, everything rewritten as unkeyed: the chain alone looks like an
    old unkeyed log, but the checkpoint signed the real head."""
    first, *middle, last = _entries(regisseur, 5)
    checkpoint = write_checkpoint()
    _rewrite_with_plain_sha256(AuditEntry.objects.order_by("id").first())

    breaks = {(b.entry_id, b.reason) for b in verify_stored_chain().breaks}

    assert checkpoint.last_id == last.pk
    assert (last.pk, CHECKPOINT_HASH_DIFFERS) in breaks


def test_a_restore_from_an_older_backup_is_reported(regisseur):
    """After the restore, new entries continue the older chain: valid on its own."""
    _entries(regisseur, 3)
    checkpoint = write_checkpoint()
    _raw("DELETE FROM audit_auditentry WHERE id > %s", [checkpoint.last_id - 2])
    _entries(regisseur, 4)

    report = verify_stored_chain()

    assert {(b.entry_id, b.reason) for b in report.breaks} == {
        (checkpoint.last_id, CHECKPOINTED_ENTRY_MISSING),
        (checkpoint.last_id, ENTRIES_MISSING),
    }


def test_an_altered_checkpoint_file_is_reported(regisseur, settings):
    _entries(regisseur, 2)
    write_checkpoint()
    (path,) = list(settings.SCHAKEL_AUDIT_CHECKPOINT_DIR.glob("checkpoint-*.json"))
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data | {"count": data["count"] - 1}))

    assert [b.reason for b in verify_stored_chain().breaks] == [CHECKPOINT_SIGNATURE_INVALID]


def test_the_checkpoint_command_writes_a_signed_file_and_logs_the_head(regisseur, settings, caplog):
    *_, last = _entries(regisseur, 3)
    with caplog.at_level(logging.INFO, logger="schakel.audit"):
        call_command("audit_checkpoint", stdout=io.StringIO())

    (path,) = list(settings.SCHAKEL_AUDIT_CHECKPOINT_DIR.glob("checkpoint-*.json"))
    data = json.loads(path.read_text())
    assert data["last_id"] == last.pk
    assert data["entry_hash"] == last.entry_hash
    assert data["count"] == AuditEntry.objects.count()
    assert len(data["signature"]) == 64
    logged = [r.getMessage() for r in caplog.records if r.name == "schakel.audit"]
    assert any(last.entry_hash in message for message in logged)
    assert not any("regisseur" in message for message in logged)


def test_new_entries_are_keyed_and_old_unkeyed_entries_still_verify(regisseur):
    """Entries from before the keyed chain (hash_version 1) stay valid; new ones are HMAC."""
    fields = _fields_of(record(regisseur, AuditAction.VIEW))
    _drop_append_only_triggers()
    # Make the log look like one written before this change: every entry unkeyed.
    _rewrite_with_plain_sha256(AuditEntry.objects.order_by("id").first(), detail="")
    new = record(regisseur, AuditAction.VIEW)

    assert new.hash_version == CURRENT_HASH_VERSION
    assert new.entry_hash == compute_hash(new.previous_hash, _fields_of(new), CURRENT_HASH_VERSION)
    assert new.entry_hash != compute_hash(new.previous_hash, _fields_of(new), HASH_SHA256)
    assert fields["detail"] == ""
    assert verify_stored_chain().is_intact


def _fields_of(entry):
    return {name: getattr(entry, name) for name in CHAINED_FIELDS}

"""Removing the oldest audit entries after their retention period, without breaking `verify`.

Only a prefix of the chain is removed, and only from an intact chain: first a signed
`AuditAnchor` is written (the id and hash of the last entry to go), then the entries up to it are
deleted — the database triggers allow a DELETE at or below the newest anchor and refuse every
other. Verification continues from the anchor's hash (`audit.selectors`), checkpoints signed
before it are set aside (`audit.checkpoints`), a new checkpoint is signed at once, and the anchor
also goes to the checkpoint directory and the application log, outside the database. The
truncation itself is the first entry after the anchor.
"""

import json
import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .anchors import sign_anchor
from .checkpoints import checkpoint_dir, write_checkpoint
from .models import AuditAction, AuditAnchor, AuditEntry, Purpose
from .selectors import verify_stored_chain
from .services import _CHAIN_LOCK_ID, record

logger = logging.getLogger("schakel.audit")


def entries_to_remove(cutoff) -> tuple[int, int] | None:
    """(last id, count) of the prefix of entries older than `cutoff`; the newest entry always
    stays, so the chain keeps a head. None when nothing is old enough."""
    first_kept = (
        AuditEntry.objects.filter(timestamp__gte=cutoff)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    if newest is None:
        return None
    limit = min(first_kept, newest) if first_kept is not None else newest
    last = (
        AuditEntry.objects.filter(id__lt=limit).order_by("-id").values_list("id", flat=True).first()
    )
    if last is None:
        return None
    return last, AuditEntry.objects.filter(id__lte=last).count()


def truncate_audit_log(cutoff, *, by) -> AuditAnchor | None:
    """Remove the entries older than `cutoff` (a prefix) and anchor the chain; refused on a
    broken chain, so that no evidence of tampering is destroyed."""
    report = verify_stored_chain()
    if not report.is_intact:
        raise ValidationError(
            _("The audit chain is broken: old entries are not removed until it is examined.")
        )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        prefix = entries_to_remove(cutoff)
        if prefix is None:
            return None
        last_id, count = prefix
        anchor = AuditAnchor(
            created_at=timezone.now(),
            up_to_id=last_id,
            head_id=AuditEntry.objects.order_by("-id").values_list("id", flat=True).first(),
            anchor_hash=AuditEntry.objects.values_list("entry_hash", flat=True).get(id=last_id),
            removed=count,
            cutoff=cutoff,
        )
        anchor.signature = sign_anchor(anchor)
        anchor.save()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id <= %s", [last_id])
        record(
            by,
            AuditAction.DELETE,
            object_type="audit.auditentry",
            object_id=last_id,
            purpose=Purpose.RETENTION,
            detail=f"auditlog ingekort: {count} vermeldingen t/m {last_id} (anker {anchor.pk})",
        )
    _write_anchor_outside(anchor)
    write_checkpoint()
    return anchor


def _write_anchor_outside(anchor: AuditAnchor) -> None:
    fields = {
        "up_to_id": anchor.up_to_id,
        "head_id": anchor.head_id,
        "anchor_hash": anchor.anchor_hash,
        "removed": anchor.removed,
        "cutoff": anchor.cutoff.isoformat(),
        "created_at": anchor.created_at.isoformat(),
        "signature": anchor.signature,
    }
    directory = checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"anchor-{anchor.up_to_id:012d}.json"
    path.write_text(json.dumps(fields, sort_keys=True) + "\n", encoding="utf-8")
    logger.info("audit anchor %s", json.dumps(fields, sort_keys=True))

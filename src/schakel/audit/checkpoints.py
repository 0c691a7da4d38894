"""Signed checkpoints of the chain head, kept outside the database.

A checkpoint records the newest entry's id and hash, the number of entries and the time, signed
with the audit key (HMAC-SHA256). It is written as a file in `SCHAKEL_AUDIT_CHECKPOINT_DIR` and
to the application log (logger "schakel.audit"; ids and hashes only, no personal data). Deleting
the newest entries, or restoring the database from an older backup, leaves a chain that verifies
on its own; compared with a checkpoint it shows: fewer entries than the checkpoint counted, or a
different hash (or none) at the checkpointed id.
"""

import hashlib
import hmac
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from .anchors import is_signed_correctly as anchor_is_signed_correctly
from .anchors import newest_anchor
from .chain import ChainBreak, audit_key
from .models import AuditEntry

logger = logging.getLogger("schakel.audit")

# How many of the newest checkpoints a verification compares with (one query or two each).
CHECKPOINTS_COMPARED = 10

ENTRIES_MISSING = gettext_noop(
    "fewer entries up to this id than the signed checkpoint counted: entries were deleted, or the"
    " database was restored from an older backup"
)
CHECKPOINTED_ENTRY_MISSING = gettext_noop(
    "this entry is in a signed checkpoint but not in the database: the log was truncated, or the"
    " database was restored from an older backup"
)
CHECKPOINT_HASH_DIFFERS = gettext_noop(
    "the hash differs from the signed checkpoint: the log was rewritten, or the database was"
    " restored from an older backup"
)
CHECKPOINT_SIGNATURE_INVALID = gettext_noop(
    "a checkpoint file's signature is invalid: it was altered or signed with another key"
)

# The breaks that mean the log is shorter than, or different from, what was signed before.
CHECKPOINT_REASONS = frozenset(
    {ENTRIES_MISSING, CHECKPOINTED_ENTRY_MISSING, CHECKPOINT_HASH_DIFFERS}
)


@dataclass(frozen=True)
class Checkpoint:
    last_id: int
    entry_hash: str
    count: int
    created_at: str
    signature: str = ""

    def payload(self) -> bytes:
        fields = {k: v for k, v in asdict(self).items() if k != "signature"}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def sign(self) -> "Checkpoint":
        signature = hmac.new(audit_key(), self.payload(), hashlib.sha256).hexdigest()
        return Checkpoint(**{**asdict(self), "signature": signature})

    @property
    def is_signed_correctly(self) -> bool:
        expected = hmac.new(audit_key(), self.payload(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.signature)


def checkpoint_dir() -> Path:
    return Path(settings.SCHAKEL_AUDIT_CHECKPOINT_DIR)


def write_checkpoint() -> Checkpoint | None:
    """Sign the current chain head and write it to a file and to the log; None for an empty log."""
    head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    if head is None:
        return None
    last_id, entry_hash = head
    count = AuditEntry.objects.filter(id__lte=last_id).count()
    now = timezone.now()
    checkpoint = Checkpoint(
        last_id=last_id,
        entry_hash=entry_hash,
        count=count,
        created_at=now.isoformat(timespec="seconds"),
    ).sign()
    directory = checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    # Zero-padded id first: the newest head sorts last by name.
    path = directory / f"checkpoint-{last_id:012d}-{now:%Y%m%dT%H%M%S%f}.json"
    path.write_text(json.dumps(asdict(checkpoint), sort_keys=True) + "\n", encoding="utf-8")
    logger.info("audit checkpoint %s", json.dumps(asdict(checkpoint), sort_keys=True))
    return checkpoint


def newest_checkpoints(limit: int = CHECKPOINTS_COMPARED):
    """The newest checkpoint files, newest first, as (path, Checkpoint or None when unreadable)."""
    directory = checkpoint_dir()
    if not directory.is_dir():
        return []
    paths = sorted(directory.glob("checkpoint-*.json"), reverse=True)[:limit]
    result = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            result.append((path, Checkpoint(**data)))
        except (ValueError, TypeError):
            result.append((path, None))
    return result


def _before_anchor(checkpoint: Checkpoint, anchor) -> bool:
    """Whether a checkpoint was signed before a validly signed anchor removed a prefix: its head
    was at most the chain's head then (every later checkpoint includes the removal's own entry)."""
    return anchor_is_signed_correctly(anchor) and checkpoint.last_id <= anchor.head_id


def compare_with_checkpoints(limit: int = CHECKPOINTS_COMPARED) -> list[ChainBreak]:
    """Breaks between the database and the newest signed checkpoints (constant memory)."""
    breaks: list[ChainBreak] = []
    anchor = newest_anchor()
    for _path, checkpoint in newest_checkpoints(limit):
        if checkpoint is None or not checkpoint.is_signed_correctly:
            entry_id = checkpoint.last_id if checkpoint else 0
            breaks.append(ChainBreak(entry_id, CHECKPOINT_SIGNATURE_INVALID))
            continue
        if anchor is not None and _before_anchor(checkpoint, anchor):
            # Signed before retention removed a prefix of the log: it counted entries that were
            # removed lawfully. The anchor (signed, checked by the verification) takes its place.
            continue
        stored = (
            AuditEntry.objects.filter(id=checkpoint.last_id)
            .values_list("entry_hash", flat=True)
            .first()
        )
        if stored is None:
            breaks.append(ChainBreak(checkpoint.last_id, CHECKPOINTED_ENTRY_MISSING))
        elif not hmac.compare_digest(stored, checkpoint.entry_hash):
            breaks.append(ChainBreak(checkpoint.last_id, CHECKPOINT_HASH_DIFFERS))
        if AuditEntry.objects.filter(id__lte=checkpoint.last_id).count() < checkpoint.count:
            breaks.append(ChainBreak(checkpoint.last_id, ENTRIES_MISSING))
    return breaks

"""Verifying the whole audit chain (the auditor's screens read the log in `privacy.selectors`)."""

from dataclasses import dataclass, field

from .anchors import ANCHOR_SIGNATURE_INVALID, is_signed_correctly, newest_anchor
from .chain import CHAINED_FIELDS, GENESIS_HASH, ChainBreak, verify_chain
from .checkpoints import Checkpoint, compare_with_checkpoints, newest_checkpoints, write_checkpoint
from .models import AuditEntry

VERIFY_BATCH_SIZE = 2000


@dataclass
class ChainReport:
    checked: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    checkpoints_compared: int = 0
    # The checkpoint written after an intact verification (when asked for).
    checkpoint: Checkpoint | None = None

    @property
    def is_intact(self) -> bool:
        return not self.breaks


def verify_stored_chain(
    batch_size: int = VERIFY_BATCH_SIZE, *, write_checkpoint_when_intact: bool = False
) -> ChainReport:
    """Walk every entry in id order, in batches from a server-side iterator (constant memory),
    then compare the database with the newest signed checkpoints outside it.

    With `write_checkpoint_when_intact`, an intact chain's head is signed into a new checkpoint;
    a broken chain never is, so a truncated log cannot become the new reference.
    """
    from .services import chain_pending

    chain_pending()  # reads still waiting to be chained are part of the log: chain them first
    report = ChainReport()

    def counted(entries):
        for entry in entries:
            report.checked += 1
            yield entry

    anchor = newest_anchor()
    anchor_breaks = []
    entries = AuditEntry.objects.order_by("id")
    start = GENESIS_HASH
    if anchor is not None:
        # Retention removed the entries up to the anchor: the chain continues from its hash.
        if not is_signed_correctly(anchor):
            anchor_breaks.append(ChainBreak(anchor.up_to_id, ANCHOR_SIGNATURE_INVALID))
        start = anchor.anchor_hash
        entries = entries.filter(id__gt=anchor.up_to_id)
    entries = entries.only(
        "id", "previous_hash", "entry_hash", "hash_version", *CHAINED_FIELDS
    ).iterator(chunk_size=batch_size)
    report.breaks = anchor_breaks + verify_chain(counted(entries), start)
    report.checkpoints_compared = len(newest_checkpoints())
    report.breaks.extend(compare_with_checkpoints())
    if report.is_intact and write_checkpoint_when_intact:
        report.checkpoint = write_checkpoint()
    return report

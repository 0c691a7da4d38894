"""Verifying the whole audit chain (the auditor's screens read the log in `privacy.selectors`)."""

from dataclasses import dataclass, field

from .chain import CHAINED_FIELDS, ChainBreak, verify_chain
from .models import AuditEntry

VERIFY_BATCH_SIZE = 2000


@dataclass
class ChainReport:
    checked: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.breaks


def verify_stored_chain(batch_size: int = VERIFY_BATCH_SIZE) -> ChainReport:
    """Walk every entry in id order, in batches from a server-side iterator (constant memory)."""
    report = ChainReport()

    def counted(entries):
        for entry in entries:
            report.checked += 1
            yield entry

    entries = (
        AuditEntry.objects.order_by("id")
        .only("id", "previous_hash", "entry_hash", *CHAINED_FIELDS)
        .iterator(chunk_size=batch_size)
    )
    report.breaks = verify_chain(counted(entries))
    return report

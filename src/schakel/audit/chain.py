"""Hash chaining of audit entries: each entry's hash covers its fields and the previous hash."""

import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext_noop

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "timestamp",
    "user_id_ref",
    "username",
    "organisation_name",
    "role",
    "action",
    "object_type",
    "object_id",
    "person_id_ref",
    "purpose",
    "detail",
)
# Reasons are marked for translation; callers show them with gettext.
LINK_BROKEN = gettext_noop("link to previous entry broken")
CONTENT_CHANGED = gettext_noop("content does not match its hash")


def compute_hash(previous_hash: str, fields: dict) -> str:
    payload = {name: fields[name] for name in CHAINED_FIELDS}
    payload["timestamp"] = payload["timestamp"].isoformat(timespec="microseconds")
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


@dataclass
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(entries) -> list[ChainBreak]:
    """Walk entries in id order and report every entry whose hash or link does not match."""
    breaks: list[ChainBreak] = []
    previous = GENESIS_HASH
    for entry in entries:
        fields = {name: getattr(entry, name) for name in CHAINED_FIELDS}
        if entry.previous_hash != previous:
            breaks.append(ChainBreak(entry.id, LINK_BROKEN))
        if compute_hash(entry.previous_hash, fields) != entry.entry_hash:
            breaks.append(ChainBreak(entry.id, CONTENT_CHANGED))
        previous = entry.entry_hash
    return breaks

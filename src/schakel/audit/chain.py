"""Hash chaining of audit entries: each entry's hash covers its fields and the previous hash.

Three schemes, recorded per entry in `hash_version` so stored hashes are never rewritten:
1 = plain SHA-256 (entries written before the chain was keyed), 2 = HMAC-SHA256 with
`settings.SCHAKEL_AUDIT_KEY`, a key that is not in the database, 3 = as 2, also covering the
client's address and the session reference (entries written since those were recorded). Someone who can write the
database can recompute a SHA-256 chain, not an HMAC one; and once a keyed entry exists, an
unkeyed entry after it is a break (a downgrade). Truncation and a restore from an old backup
leave a valid-looking chain behind: the signed checkpoints in `audit.checkpoints` catch those.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop

GENESIS_HASH = "0" * 64
HASH_SHA256 = 1
HASH_HMAC_SHA256 = 2
HASH_HMAC_SHA256_CLIENT = 3
CURRENT_HASH_VERSION = HASH_HMAC_SHA256_CLIENT
KEYED_VERSIONS = frozenset({HASH_HMAC_SHA256, HASH_HMAC_SHA256_CLIENT})
# The fields versions 1 and 2 cover; a stored entry of those versions is verified over these only.
LEGACY_CHAINED_FIELDS = (
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
# Every field the current scheme covers: read these from an entry to verify it (any version).
CHAINED_FIELDS = (*LEGACY_CHAINED_FIELDS, "client_address", "session_ref")
_FIELDS_BY_VERSION = {
    HASH_SHA256: LEGACY_CHAINED_FIELDS,
    HASH_HMAC_SHA256: LEGACY_CHAINED_FIELDS,
    HASH_HMAC_SHA256_CLIENT: CHAINED_FIELDS,
}
# Reasons are marked for translation; callers show them with gettext.
LINK_BROKEN = gettext_noop("link to previous entry broken")
CONTENT_CHANGED = gettext_noop("content does not match its hash")
UNKEYED_AFTER_KEYED = gettext_noop(
    "unkeyed hash after keyed entries: the entry was rewritten without the audit key"
)
UNKNOWN_HASH_VERSION = gettext_noop("unknown hash scheme")


def audit_key() -> bytes:
    return settings.SCHAKEL_AUDIT_KEY.encode("utf-8")


def _canonical(previous_hash: str, fields: dict, version: int) -> bytes:
    payload = {name: fields[name] for name in _FIELDS_BY_VERSION[version]}
    payload["timestamp"] = payload["timestamp"].isoformat(timespec="microseconds")
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (previous_hash + canonical).encode("utf-8")


def compute_hash(
    previous_hash: str, fields: dict, version: int = CURRENT_HASH_VERSION, key: bytes | None = None
) -> str:
    if version not in _FIELDS_BY_VERSION:
        raise ValueError(f"Unknown audit hash version {version!r}.")
    message = _canonical(previous_hash, fields, version)
    if version == HASH_SHA256:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


@dataclass
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(entries, start: str = GENESIS_HASH) -> list[ChainBreak]:
    """Walk entries in id order and report every entry whose hash or link does not match.

    `start` is the hash the first entry links to: the genesis hash, or after retention removed
    the oldest entries, the hash of the last one removed (a signed anchor, `audit.anchors`).
    """
    breaks: list[ChainBreak] = []
    previous = start
    keyed_seen = False
    key = audit_key()
    for entry in entries:
        fields = {name: getattr(entry, name, "") for name in CHAINED_FIELDS}
        version = getattr(entry, "hash_version", HASH_SHA256)
        if entry.previous_hash != previous:
            breaks.append(ChainBreak(entry.id, LINK_BROKEN))
        if version not in _FIELDS_BY_VERSION:
            breaks.append(ChainBreak(entry.id, UNKNOWN_HASH_VERSION))
        else:
            if version == HASH_SHA256 and keyed_seen:
                breaks.append(ChainBreak(entry.id, UNKEYED_AFTER_KEYED))
            expected = compute_hash(entry.previous_hash, fields, version, key)
            if not hmac.compare_digest(expected, entry.entry_hash):
                breaks.append(ChainBreak(entry.id, CONTENT_CHANGED))
        keyed_seen = keyed_seen or version in KEYED_VERSIONS
        previous = entry.entry_hash
    return breaks

"""Signed anchors: where the chain starts after retention removed its oldest entries.

An anchor records the id and hash of the last removed entry, how many entries went, the cutoff
and when, signed with the audit key (HMAC-SHA256) like the checkpoints. Verification starts from
the newest anchor's hash; its signature is checked, so an anchor written without the key (to
excuse a deletion) is reported, and deleting an anchor leaves the first entry's link broken.
"""

import hashlib
import hmac
import json

from django.utils.translation import gettext_noop

from .chain import audit_key
from .models import AuditAnchor

ANCHOR_SIGNATURE_INVALID = gettext_noop(
    "the anchor of a retention truncation has an invalid signature: entries were deleted"
    " without the audit key"
)


def anchor_payload(anchor: AuditAnchor) -> bytes:
    fields = {
        "created_at": anchor.created_at.isoformat(timespec="microseconds"),
        "up_to_id": anchor.up_to_id,
        "head_id": anchor.head_id,
        "anchor_hash": anchor.anchor_hash,
        "removed": anchor.removed,
        "cutoff": anchor.cutoff.isoformat(timespec="microseconds"),
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign_anchor(anchor: AuditAnchor) -> str:
    return hmac.new(audit_key(), anchor_payload(anchor), hashlib.sha256).hexdigest()


def is_signed_correctly(anchor: AuditAnchor) -> bool:
    return hmac.compare_digest(sign_anchor(anchor), anchor.signature)


def newest_anchor() -> AuditAnchor | None:
    return AuditAnchor.objects.order_by("-up_to_id", "-id").first()

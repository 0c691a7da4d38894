"""Human-readable references for signals and cases: S-2026-00042, C-2026-00017.

The number is the primary key, so a reference is assigned right after the first save; until then
a random placeholder keeps the unique constraint satisfied.
"""

import uuid


def placeholder_reference() -> str:
    return f"tmp-{uuid.uuid4().hex[:12]}"


def assign_reference(obj, prefix: str) -> None:
    obj.reference = f"{prefix}-{obj.created_at:%Y}-{obj.pk:05d}"
    obj.save(update_fields=["reference"])

"""`record(...)`: the one way an audit entry is written."""

from django.db import connection, transaction
from django.utils import timezone

from .chain import CURRENT_HASH_VERSION, GENESIS_HASH, audit_key, compute_hash
from .context import request_origin
from .models import AuditAction, AuditEntry, Purpose

# Advisory lock id that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 7513


def _fields(
    user,
    action: str,
    *,
    obj=None,
    object_type: str = "",
    object_id="",
    person=None,
    person_id: int | None = None,
    purpose: Purpose = Purpose.CASE_HANDLING,
    detail: str = "",
) -> dict:
    if not isinstance(purpose, Purpose):
        # Purpose limitation: only a purpose named in `Purpose` may reach the log.
        raise TypeError(f"An audit purpose must be a Purpose, not {purpose!r}.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if person is not None:
        person_id = person.pk
    authenticated = user is not None and user.is_authenticated
    return {
        "timestamp": timezone.now(),
        "user_id_ref": user.pk if authenticated else None,
        "username": user.get_username() if authenticated else "anoniem",
        "organisation_name": str(user.organisation) if authenticated and user.organisation else "",
        "role": user.role if authenticated else "",
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "person_id_ref": person_id,
        "purpose": purpose.value,
        "detail": detail[:500],
        **_origin(authenticated, purpose),
    }


def _origin(authenticated: bool, purpose: Purpose) -> dict:
    # A resident on the public pages is promised that nothing but what they typed is kept: an
    # anonymous request leaves its address only when it is an attempt to log in.
    if authenticated or purpose == Purpose.AUTHENTICATION:
        return request_origin()
    return {"client_address": "", "session_ref": ""}


def _append(field_sets: list[dict]) -> list[AuditEntry]:
    """Chain and insert entries in one transaction, holding the chain lock once."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        previous = last or GENESIS_HASH
        entries = []
        key = audit_key()
        for fields in field_sets:
            entry_hash = compute_hash(previous, fields, CURRENT_HASH_VERSION, key)
            entries.append(
                AuditEntry(
                    **fields,
                    previous_hash=previous,
                    entry_hash=entry_hash,
                    hash_version=CURRENT_HASH_VERSION,
                )
            )
            previous = entry_hash
        # Inserted in list order, so ids follow the chain (verify_chain walks by id).
        return AuditEntry.objects.bulk_create(entries)


def record(user, action: str, **kwargs) -> AuditEntry:
    """Append an audit entry. `detail` must not contain personal data: use ids.

    Keyword arguments: obj, object_type, object_id, person, person_id, purpose (a `Purpose`,
    by default case handling), detail.
    """
    return _append([_fields(user, action, **kwargs)])[0]


def record_persons(user, action: str, persons, **kwargs) -> None:
    """One entry per person shown: NEN 7513 asks which person's data was accessed.

    Written in one insert, so a list of fifty persons costs a few queries, not two hundred.
    """
    field_sets = [_fields(user, action, person=person, **kwargs) for person in persons]
    if field_sets:
        _append(field_sets)


def record_shown(user, action: str, shown, **kwargs) -> None:
    """Audit a page of objects with the persons each one shows: one entry per object and person.

    `shown` holds (object, persons) pairs; an object that names no person gets one entry of its
    own. Everything is chained in one insert, holding the chain lock once for the whole page.
    Further keyword arguments (purpose, detail) as for `record`.
    """
    field_sets = []
    for obj, persons in shown:
        persons = list(persons)
        if not persons:
            field_sets.append(_fields(user, action, obj=obj, **kwargs))
        field_sets.extend(
            _fields(user, action, obj=obj, person=person, **kwargs) for person in persons
        )
    if field_sets:
        _append(field_sets)


def record_status_change(
    user, obj, previous: str, new: str, *, context: str = "", **kwargs
) -> AuditEntry:
    """Log that `obj`'s status went from `previous` to `new` (detail "status previous->new").

    `context` goes before it in the detail (ids only, like "casus 12"); further keyword arguments
    as for `record`.
    """
    detail = f"status {previous}->{new}"
    return record(
        user,
        AuditAction.CHANGE,
        obj=obj,
        detail=f"{context} {detail}" if context else detail,
        **kwargs,
    )

"""`record(...)`: the one way an audit entry is written.

Writes (`record`, `record_status_change`) are chained at once, under the chain's lock. Reads
(`record_read`, `record_shown`, `record_persons`: a page that shows persons) never wait for it:
on PostgreSQL, when another transaction holds the lock, they are stored beside the chain and
chained right after (`chain_pending`), so that readers never queue behind one another
(docs/decisions.md, "The audit chain's lock off the read path").
"""

import hmac
import logging
import re

from django.db import connection, transaction
from django.utils import timezone

from .chain import CURRENT_HASH_VERSION, GENESIS_HASH, audit_key, compute_hash
from .context import request_origin
from .models import AuditAction, AuditEntry, PendingAuditEntry, Purpose

logger = logging.getLogger("schakel.audit")

# Advisory lock id that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_ID = 7513
# Waiting reads chained per transaction.
PENDING_BATCH = 5_000
_ENTRY_FIELDS = [
    f.name for f in PendingAuditEntry._meta.concrete_fields if not f.primary_key and f.name != "mac"
]  # fmt: skip
# What a waiting read's keyed hash is computed over, instead of the previous entry's hash.
_PENDING_MAC_CONTEXT = "pending-read"


def _pending_mac(fields: dict, key: bytes | None = None) -> str:
    return compute_hash(_PENDING_MAC_CONTEXT, fields, CURRENT_HASH_VERSION, key or audit_key())


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
    return _about(
        _common(user, action, purpose, detail),
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        person=person,
        person_id=person_id,
    )


def _common(user, action: str, purpose: Purpose = Purpose.CASE_HANDLING, detail: str = "") -> dict:
    """The fields an entry shares with the other entries of one page view: who, when, from where,
    what and why (computed once for a page of fifty persons, not fifty times)."""
    if not isinstance(purpose, Purpose):
        # Purpose limitation: only a purpose named in `Purpose` may reach the log.
        raise TypeError(f"An audit purpose must be a Purpose, not {purpose!r}.")
    authenticated = user is not None and user.is_authenticated
    return {
        "timestamp": timezone.now(),
        "user_id_ref": user.pk if authenticated else None,
        "username": user.get_username() if authenticated else "anoniem",
        "organisation_name": str(user.organisation) if authenticated and user.organisation else "",
        "role": user.role if authenticated else "",
        "action": action,
        "purpose": purpose.value,
        "detail": detail[:500],
        **_origin(authenticated, purpose),
    }


def _about(
    common: dict,
    *,
    obj=None,
    object_type="",
    object_id="",
    person=None,
    person_id=None,
    detail: str | None = None,
) -> dict:
    """One entry's fields: the shared ones and the object and person it is about (and its own
    detail, when it has one)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if person is not None:
        person_id = person.pk
    return {
        **common,
        **({"detail": detail[:500]} if detail is not None else {}),
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "person_id_ref": person_id,
    }


def _origin(authenticated: bool, purpose: Purpose) -> dict:
    # A resident on the public pages is promised that nothing but what they typed is kept: an
    # anonymous request leaves its address only when it is an attempt to log in.
    if authenticated or purpose == Purpose.AUTHENTICATION:
        return request_origin()
    return {"client_address": "", "session_ref": ""}


def _lock_chain(*, wait: bool = True) -> bool:
    """Take the chain's lock until the end of the transaction (PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise every writer). Without `wait`, False if another holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        return cursor.fetchone()[0]


def _append(field_sets: list[dict]) -> list[AuditEntry]:
    """Chain and insert entries in one transaction, holding the chain lock once (reads still
    waiting are chained first)."""
    with transaction.atomic():
        _lock_chain()
        _chain_waiting_reads()
        entries = []
        for pk, row in _insert_chained(field_sets):
            entry = AuditEntry(id=pk, **row)
            entry._state.adding, entry._state.db = False, connection.alias  # as if read back
            entries.append(entry)
        return entries


def _record_reads(field_sets: list[dict]) -> None:
    """Entries of a read: chained at once if the chain's lock is free; if another transaction
    holds it (PostgreSQL), stored beside the chain instead of waiting, and chained after the
    commit by whoever gets the lock first."""
    if connection.vendor != "postgresql":
        _append(field_sets)
        return
    with transaction.atomic():
        if _lock_chain(wait=False):
            _chain_waiting_reads()
            _insert_chained(field_sets)
            return
        key = audit_key()
        _insert(
            PendingAuditEntry,
            [{**fields, "mac": _pending_mac(fields, key)} for fields in field_sets],
        )
    # robust: the read is stored; a failure to chain now is retried by the next chaining.
    transaction.on_commit(lambda: chain_pending(wait=False), robust=True)


def chain_pending(*, wait: bool = True) -> int:
    """Move the reads that wait into the chain, in the order they were stored; how many moved.

    Without `wait`, gives up at once when another transaction holds the chain's lock: that one,
    the next write, or the worker (every few seconds) chains them. Verification chains first.
    """
    if connection.vendor != "postgresql":
        return 0
    chained = 0
    while True:
        with transaction.atomic():
            if not _lock_chain(wait=wait):
                return chained
            moved = _chain_waiting_reads()
        chained += moved
        if moved < PENDING_BATCH:
            return chained


def _chain_waiting_reads() -> int:
    """Within a transaction that holds the chain's lock: chain the oldest waiting reads and
    remove exactly those (a read stored meanwhile, even with a lower id, waits for the next)."""
    if connection.vendor != "postgresql":
        return 0
    waiting = list(
        PendingAuditEntry.objects.order_by("id").values("id", "mac", *_ENTRY_FIELDS)[:PENDING_BATCH]
    )
    if not waiting:
        return 0
    ids, genuine, forged = [], [], []
    for fields in waiting:
        ids.append(fields.pop("id"))
        mac = fields.pop("mac")
        if hmac.compare_digest(mac, _pending_mac(fields)):
            genuine.append(fields)
        else:
            forged.append(ids[-1])
    for pending_id in forged:
        # Written into the table without the audit key: refused, and the refusal is chained.
        logger.error("waiting audit read %s refused: its keyed hash does not match", pending_id)
        genuine.append(
            _fields(
                None,
                AuditAction.CREATE,
                object_type="audit.pendingauditentry",
                object_id=str(pending_id),
                purpose=Purpose.OVERSIGHT,
                detail="wachtende leesregel geweigerd: sleutelcontrole klopt niet (vervalst)",
            )
        )
    _insert_chained(genuine)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_pendingauditentry WHERE id = ANY(%s)", [ids])
    return len(ids)


def _insert_chained(field_sets: list[dict]) -> list[tuple[int, dict]]:
    """Within a transaction that holds the chain's lock: link the entries to the chain's head.
    Gives each entry's id and stored fields (no model instances: reads need none)."""
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    previous = last or GENESIS_HASH
    rows = []
    key = audit_key()
    for fields in field_sets:
        entry_hash = compute_hash(previous, fields, CURRENT_HASH_VERSION, key)
        rows.append(
            {
                **fields,
                "previous_hash": previous,
                "entry_hash": entry_hash,
                "hash_version": CURRENT_HASH_VERSION,
            }
        )
        previous = entry_hash
    # Inserted in list order, so ids follow the chain (verify_chain walks by id).
    return list(zip(_insert(AuditEntry, rows), rows, strict=True))


# Rows per INSERT statement on SQLite (32,766 parameters at most; 17 columns × 1,000 is less).
_INSERT_ROWS = 1_000


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows of plain values; their ids, in the rows' order (the chain's order).

    What `bulk_create` does, without building a model instance per row and preparing each of
    its values field by field: a page of fifty persons writes fifty entries, and that preparation
    was a tenth of the page's time. The values are the audit fields as `_fields` makes them
    (text, integers, None) and aware times, which their field prepares for the database.

    PostgreSQL gets one array per column (`unnest`): a statement of a few parameters, however
    many rows — psycopg parses a statement's placeholders itself, and for 5,000 waiting reads a
    VALUES list of 85,000 of them took half the chaining's time. SQLite gets VALUES lists.
    """
    if not rows:
        return []
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]
    times = [i for i, field in enumerate(fields) if field.get_internal_type() == "DateTimeField"]
    values = [[row[name] for name in names] for row in rows]
    for row in values:
        for i in times:
            row[i] = fields[i].get_db_prep_save(row[i], connection)
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Arrays of the base types (varchar, not varchar(64)): an explicit cast to
            # varchar(n) cuts a longer value silently, and the entry would then not match its
            # hash; stored through the column's own type, a value too long is refused as before.
            arrays = ", ".join(
                f"%s::{re.sub(r'[(].*[)]', '', field.db_type(connection))}[]" for field in fields
            )
            cursor.execute(  # names and types from the model; every value a parameter
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) "  # noqa: S608
                f"RETURNING {quote('id')}",
                [list(column) for column in zip(*values, strict=True)],
            )
            return [row[0] for row in cursor.fetchall()]
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(values), _INSERT_ROWS):
            batch = values[start : start + _INSERT_ROWS]
            cursor.execute(  # names from the model; every value a parameter
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_sql] * len(batch))} RETURNING {quote('id')}",
                [value for row in batch for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def record(user, action: str, **kwargs) -> AuditEntry:
    """Append an audit entry. `detail` must not contain personal data: use ids.

    Keyword arguments: obj, object_type, object_id, person, person_id, purpose (a `Purpose`,
    by default case handling), detail.
    """
    return _append([_fields(user, action, **kwargs)])[0]


def record_read(user, action: str, **kwargs) -> None:
    """Audit a read (a page viewed, a list or search shown) as one entry, like `record`, but
    without waiting for the chain's lock: see `_record_reads`."""
    _record_reads([_fields(user, action, **kwargs)])


def record_persons(user, action: str, persons, *, with_object: bool = False, **kwargs) -> None:
    """One entry per person shown: NEN 7513 asks which person's data was accessed.

    Written in one insert, so a list of fifty persons costs a few queries, not two hundred.
    Further keyword arguments: obj, object_type, object_id, purpose, detail. With `with_object`,
    the read of the object itself is one more entry, first, in the same insert (a case page:
    the case, then each of its persons).
    """
    shared = {k: kwargs.pop(k) for k in ("obj", "object_type", "object_id") if k in kwargs}
    persons = list(persons)
    if persons or with_object:
        common = _common(user, action, **kwargs)
        _record_reads(
            ([_about(common, **shared)] if with_object else [])
            + [_about(common, person=person, **shared) for person in persons]
        )


def record_shown(user, action: str, shown, *, listed: dict | None = None, **kwargs) -> None:
    """Audit a page of objects with the persons each one shows: one entry per object and person.

    `shown` holds (object, persons) pairs; an object that names no person gets one entry of its
    own. Everything is chained in one insert, holding the chain lock once for the whole page.
    `listed` (object_type, detail) is the entry of the list itself, written first in the same
    insert. Further keyword arguments (purpose, detail) as for `record`.
    """
    common = _common(user, action, **kwargs)
    field_sets = []
    if listed is not None:
        field_sets.append(_about(common, **listed))
    for obj, persons in shown:
        persons = list(persons)
        if not persons:
            field_sets.append(_about(common, obj=obj))
        field_sets.extend(_about(common, obj=obj, person=person) for person in persons)
    if field_sets:
        _record_reads(field_sets)


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

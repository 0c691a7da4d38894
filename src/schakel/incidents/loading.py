"""Writing checked incident rows in bulk: a staging table, then one set-based upsert.

The valid rows of every chunk go into a temporary staging table as soon as they are checked
(PostgreSQL: ``COPY``; SQLite: one ``executemany`` per chunk). The staging table is the
connection's own scratch space, so it is filled outside the import's transaction: the job's
progress stays visible, and SQLite's write lock is not held while the file is read. Only the
upsert into the incident table runs in a transaction — one
``INSERT … SELECT … ON CONFLICT (source_id) DO UPDATE`` — so either every row is in or none.

A load at least as large as the table (an initial load of millions of rows) drops the table's
secondary indexes before the upsert and builds them again after it, in the same transaction:
building an index from all keys at once is several times faster than inserting millions of keys
one by one (docs/decisions.md, "Fast incident imports"). On PostgreSQL this locks the incident
table against readers until the import commits; on SQLite readers go on reading the snapshot
from before the import (WAL).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError

from schakel.organisations.models import Organisation

from .models import Incident

STAGING = "incident_staging"
COLUMNS = ("source_id", "occurred_at", "category", "x", "y", "source_organisation_id")
_UPDATE = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])


def staging_for(connection) -> Staging:
    if connection.vendor == "postgresql":
        return PostgresStaging(connection)
    return SqliteStaging(connection)


class Staging:
    """The staging table of one import on one connection."""

    create_sql = ""

    def __init__(self, connection):
        self.connection = connection
        self.table = connection.ops.quote_name(Incident._meta.db_table)

    def create(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(self.create_sql)

    def drop(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")

    def load(self, rows: pd.DataFrame) -> None:
        """Add checked rows (columns: line and those of COLUMNS; occurred_at naive UTC)."""
        raise NotImplementedError

    def upsert(self, excluded_lines: np.ndarray, now, rebuild_after: int) -> tuple[int, int]:
        """Write the staged rows but `excluded_lines` into the incident table; call inside a
        transaction. Returns (created, updated)."""
        with self.connection.cursor() as cursor:
            if excluded_lines.size:
                self.exclude(cursor, [int(line) for line in excluded_lines])
            self.before_count(cursor)
            cursor.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
            before = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {STAGING}")  # noqa: S608
            staged = cursor.fetchone()[0]
            self.before_upsert(cursor)
            self._check_organisations(cursor)
            rebuilt = []
            if staged >= rebuild_after and staged >= before:
                # Into an empty table every row is new (repeated ids are gone): the unique index
                # can be built afterwards too, and a plain INSERT needs no conflict target.
                rebuilt = self.rebuilt_after_load(cursor, into_empty=before == 0)
                for drop, _create in rebuilt:
                    cursor.execute(drop)
            if before == 0 and rebuilt:
                cursor.execute(self.insert_sql(upsert=False), [now])
                created = written = cursor.rowcount
            else:
                created, written = self.insert(cursor, now, before, staged)
            for _drop, create in rebuilt:
                cursor.execute(create)
            self.after_upsert(cursor)
        return created, written - created

    def _check_organisations(self, cursor) -> None:
        """The source organisations still exist (one may have been deleted since the file was
        checked). The foreign key would refuse such a row too, but on SQLite only at the final
        commit; checked here, the refusal comes at the same point on both databases."""
        organisations = self.connection.ops.quote_name(Organisation._meta.db_table)
        cursor.execute(
            f"SELECT count(*) FROM {STAGING} WHERE source_organisation_id IS NOT NULL "  # noqa: S608
            f"AND source_organisation_id NOT IN (SELECT id FROM {organisations})"
        )
        missing = cursor.fetchone()[0]
        if missing:
            raise IntegrityError(f"{missing} rows name a source organisation that is gone")

    def insert_sql(self, upsert: bool = True) -> str:
        columns = ", ".join(COLUMNS)
        sql = (
            f"INSERT INTO {self.table} ({columns}, created_at) "  # noqa: S608 -- constant names
            f"SELECT {columns}, %s FROM {STAGING} WHERE true"  # WHERE: SQLite's upsert syntax
        )
        if upsert:
            sql += f" ON CONFLICT (source_id) DO UPDATE SET {_UPDATE}"
        return sql

    def before_count(self, cursor) -> None:
        pass

    def exclude(self, cursor, lines: list[int]) -> None:
        """Remove the staged rows of `lines` (ids repeated in the file)."""
        cursor.executemany(
            f"DELETE FROM {STAGING} WHERE line = %s",  # noqa: S608 -- constant names
            [(line,) for line in lines],
        )

    def before_upsert(self, cursor) -> None:
        pass

    def after_upsert(self, cursor) -> None:
        pass

    def rebuilt_after_load(self, cursor, into_empty: bool) -> list[tuple[str, str]]:
        """(drop, create) statements of what is cheaper to build after a large load."""
        raise NotImplementedError

    def insert(self, cursor, now, before: int, staged: int) -> tuple[int, int]:
        raise NotImplementedError


class PostgresStaging(Staging):
    create_sql = (
        f"CREATE TEMPORARY TABLE {STAGING} (line bigint NOT NULL, source_id text NOT NULL, "
        "occurred_at timestamptz NOT NULL, category text NOT NULL, x float8 NOT NULL, "
        "y float8 NOT NULL, source_organisation_id bigint)"
    )

    def load(self, rows: pd.DataFrame) -> None:
        if rows.empty:
            return
        copy_binary(self.connection, STAGING, "line", rows["line"].to_numpy(), rows)

    def exclude(self, cursor, lines: list[int]) -> None:
        # One statement: the staging table has no index on line (it would slow COPY down), so a
        # DELETE per line would scan it once per repeated id.
        cursor.execute(f"DELETE FROM {STAGING} WHERE line = ANY(%s)", [lines])  # noqa: S608

    def before_count(self, cursor) -> None:
        # One import at a time decides on the table's size; readers go on.
        cursor.execute(f"LOCK TABLE {self.table} IN SHARE ROW EXCLUSIVE MODE")

    def before_upsert(self, cursor) -> None:
        # Foreign keys checked by the upsert itself (not at commit), so that a refused row fails
        # this statement, and the indexes can be built again (no pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def after_upsert(self, cursor) -> None:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys: deferred

    def rebuilt_after_load(self, cursor, into_empty: bool) -> list[tuple[str, str]]:
        # Indexes of their own (not a constraint's), then the unique constraint (into an empty
        # table), then the foreign keys: checked once for all rows when added again instead of
        # by a trigger per row (PostgreSQL's "Populating a Database").
        table = Incident._meta.db_table
        cursor.execute(
            "SELECT 'DROP INDEX ' || i.indexrelid::regclass, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) ORDER BY 1",
            [table],
        )
        statements = list(cursor.fetchall())
        cursor.execute(
            "SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' "
            "|| quote_ident(conname), 'ALTER TABLE ' || conrelid::regclass "
            "|| ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND (contype = 'f' OR (contype = 'u' AND %s)) ORDER BY contype DESC, conname",
            [table, into_empty],
        )
        return statements + list(cursor.fetchall())

    def insert(self, cursor, now, before: int, staged: int) -> tuple[int, int]:
        # xmax = 0: the row version was inserted, not updated.
        cursor.execute(
            f"WITH written AS ({self.insert_sql()} RETURNING (xmax = 0) AS created) "  # noqa: S608
            "SELECT count(*) FILTER (WHERE created), count(*) FROM written",
            [now],
        )
        created, written = cursor.fetchone()
        return created, written


class PostgresDirectLoad(PostgresStaging):
    """An initial load into an empty incident table on PostgreSQL, without a staging table.

    Used when the table is empty and the file large (`services.import_incidents`). Everything
    happens inside the import's one transaction: the table is locked, its secondary indexes,
    unique constraint and foreign keys are dropped, the checked rows are copied (``COPY``)
    straight into it, and at the end the repeated ids are removed and the indexes and
    constraints built again — so the rows are written once instead of twice (into the staging
    table, then from there into the incident table), and an import that fails or is killed
    leaves nothing behind, indexes included. Each row's id is the sequence's next value plus
    its line number, so that a line found to repeat an id at the end can be removed by its id.
    """

    def __init__(self, connection):
        super().__init__(connection)
        self.rebuilt: list[tuple[str, str]] = []
        self.base = 0
        self.copied = 0

    def begin(self, now) -> bool:
        """Lock the table and prepare it; False (and nothing changed) when it is not empty. Call
        inside a transaction."""
        table = self.table
        with self.connection.cursor() as cursor:
            # No reader or writer until the commit: the indexes are about to be dropped.
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
            if cursor.fetchone()[0]:
                return False
            self.before_upsert(cursor)
            self.rebuilt = self.rebuilt_after_load(cursor, into_empty=True)
            for drop, _create in self.rebuilt:
                cursor.execute(drop)
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Incident._meta.db_table])
            self.sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [self.sequence])
            self.base = cursor.fetchone()[0] - 1
            # One value for every row, set as the column's default while the rows come in.
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN created_at SET DEFAULT %s::timestamptz",
                [now.isoformat()],
            )
        return True

    def create(self) -> None:
        pass  # no staging table

    def drop(self) -> None:
        pass

    def load(self, rows: pd.DataFrame) -> None:
        if rows.empty:
            return
        copy_binary(self.connection, self.table, "id", rows["line"].to_numpy() + self.base, rows)
        self.copied += len(rows)

    def finish(self, excluded_lines: np.ndarray) -> int:
        """Remove the rows of `excluded_lines`, build the indexes and constraints again and move
        the sequence past the ids used. Returns the rows written."""
        removed = 0
        with self.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {self.table} ALTER COLUMN created_at DROP DEFAULT")
            if excluded_lines.size:
                ids = [int(line) + self.base for line in excluded_lines]
                cursor.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s)", [ids])  # noqa: S608
                removed = cursor.rowcount
            # An organisation deleted since the file was checked: adding its foreign key again
            # fails, and with it the import.
            for _drop, create in self.rebuilt:
                cursor.execute(create)
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, (SELECT max(id) FROM {self.table})))",  # noqa: S608
                [self.sequence, self.base + 1],
            )
            self.after_upsert(cursor)
        return self.copied - removed


class SqliteStaging(Staging):
    create_sql = (
        f"CREATE TEMPORARY TABLE {STAGING} (line INTEGER PRIMARY KEY, source_id TEXT NOT NULL, "
        "occurred_at TEXT NOT NULL, category TEXT NOT NULL, x REAL NOT NULL, y REAL NOT NULL, "
        "source_organisation_id INTEGER)"
    )
    # A larger page cache for the upsert (256 MB) than for a web request (64 MB, settings).
    UPSERT_CACHE_KIB = 262_144

    temp_store: int | None = None  # the connection's own setting, while the import changed it

    def create(self) -> None:
        if not self.connection.in_atomic_block:
            with self.connection.cursor() as cursor:
                cursor.execute("PRAGMA temp_store")
                self.temp_store = cursor.fetchone()[0]
                # Ten million staged rows on disk, not in memory (the web's default is MEMORY).
                cursor.execute("PRAGMA temp_store = FILE")
        super().create()

    def drop(self) -> None:
        super().drop()
        if self.temp_store is not None and not self.connection.in_atomic_block:
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA temp_store = {int(self.temp_store)}")
            self.temp_store = None

    def load(self, rows: pd.DataFrame) -> None:
        if rows.empty:
            return
        organisations = (
            rows["source_organisation_id"].astype("Int64").to_numpy(dtype=object, na_value=None)
        )
        values = zip(
            rows["line"].tolist(),
            rows["source_id"].tolist(),
            sqlite_datetimes(rows["occurred_at"].to_numpy(dtype="datetime64[us]")),
            rows["category"].tolist(),
            rows["x"].tolist(),
            rows["y"].tolist(),
            organisations.tolist(),
            strict=True,
        )
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {STAGING} VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                values,
            )

    def before_upsert(self, cursor) -> None:
        cursor.execute("PRAGMA cache_size")
        self.cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{self.UPSERT_CACHE_KIB}")

    def after_upsert(self, cursor) -> None:
        cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def rebuilt_after_load(self, cursor, into_empty: bool) -> list[tuple[str, str]]:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND (sql NOT LIKE 'CREATE UNIQUE%%' OR %s) ORDER BY name",
            [Incident._meta.db_table, into_empty],
        )
        quote = self.connection.ops.quote_name
        return [(f"DROP INDEX {quote(name)}", sql) for name, sql in cursor.fetchall()]

    def insert(self, cursor, now, before: int, staged: int) -> tuple[int, int]:
        cursor.execute(self.insert_sql(), [now])
        cursor.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
        return cursor.fetchone()[0] - before, staged


# PostgreSQL's binary COPY format: a header, then per row the number of fields and per field its
# length (-1: NULL) and its bytes, big-endian; times as microseconds since 2000-01-01 UTC.
_PG_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_PG_TRAILER = b"\xff\xff"
_PG_EPOCH = np.datetime64("2000-01-01T00:00:00", "us")


def copy_binary(connection, table: str, key: str, keys: np.ndarray, rows: pd.DataFrame) -> None:
    """Write checked rows (`key` and the columns of COLUMNS) into `table` with one ``COPY …
    (FORMAT binary)``. Binary rather than CSV: the server need not parse numbers and times from
    text (a quarter less server time for the initial load of 10 million rows, measured), and
    nothing is formatted as text on this side either."""
    organisation = rows["source_organisation_id"].astype("Int64")
    when = rows["occurred_at"].to_numpy(dtype="datetime64[us]")
    fields = [
        (">i8", np.asarray(keys, dtype=np.int64), None),
        ("text", _arrow_text(rows["source_id"]), None),
        (">i8", (when - _PG_EPOCH).astype(np.int64), None),
        ("text", _arrow_text(rows["category"]), None),
        (">f8", rows["x"].to_numpy(dtype=np.float64), None),
        (">f8", rows["y"].to_numpy(dtype=np.float64), None),
        (">i8", organisation.to_numpy(dtype=np.int64, na_value=0), organisation.notna().to_numpy()),
    ]
    columns = ", ".join((key, *COLUMNS))
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)") as copy,  # noqa: S608
    ):
        copy.write(pg_binary_rows(fields, len(rows)).data)


def pg_binary_rows(fields: list[tuple], n: int) -> np.ndarray:
    """`n` rows in PostgreSQL's binary COPY format, built with NumPy for all rows at once.

    fields: (kind, values, present) per column: kind ">i8"/">f8" for an 8-byte integer or float
    (values a NumPy array; present a boolean mask or None: where False the field is NULL), or
    "text" (values an Arrow string array without nulls)."""
    sizes = np.full(n, 2, dtype=np.int64)  # the field count
    prepared = []
    for kind, values, present in fields:
        if kind == "text":
            text = pa.chunked_array([values]).combine_chunks().cast(pa.large_string())
            if text.null_count:
                raise ValueError("a text field is missing")
            offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[
                text.offset : text.offset + n + 1
            ]
            data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
            lengths = np.diff(offsets)
            prepared.append((kind, (offsets[:-1] - offsets[0], data), lengths))
        else:
            raw = np.asarray(values).astype(kind).view(np.uint8).reshape(n, 8)
            lengths = np.full(n, 8, np.int64) if present is None else np.where(present, 8, -1)
            prepared.append((kind, raw, lengths))
        sizes += 4 + np.maximum(lengths, 0)
    starts = len(_PG_HEADER) + np.concatenate(([0], np.cumsum(sizes)[:-1]))
    total = len(_PG_HEADER) + int(sizes.sum()) + len(_PG_TRAILER)
    out = np.empty(total, dtype=np.uint8)
    out[: len(_PG_HEADER)] = np.frombuffer(_PG_HEADER, dtype=np.uint8)
    out[total - len(_PG_TRAILER) :] = np.frombuffer(_PG_TRAILER, dtype=np.uint8)
    count = np.array([len(fields)], dtype=">i2").view(np.uint8)
    out[starts[:, None] + np.arange(2)] = count
    position = starts + 2
    for kind, payload, lengths in prepared:
        out[position[:, None] + np.arange(4)] = lengths.astype(">i4").view(np.uint8).reshape(n, 4)
        position = position + 4
        if kind == "text":
            relative, data = payload
            if data.size:
                shift = np.repeat(position - relative, lengths)
                out[shift + np.arange(data.size)] = data
        else:
            have = lengths > 0
            out[position[have][:, None] + np.arange(8)] = payload[have]
        position = position + np.maximum(lengths, 0)
    return out


def _arrow_text(column: pd.Series) -> pa.Array:
    array = column.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        return pa.array(array)
    return pa.array(column.astype(str).tolist(), pa.string())


def sqlite_datetimes(values: np.ndarray) -> list[str]:
    """UTC datetimes as Django stores them on SQLite: 'YYYY-MM-DD HH:MM:SS[.ffffff]'."""
    whole = values.astype("datetime64[s]")
    text = pc.strftime(pa.array(whole), format="%Y-%m-%d %H:%M:%S").to_pylist()
    fraction = (values - whole).astype(np.int64)
    for i in np.flatnonzero(fraction):
        text[i] = f"{text[i]}.{fraction[i]:06d}"
    return text

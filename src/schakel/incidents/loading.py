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

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
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
        table = pa.table(
            {
                "line": pa.array(rows["line"].to_numpy(), pa.int64()),
                "source_id": _arrow_text(rows["source_id"]),
                "occurred_at": pa.array(
                    rows["occurred_at"].to_numpy(dtype="datetime64[us]"),
                    pa.timestamp("us", tz="UTC"),
                ),
                "category": _arrow_text(rows["category"]),
                "x": pa.array(rows["x"].to_numpy(dtype=np.float64)),
                "y": pa.array(rows["y"].to_numpy(dtype=np.float64)),
                "source_organisation_id": pa.array(
                    rows["source_organisation_id"].astype("Int64"), pa.int64()
                ),
            }
        )
        buffer = io.BytesIO()
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False))
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {STAGING} FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(buffer.getbuffer())

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

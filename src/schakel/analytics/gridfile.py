"""Bin the points of a CSV or Parquet file to grid cells with DuckDB, out of core.

Pure (no Django). DuckDB scans the file and groups by cell, so only one row per occupied cell
reaches Python, whatever the number of points. The file needs columns `x` and `y` (RD New
metres); `datetime` and `category` are needed only when filtering on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from .hotspots import RD_BOUNDS, Extent


@dataclass(frozen=True)
class BinnedFile:
    extent: Extent
    counts: np.ndarray  # (rows, cols) int64
    points_used: int
    points_ignored: int  # missing or non-numeric coordinates, or outside the Netherlands


def _scan(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "read_parquet(?)"
    # All text: a malformed value becomes NULL through TRY_CAST instead of failing the scan.
    return "read_csv(?, header = true, all_varchar = true)"


def bin_file(
    path: str | Path,
    cell_size: int,
    *,
    category: str | None = None,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    extent: Extent | None = None,
    threads: int | None = None,
) -> BinnedFile:
    """Count points per cell; the study area is `extent` or the cells around the used points.

    `start` is inclusive; `end` is exclusive for a datetime and inclusive for a date (the whole
    day counts).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    con = duckdb.connect(":memory:")
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        source = _scan(path)
        # Only fixed SQL, numbers and quoted identifiers are formatted in; values are parameters.
        described = con.execute(f"DESCRIBE SELECT * FROM {source}", [str(path)]).fetchall()  # noqa: S608
        columns = {row[0].lower(): row[0] for row in described}
        types = {row[0].lower(): str(row[1]).upper() for row in described}
        for needed in ("x", "y"):
            if needed not in columns:
                raise ValueError(f"the file has no column {needed!r}")
        x = _number(columns["x"], types["x"])
        y = _number(columns["y"], types["y"])
        x_min, x_max, y_min, y_max = RD_BOUNDS
        where = [f"{x} BETWEEN {x_min} AND {x_max}", f"{y} BETWEEN {y_min} AND {y_max}"]
        filters = []
        params: list = [str(path)]
        if category is not None:
            if "category" not in columns:
                raise ValueError("the file has no column 'category' to filter on")
            filters.append(f"lower(trim(CAST({_ident(columns['category'])} AS VARCHAR))) = ?")
            params.append(category.strip().lower())
        if start is not None or end is not None:
            if "datetime" not in columns:
                raise ValueError("the file has no column 'datetime' to filter on")
            when = _timestamp(columns["datetime"], types["datetime"])
            con.execute("SET TimeZone = 'Europe/Amsterdam'")
            if start is not None:
                filters.append(f"{when} >= ?")
                params.append(_as_datetime(start))
            if end is not None:
                if isinstance(end, dt.datetime):
                    filters.append(f"{when} < ?")
                    params.append(end)
                else:
                    filters.append(f"{when} < ?")
                    params.append(_as_datetime(end + dt.timedelta(days=1)))
        selected = " AND ".join(filters) or "TRUE"
        # One scan: unusable points (no, non-numeric or foreign coordinates) form the NULL group.
        query = f"""
            WITH points AS (
                SELECT {x} AS px, {y} AS py, {" AND ".join(where)} AS usable
                FROM {source} WHERE {selected}
            )
            SELECT CASE WHEN usable THEN CAST(floor(px / {int(cell_size)}) AS BIGINT) END AS col,
                   CASE WHEN usable THEN CAST(floor(py / {int(cell_size)}) AS BIGINT) END AS row,
                   count(*) AS n
            FROM points GROUP BY ALL
        """  # noqa: S608
        frame = con.execute(query, params).df()
    finally:
        con.close()
    unusable = frame["col"].isna()
    ignored = int(frame.loc[unusable, "n"].sum())
    frame = frame[~unusable]
    cols = frame["col"].to_numpy(dtype=np.int64)
    rows = frame["row"].to_numpy(dtype=np.int64)
    numbers = frame["n"].to_numpy(dtype=np.int64)
    if extent is None:
        if cols.size == 0:
            raise ValueError("no usable points in the file and no extent given")
        extent = Extent(
            cell_size,
            int(cols.min()),
            int(rows.min()),
            int(cols.max() - cols.min() + 1),
            int(rows.max() - rows.min() + 1),
        )
    counts = np.zeros(extent.shape, dtype=np.int64)
    c = cols - extent.col0
    r = rows - extent.row0
    inside = (c >= 0) & (c < extent.ncols) & (r >= 0) & (r < extent.nrows)
    counts[r[inside], c[inside]] = numbers[inside]
    return BinnedFile(
        extent=extent,
        counts=counts,
        points_used=int(numbers[inside].sum()),
        points_ignored=ignored + int(numbers[~inside].sum()),
    )


def _ident(name: str) -> str:
    """A column name from the file as a quoted SQL identifier (quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _number(name: str, kind: str) -> str:
    if kind in ("DOUBLE", "FLOAT", "REAL", "INTEGER", "BIGINT", "SMALLINT") or kind.startswith(
        "DECIMAL"
    ):
        return f"CAST({_ident(name)} AS DOUBLE)"
    # trim() also keeps DuckDB from pushing the cast into the CSV reader, where a TRY_CAST
    # fails the whole scan on one malformed value (DuckDB 1.4/2.0).
    return f"TRY_CAST(trim(CAST({_ident(name)} AS VARCHAR)) AS DOUBLE)"


def _timestamp(name: str, kind: str) -> str:
    """Local (Amsterdam) naive timestamps; values with an offset are converted to local time."""
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"CAST({_ident(name)} AS TIMESTAMP)"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return f"CAST({_ident(name)} AS TIMESTAMP)"
    text = f"trim(CAST({_ident(name)} AS VARCHAR))"
    return f"coalesce(TRY_CAST({text} AS TIMESTAMP), CAST(TRY_CAST({text} AS TIMESTAMPTZ) AS TIMESTAMP))"


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)

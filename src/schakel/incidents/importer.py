"""Reading and validating incident files (CSV, Parquet) in chunks, every check vectorised.

A file has the columns ``id, datetime, category`` and either ``x, y`` (RD New, EPSG:28992,
metres) or ``lat, lon`` (WGS84, converted to RD New with pyproj), and optionally ``source`` (an
organisation's name or id). Column names are case-insensitive. CSV may be comma- or
semicolon-separated (with a semicolon, a decimal comma is accepted in coordinates) and UTF-8
with or without a byte-order mark.

Date-times are ISO 8601 (``2024-03-01T22:15``, ``2024-03-01 22:15:00+01:00``, ``2024-03-01``) or
Dutch day-first (``01-03-2024 22:15``); without an offset they are local time in Amsterdam. The
compact form ``20240301`` is refused (`schakel.lib.plausible`), and so is a date outside the
plausible period (``SCHAKEL_EARLIEST_EVENT_DATE``, default 1990-01-01, up to tomorrow).

A file is refused as a whole when it is empty, has no rows, names a column twice, is not UTF-8
text (CSV; the first line that is not is named) or is damaged (Parquet). A row is refused when a
text in it is not UTF-8 (a Parquet binary column) or holds a NUL character.

Line numbers: for CSV the physical line in the file with the header as line 1 (a record is
assumed to be one line: quoted line breaks inside a field would shift the numbers); for
Parquet the row number, starting at 1.

Duplicate ids inside one file are found with 64-bit hashes of the ids (16 bytes per row kept
during the validation pass: 160 MB for 10 million rows); the first occurrence is valid, later
ones are reported. Two different ids sharing a hash (chance about 3 in a million for 10 million
rows) would be reported as a duplicate.

This module reads and checks; `services.import_incidents` writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext_lazy as _
from pyproj import Transformer

from schakel.analytics.hotspots import RD_BOUNDS
from schakel.lib import plausible

MAX_ID_LENGTH = 64
MAX_CATEGORY_LENGTH = 64
LOCAL_TIME_ZONE = "Europe/Amsterdam"
TEXT = pd.StringDtype("pyarrow")
# WGS84 box around the Netherlands incl. its territorial waters (European part).
LAT_BOUNDS = (50.70, 53.70)
LON_BOUNDS = (3.20, 7.30)

REASONS = {
    "missing_id": _("missing id"),
    "long_id": _("id longer than 64 characters"),
    "bad_datetime": _("date-time missing or not understood"),
    "missing_category": _("missing category"),
    "long_category": _("category longer than 64 characters"),
    "bad_coordinates": _("coordinates missing or not a number"),
    "outside_rd": _("coordinates outside the Netherlands (RD New x 0-300000, y 300000-625000)"),
    "outside_wgs84": _("latitude/longitude outside the Netherlands"),
    "unknown_source": _("unknown source organisation"),
    "duplicate_id": _("duplicate id (also on line %(line)s)"),
    "compact_date": _("date written as YYYYMMDD: write YYYY-MM-DD (e.g. 1990-01-01)"),
    "implausible_date": _("date outside the plausible period (%(low)s to %(high)s)"),
    "not_utf8": _("text is not UTF-8"),
    "nul": _("contains a NUL character"),
}
_COMPACT = re.compile(r"^\d{8}$")

_OFFSET = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_DAY_FIRST_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)
_TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
# Parquet text stays in Arrow memory instead of becoming millions of Python strings.
_ARROW_TEXT = {pa.string(): TEXT, pa.large_string(): TEXT}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, header); no row is looked at."""


@dataclass(frozen=True)
class RowError:
    line: int
    code: str
    other_line: int | None = None

    @property
    def reason(self) -> str:
        message = str(REASONS[self.code])
        if self.other_line is not None:
            return message % {"line": self.other_line}
        if self.code == "implausible_date":
            low, high = plausible.event_window()
            return message % {"low": low.isoformat(), "high": high.isoformat()}
        return message

    def __str__(self) -> str:
        return str(_("line %(line)s: %(reason)s")) % {"line": self.line, "reason": self.reason}


@dataclass
class ValidatedChunk:
    """The valid rows of one chunk (columns of `Incident`) and the errors found in it."""

    rows: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0


class IncidentFile:
    """An incident file on disk, read in chunks of `chunk_rows`."""

    def __init__(self, path: str | Path, chunk_rows: int):
        self.path = Path(path)
        self.chunk_rows = chunk_rows
        suffix = self.path.suffix.lower()
        if suffix in (".parquet", ".pq"):
            self.kind = "parquet"
        elif suffix in (".csv", ".txt"):
            self.kind = "csv"
        else:
            raise ImportFileError(_("Unknown file type: use a .csv or .parquet file."))
        self.delimiter = ","
        self.binary_columns: set[str] = set()  # Parquet columns of bytes, decoded row by row
        try:
            empty = self.path.stat().st_size == 0
        except OSError as error:
            raise ImportFileError(
                _("The file cannot be read: %(error)s") % {"error": error.strerror}
            ) from error
        if empty:
            raise ImportFileError(_("The file is empty."))
        self.columns = self._read_header()
        twice = sorted({c for c in self.columns if self.columns.count(c) > 1})
        if twice:
            raise ImportFileError(
                _("The file has a column more than once: %(columns)s.")
                % {"columns": ", ".join(twice)}
            )
        names = set(self.columns)
        missing = [c for c in ("id", "datetime", "category") if c not in names]
        if {"x", "y"} <= names:
            self.coordinates = "rd"
        elif {"lat", "lon"} <= names:
            self.coordinates = "wgs84"
        else:
            missing.append("x, y / lat, lon")
        if missing:
            raise ImportFileError(
                _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
            )
        self.has_source = "source" in names
        # pandas' CSV reader cuts a field at a NUL byte without a word: find those lines first.
        self.nul_lines = _nul_lines(self.path) if self.kind == "csv" else np.empty(0, np.int64)

    def _read_header(self) -> list[str]:
        try:
            if self.kind == "parquet":
                schema = pq.ParquetFile(self.path).schema_arrow
                names = schema.names
                self.binary_columns = {
                    str(f.name).strip().lower()
                    for f in schema
                    if pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
                }
            else:
                with open(self.path, encoding="utf-8-sig", newline="") as handle:
                    first = handle.readline()
                if first.count(";") > first.count(","):
                    self.delimiter = ";"
                names = next(csv.reader([first], delimiter=self.delimiter), [])
        except UnicodeDecodeError as error:
            raise self._not_utf8() from error
        except (OSError, ValueError) as error:
            raise ImportFileError(
                _("The file cannot be read: %(error)s") % {"error": error}
            ) from error
        except Exception as error:  # pyarrow raises its own error types for broken files
            raise ImportFileError(
                _("The file cannot be read: %(error)s") % {"error": error}
            ) from error
        if not names:
            raise ImportFileError(_("The file is empty."))
        return [str(n).strip().lower() for n in names]

    def chunks(self) -> Iterator[tuple[int, pd.DataFrame]]:
        """(line number of the first row, DataFrame with lower-case column names) per chunk."""
        try:
            line = 1
            if self.kind == "parquet":
                parquet = pq.ParquetFile(self.path)
                for batch in parquet.iter_batches(batch_size=self.chunk_rows):
                    frame = batch.to_pandas(types_mapper=_ARROW_TEXT.get)
                    frame.columns = [str(c).strip().lower() for c in frame.columns]
                    yield line, frame
                    line += len(frame)
            else:
                reader = pd.read_csv(
                    self.path,
                    sep=self.delimiter,
                    dtype=str,
                    keep_default_na=False,
                    skip_blank_lines=False,
                    encoding="utf-8-sig",
                    chunksize=self.chunk_rows,
                    header=0,
                    names=self.columns,
                    on_bad_lines="error",
                )
                line = 2
                with reader:
                    for frame in reader:
                        yield line, frame
                        line += len(frame)
        except UnicodeDecodeError as error:
            raise self._not_utf8() from error
        except (pd.errors.ParserError, ValueError) as error:
            raise ImportFileError(
                _("The file cannot be read: %(error)s") % {"error": error}
            ) from error
        except (OSError, pa.ArrowException) as error:
            # A damaged Parquet page (a broken compression block, a bad length) shows only here.
            raise ImportFileError(
                _("The file is damaged and cannot be read from row %(line)s on: %(error)s")
                % {"line": line, "error": error}
            ) from error

    def _not_utf8(self) -> ImportFileError:
        """The error for a CSV that is not UTF-8, naming the first line that is not."""
        line = 0
        with open(self.path, "rb") as handle:
            for line, raw in enumerate(handle, start=1):  # noqa: B007 -- the line is the answer
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    break
        return ImportFileError(
            _("The file is not UTF-8 text (line %(line)s): save it as UTF-8.") % {"line": line}
        )


def estimated_rows(path: str | Path) -> int:
    """The rows of a file, known before it is read: from a Parquet file's metadata, else its
    lines (a quoted field over several lines makes it an estimate; the end sets the count)."""
    if Path(path).suffix.lower() in (".parquet", ".pq"):
        try:
            return pq.ParquetFile(path).metadata.num_rows
        except (OSError, ValueError, pa.ArrowException):
            return 0
    lines = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)  # the header


def _as_text(column: pd.Series) -> pd.Series:
    """Any column as stripped strings held by Arrow (its string kernels are vectorised; those
    of Python objects run per value); missing values become ''."""
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        return column.astype(TEXT).fillna("").str.strip()
    text = column.astype(str).astype(TEXT).str.strip()
    return text.where(column.notna(), "")


def parse_datetimes(column: pd.Series) -> pd.Series:
    """UTC timestamps (NaT where not understood); naive values are Amsterdam local time."""
    if pd.api.types.is_datetime64_any_dtype(column):
        if getattr(column.dt, "tz", None) is not None:
            return column.dt.tz_convert("UTC")
        return _localise(column)
    text = _as_text(column)
    has_offset = text.str.contains(_OFFSET, regex=True)
    aware = pd.to_datetime(
        text.where(has_offset & (text != "")), format="ISO8601", utc=True, errors="coerce"
    )
    naive = pd.to_datetime(
        text.where(~has_offset & (text != "")), format="ISO8601", errors="coerce"
    )
    for fmt in _DAY_FIRST_FORMATS:
        todo = naive.isna() & ~has_offset & (text != "")
        if not todo.any():
            break
        naive = naive.where(~todo, pd.to_datetime(text.where(todo), format=fmt, errors="coerce"))
    return aware.where(has_offset, _localise(naive))


def _localise(naive: pd.Series) -> pd.Series:
    # Ambiguous autumn hour: read as winter time; a nonexistent spring hour moves forward.
    return naive.dt.tz_localize(
        LOCAL_TIME_ZONE, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="shift_forward"
    ).dt.tz_convert("UTC")


def _numbers(column: pd.Series, decimal_comma: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column):
        return column.astype("float64")
    text = _as_text(column)
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def to_rd(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude/latitude to RD New x/y (metres), vectorised."""
    x, y = _TO_RD.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def validate_chunk(
    frame: pd.DataFrame,
    first_line: int,
    incident_file: IncidentFile,
    resolve_source: Callable[[pd.Series], pd.Series],
) -> ValidatedChunk:
    """Check every row of a chunk; return the valid rows converted and the errors by line."""
    n = len(frame)
    lines = np.arange(first_line, first_line + n, dtype=np.int64)
    frame, not_utf8 = _decode_bytes(frame, incident_file.binary_columns)
    ids = _as_text(frame["id"])
    categories = _as_text(frame["category"]).str.lower()
    when = parse_datetimes(frame["datetime"])
    compact = np.zeros(n, dtype=bool)
    if not pd.api.types.is_datetime64_any_dtype(frame["datetime"]):
        compact = _as_text(frame["datetime"]).str.match(_COMPACT).to_numpy()
        when = when.where(~compact)
    implausible = when.notna().to_numpy() & ~_plausible(when)
    decimal_comma = incident_file.delimiter == ";"
    if incident_file.coordinates == "rd":
        x = _numbers(frame["x"], decimal_comma).to_numpy()
        y = _numbers(frame["y"], decimal_comma).to_numpy()
        bad_numbers = ~(np.isfinite(x) & np.isfinite(y))
        outside_wgs = np.zeros(n, dtype=bool)
    else:
        lat = _numbers(frame["lat"], decimal_comma).to_numpy()
        lon = _numbers(frame["lon"], decimal_comma).to_numpy()
        bad_numbers = ~(np.isfinite(lat) & np.isfinite(lon))
        outside_wgs = ~bad_numbers & ~(
            (lat >= LAT_BOUNDS[0])
            & (lat <= LAT_BOUNDS[1])
            & (lon >= LON_BOUNDS[0])
            & (lon <= LON_BOUNDS[1])
        )
        x, y = to_rd(np.where(bad_numbers, 0.0, lon), np.where(bad_numbers, 0.0, lat))
    x_min, x_max, y_min, y_max = RD_BOUNDS
    outside_rd = (
        ~bad_numbers & ~outside_wgs & ~((x >= x_min) & (x <= x_max) & (y >= y_min) & (y <= y_max))
    )
    nul = ids.str.contains("\x00", regex=False) | categories.str.contains("\x00", regex=False)
    nul |= np.isin(lines, incident_file.nul_lines)
    if incident_file.has_source:
        source_text = _as_text(frame["source"])
        nul |= source_text.str.contains("\x00", regex=False)
        sources = resolve_source(source_text)
        unknown_source = (source_text != "") & sources.isna().to_numpy()
    else:
        sources = resolve_source(pd.Series("", index=frame.index, dtype=TEXT))
        unknown_source = np.zeros(n, dtype=bool)

    checks = [
        ("missing_id", (ids == "").to_numpy()),
        ("long_id", (ids.str.len() > MAX_ID_LENGTH).to_numpy()),
        ("not_utf8", not_utf8),
        ("nul", nul.to_numpy()),
        ("compact_date", compact),
        ("bad_datetime", when.isna().to_numpy() & ~compact),
        ("implausible_date", implausible),
        ("missing_category", (categories == "").to_numpy()),
        ("long_category", (categories.str.len() > MAX_CATEGORY_LENGTH).to_numpy()),
        ("bad_coordinates", bad_numbers),
        ("outside_wgs84", outside_wgs),
        ("outside_rd", outside_rd),
        ("unknown_source", unknown_source),
    ]
    invalid = np.zeros(n, dtype=bool)
    errors: list[RowError] = []
    for code, found in checks:
        mask = np.asarray(found, dtype=bool)
        invalid |= mask
        errors.extend(RowError(int(line), code) for line in lines[mask])
    errors.sort(key=lambda e: e.line)
    valid = ~invalid
    rows = pd.DataFrame(
        {
            "line": lines[valid],
            "source_id": ids[valid].reset_index(drop=True),
            "occurred_at": when.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()[valid],
            "category": categories[valid].reset_index(drop=True),
            "x": np.asarray(x)[valid],
            "y": np.asarray(y)[valid],
            "source_organisation_id": sources.to_numpy()[valid],
        }
    )
    return ValidatedChunk(rows=rows, errors=errors, rows_read=n)


def _nul_lines(path: Path, block_size: int = 1 << 24) -> np.ndarray:
    """The (physical, 1-based) lines of a file that hold a NUL byte."""
    found: list[np.ndarray] = []
    line = 1
    with open(path, "rb") as handle:
        while block := handle.read(block_size):
            if b"\x00" in block:
                data = np.frombuffer(block, dtype=np.uint8)
                newlines = np.flatnonzero(data == 10)
                found.append(line + np.searchsorted(newlines, np.flatnonzero(data == 0)))
            line += block.count(b"\n")
    return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


def _decode_bytes(frame: pd.DataFrame, binary: set[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The values of Parquet binary columns decoded as UTF-8, and the rows where one is not
    (only those columns are looked at value by value: string columns are UTF-8 already)."""
    bad = np.zeros(len(frame), dtype=bool)
    decoded = {}
    for name in binary & set(frame.columns):
        column = frame[name]
        is_bytes = column.map(lambda v: isinstance(v, bytes | bytearray)).to_numpy(dtype=bool)
        if not is_bytes.any():
            continue

        def decode(value):
            if not isinstance(value, bytes | bytearray):
                return value
            try:
                return bytes(value).decode("utf-8")
            except UnicodeDecodeError:
                return None

        text = column.map(decode)
        bad |= is_bytes & text.isna().to_numpy()
        # Shown as well as it goes, so that the row's other checks do not call the value missing.
        lossy = column.map(lambda v: bytes(v).decode("utf-8", errors="replace") if v else "")
        decoded[name] = text.where(text.notna(), lossy)
    if decoded:
        frame = frame.assign(**decoded)
    return frame, bad


def _plausible(when: pd.Series) -> np.ndarray:
    """Which UTC timestamps fall on a plausible local day (`schakel.lib.plausible`)."""
    low, high = plausible.event_window()
    first = pd.Timestamp(low).tz_localize(LOCAL_TIME_ZONE).tz_convert("UTC")
    after = pd.Timestamp(high + dt.timedelta(days=1)).tz_localize(LOCAL_TIME_ZONE)
    after = after.tz_convert("UTC")
    return ((when >= first) & (when < after)).fillna(False).to_numpy(dtype=bool)


def id_hashes(ids: pd.Series) -> np.ndarray:
    """64-bit hashes of ids, to find duplicates without keeping the ids (DuckDB hashes the
    Arrow strings in place; equal ids give equal hashes within one process)."""
    if ids.empty:
        return np.empty(0, dtype=np.uint64)
    id_table = pa.table({"id": pa.array(ids.astype(TEXT).array)})  # noqa: F841 -- read by DuckDB
    with duckdb.connect() as con:
        return con.sql("SELECT hash(id) AS h FROM id_table").fetchnumpy()["h"].astype(np.uint64)


def find_duplicates(hashes: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines that repeat an earlier id, sorted, and for each the line of the id's first use."""
    if hashes.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = np.lexsort((lines, hashes))
    sorted_hashes = hashes[order]
    sorted_lines = lines[order]
    repeat = np.zeros(hashes.size, dtype=bool)
    repeat[1:] = sorted_hashes[1:] == sorted_hashes[:-1]
    # The first line of each run of equal hashes.
    run_start = np.maximum.accumulate(np.where(~repeat, np.arange(hashes.size), 0))
    repeated = sorted_lines[repeat]
    first = sorted_lines[run_start][repeat]
    by_line = np.argsort(repeated, kind="stable")
    return repeated[by_line], first[by_line]

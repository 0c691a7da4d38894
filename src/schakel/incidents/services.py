"""Importing incidents: check every row, stage the valid ones, then upsert them in one statement.

One pass over the file, in chunks, so memory does not grow with the file (apart from 16 bytes
per row for the duplicate check): every row is checked (`importer.validate_chunk`) and the valid
rows go into a staging table (`loading`); at the end the repeated ids are found. If the file is
clean, or the user asked to skip invalid rows, one ``INSERT … SELECT … ON CONFLICT (source_id)
DO UPDATE`` moves the staged rows into the incident table inside one transaction: either the whole
file is imported or nothing is.

Re-importing a file updates the incidents with the same id instead of duplicating them.

The initial load of a large file into an empty table on PostgreSQL skips the staging table: the
whole import is one transaction that copies the checked rows straight into the incident table
(`loading.PostgresDirectLoad`, docs/decisions.md).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.organisations.models import Organisation

from . import importer, loading
from .models import Incident, IncidentImport

ERRORS_KEPT = 1000  # errors written to the import's report; the total is always counted

# progress(phase, rows, errors): "validate" with the rows checked and the errors found so far,
# then "write" with the rows written (inside the import's one transaction).
Progress = Callable[[str, int, int], None]


def source_resolver(default: Organisation | None = None) -> Callable[[pd.Series], pd.Series]:
    """Map organisation names (case-insensitive) or ids to organisation ids; '' is `default`."""
    known: dict[str, int] = {}
    for pk, name in Organisation.objects.values_list("pk", "name"):
        known[str(pk)] = pk
        known[name.strip().lower()] = pk
    default_id = default.pk if default is not None else None

    def resolve(values: pd.Series) -> pd.Series:
        if not (values != "").any():  # no source named: every row gets the default
            return pd.Series(
                np.nan if default_id is None else float(default_id),
                index=values.index,
                dtype="Float64",
            )
        keys = values.str.lower()
        resolved = keys.map(known).astype("Float64")
        if default_id is not None:
            resolved = resolved.mask(values == "", float(default_id))
        return resolved

    return resolve


def import_incidents(
    path: str | Path,
    *,
    by=None,
    skip_invalid: bool = False,
    source: Organisation | None = None,
    file_name: str = "",
    progress: Progress | None = None,
    chunk_rows: int | None = None,
) -> IncidentImport:
    """Import an incident file; returns the `IncidentImport` that records what happened.

    `by` is the user (None from the command line, which is trusted). With invalid rows and
    without `skip_invalid`, nothing is written and the import has status REJECTED with the
    error report. A file that cannot be read at all gives status FAILED.
    """
    if by is not None and not policy.may_analyse_incidents(by):
        raise PermissionDenied(_("You may not import incident data."))
    report = IncidentImport(
        imported_by=by if by is not None and by.is_authenticated else None,
        file_name=(file_name or Path(path).name)[:255],
    )
    notify = progress or (lambda phase, rows, errors: None)
    staging = loading.staging_for(connection)
    try:
        incident_file = importer.IncidentFile(
            path, chunk_rows=chunk_rows or settings.SCHAKEL_INCIDENT_CHUNK_ROWS
        )
        resolve = source_resolver(source)
    except importer.ImportFileError as error:
        return _failed(report, by, str(error))
    if _load_directly(staging, incident_file):
        outcome = _import_directly(report, by, incident_file, resolve, skip_invalid, notify)
        if outcome is not None:
            return outcome
    try:
        staging.create()
        errors, error_count, rows_read, excluded = _validate_and_stage(
            incident_file, resolve, staging, skip_invalid, notify
        )
    except importer.ImportFileError as error:
        staging.drop()
        return _failed(report, by, str(error))
    except BaseException:
        staging.drop()
        raise

    try:
        if _refused(report, errors, error_count, rows_read, skip_invalid):
            return _finish(report, by)

        notify("write", 0, error_count)  # the last moment progress is visible before the commit
        try:
            with transaction.atomic():
                created, updated = staging.upsert(excluded, timezone.now(), REBUILD_INDEXES_AFTER)
        except (DatabaseError, ValueError):
            # Defence in depth: every row was checked, but should the database still refuse one
            # (a value the checks missed, an organisation deleted meanwhile), the transaction is
            # rolled back and the file refused.
            return _refused_by_database(report, by)
    finally:
        staging.drop()
    return _imported(report, by, created, updated)


def _failed(report: IncidentImport, by, message: str) -> IncidentImport:
    report.status = IncidentImport.Status.FAILED
    report.error_count = 1
    report.error_report = message
    return _finish(report, by)


def _refused(
    report: IncidentImport, errors, error_count: int, rows_read: int, skip_invalid
) -> bool:
    """Fill in what the check found; True (and the status set) when nothing may be written."""
    if rows_read == 0:
        report.status = IncidentImport.Status.FAILED
        report.error_count = 1
        report.error_report = _("The file has no rows: only a header.")
        return True
    report.rows_read = rows_read
    report.error_count = error_count
    report.error_report = _error_text(errors, error_count)
    report.row_errors = errors  # the first errors as (line, reason), for a job's error list
    if error_count and not skip_invalid:
        report.status = IncidentImport.Status.REJECTED
        return True
    return False


def _refused_by_database(report: IncidentImport, by) -> IncidentImport:
    report.status = IncidentImport.Status.FAILED
    report.error_report = _("The database refused a value in the file; nothing has been imported.")
    return _finish(report, by)


def _imported(report: IncidentImport, by, created: int, updated: int) -> IncidentImport:
    report.status = IncidentImport.Status.IMPORTED
    report.rows_imported = created
    report.rows_updated = updated
    report.rows_skipped = report.rows_read - created - updated
    if created >= ANALYZE_AFTER_ROWS:
        refresh_statistics()
    return _finish(report, by)


def _load_directly(staging, incident_file) -> bool:
    """Whether to load straight into the incident table (`loading.PostgresDirectLoad`): on
    PostgreSQL, for a large file (as many rows as make rebuilding the indexes pay) into an empty
    table — the initial load of a region's history. Checked again under the table's lock."""
    return (
        isinstance(staging, loading.PostgresStaging)
        and importer.estimated_rows(incident_file.path) >= REBUILD_INDEXES_AFTER
        and not Incident.objects.exists()
    )


class _NothingWritten(Exception):
    """Raised inside the direct load's transaction to roll it back."""


def _import_directly(report, by, incident_file, resolve, skip_invalid, notify):
    """The whole import in one transaction, the rows copied straight into the empty incident
    table. Returns None when the table turned out not to be empty (another import came first):
    the caller then imports through the staging table."""
    direct = loading.PostgresDirectLoad(connection)
    try:
        with transaction.atomic():
            if not direct.begin(timezone.now()):
                return None
            errors, error_count, rows_read, excluded = _validate_and_stage(
                incident_file, resolve, direct, skip_invalid, notify
            )
            if _refused(report, errors, error_count, rows_read, skip_invalid):
                raise _NothingWritten
            notify("write", 0, error_count)
            created = direct.finish(excluded)
    except _NothingWritten:
        return _finish(report, by)
    except importer.ImportFileError as error:
        return _failed(report, by, str(error))
    except (DatabaseError, ValueError):
        return _refused_by_database(report, by)
    return _imported(report, by, created, 0)


# After this many new incidents the planner's idea of the table is refreshed at once rather than
# when autovacuum comes round (docs/decisions.md, "PostgreSQL statistics after bulk loads").
ANALYZE_AFTER_ROWS = 10_000
# A load of at least this many rows, and at least as many as the table holds, rebuilds the
# secondary indexes instead of inserting every key into them (`loading`).
REBUILD_INDEXES_AFTER = 1_000_000


def refresh_statistics() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Incident._meta.db_table}")


def _validate_and_stage(incident_file, resolve, staging, skip_invalid: bool, notify):
    """One pass over the file: check every row and stage the valid ones (until the first error,
    unless invalid rows are skipped: such a file is refused anyway). Returns the errors (the
    first ERRORS_KEPT), their number, the rows read and the staged lines to leave out
    (repeated ids, known only at the end)."""
    kept: list[importer.RowError] = []
    count = 0
    rows_read = 0
    hashes: list[np.ndarray] = []
    lines: list[np.ndarray] = []
    for chunk, chunk_hashes, chunk_lines in _checked_chunks(incident_file, resolve):
        rows_read += chunk.rows_read
        count += len(chunk.errors)
        kept.extend(chunk.errors[: max(ERRORS_KEPT - len(kept), 0)])
        if skip_invalid or not count:
            staging.load(chunk.rows)
        hashes.append(chunk_hashes)
        lines.append(chunk_lines)
        notify("validate", rows_read, count)
    all_hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)
    all_lines = np.concatenate(lines) if lines else np.empty(0, dtype=np.int64)
    del hashes, lines
    repeated, first = importer.find_duplicates(all_hashes, all_lines)
    del all_hashes, all_lines
    if repeated.size:
        count += repeated.size
        duplicates = [
            importer.RowError(int(line), "duplicate_id", int(other))
            for line, other in zip(repeated[:ERRORS_KEPT], first[:ERRORS_KEPT], strict=True)
        ]
        kept = sorted(kept + duplicates, key=lambda e: e.line)[:ERRORS_KEPT]
    return kept, count, rows_read, repeated


def _checked_chunks(incident_file, resolve, ahead: int = 2):
    """(checked chunk, hashes of its ids, their lines) per chunk of the file, read and checked
    in a thread of its own up to `ahead` chunks ahead of the caller: while the database takes in
    one chunk, the next one is being read and checked (pandas, Arrow and DuckDB do most of that
    work outside the GIL). The thread does not touch the database. An error while reading (a
    damaged file) reaches the caller at the chunk where it happened; a caller that stops early
    (a cancelled job, an error of its own) stops the thread."""
    results: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for first_line, frame in incident_file.chunks():
                chunk = importer.validate_chunk(frame, first_line, incident_file, resolve)
                ids = importer._as_text(frame["id"])
                present = (ids != "").to_numpy(dtype=bool)
                chunk_lines = np.arange(first_line, first_line + len(frame), dtype=np.int64)
                item = (chunk, importer.id_hashes(ids[present]), chunk_lines[present])
                if not put(item):
                    return
            put(done)
        except BaseException as error:  # noqa: BLE001 -- handed to the caller, raised there
            put(error)

    reader = threading.Thread(target=read, name="incident-import-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = results.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


def _error_text(errors: list[importer.RowError], total: int) -> str:
    lines = [str(e) for e in errors]
    if total > len(errors):
        lines.append(_("… and %(n)s more errors.") % {"n": total - len(errors)})
    return "\n".join(lines)


def _finish(report: IncidentImport, by) -> IncidentImport:
    report.finished_at = timezone.now()
    report.save()
    record(
        by,
        AuditAction.CREATE,
        object_type="incidents.import",
        object_id=report.pk,
        purpose=Purpose.AREA_ANALYSIS,
        detail=(
            f"status {report.status}; gelezen {report.rows_read}, nieuw {report.rows_imported}, "
            f"bijgewerkt {report.rows_updated}, overgeslagen {report.rows_skipped}, "
            f"fouten {report.error_count}"
        ),
    )
    return report

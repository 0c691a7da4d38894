"""`manage.py hotspots INPUT --cell-size 100 --output OUT.csv`: Gi* hot spots of a point file.

Works on the file directly (DuckDB bins it, out of core), not on the database: INPUT is a CSV
(or Parquet) file with columns x, y in RD New and optionally datetime and category. Writes one
row per cell of the study area (the cells around the points, empty ones included) with the
columns cell_id, x_min, y_min, count, gi_z, p_value, p_fdr, hot_cold_class; see
`schakel.analytics.hotspots` for the definitions (p_value is the normal tail beyond |z| as in
PySAL's esda; hot_cold_class +3..-3 uses the FDR-corrected p).
"""

import datetime as dt
import time

import pyarrow as pa
import pyarrow.csv as pacsv
from django.core.management.base import BaseCommand, CommandError

from schakel.analytics import gridfile, hotspots

OUTPUT_COLUMNS = (
    "cell_id",
    "x_min",
    "y_min",
    "count",
    "gi_z",
    "p_value",
    "p_fdr",
    "hot_cold_class",
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = (
        "Getis-Ord Gi* hot spots of the points in a CSV/Parquet file (x, y in RD New; optionally "
        "datetime and category) on a square grid; writes one row per cell to a CSV file."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV or Parquet file with columns x and y (RD New).")
        parser.add_argument(
            "--cell-size",
            type=int,
            default=hotspots.DEFAULT_CELL_SIZE,
            choices=hotspots.CELL_SIZES,
            help="Cell size in metres (default 100).",
        )
        parser.add_argument("--output", required=True, help="CSV file to write.")
        parser.add_argument("--category", help="Only incidents of this category.")
        parser.add_argument("--from", dest="start", help="Only from this date (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", help="Only up to and including this date.")

    def handle(
        self, *args, input: str, cell_size: int, output: str, category, start, end, **options
    ):
        started = time.perf_counter()
        try:
            binned = gridfile.bin_file(
                input,
                cell_size,
                category=category,
                start=_date(start) if start else None,
                end=_date(end) if end else None,
            )
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {input}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # DuckDB's errors for unreadable files
            raise CommandError(f"The file cannot be read: {error}") from error
        result = hotspots.analyse_grid(binned.counts, binned.extent)
        columns = result.as_columns()
        table = pa.table({name: columns[name] for name in OUTPUT_COLUMNS})
        try:
            pacsv.write_csv(table, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        summary = result.summary()
        self.stdout.write(
            f"{binned.points_used} points in {binned.extent.nrows} × {binned.extent.ncols} cells of "
            f"{cell_size} m ({binned.points_ignored} ignored: no or foreign coordinates)."
        )
        self.stdout.write(
            "Hot spots (99/95/90 %): "
            f"{summary[3]}/{summary[2]}/{summary[1]}; cold spots: {summary[-3]}/{summary[-2]}/{summary[-1]}."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {output} in {time.perf_counter() - started:.2f} s.")
        )

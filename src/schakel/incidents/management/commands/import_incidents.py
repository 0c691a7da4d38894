"""`manage.py import_incidents FILE [--skip-invalid] [--source ORG]`: import a CSV or Parquet file."""

from django.core.management.base import BaseCommand, CommandError

from schakel.incidents import services
from schakel.incidents.models import IncidentImport
from schakel.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import incidents from a CSV or Parquet file with the columns id, datetime, category and "
        "x, y (RD New) or lat, lon (WGS84), optionally source. A file with invalid rows imports "
        "nothing unless --skip-invalid is given; rows with a known id are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv or .parquet file.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and skip the invalid ones (they are still reported).",
        )
        parser.add_argument(
            "--source",
            help="Organisation (name or id) for rows without a source column or value.",
        )

    def handle(self, *args, file: str, skip_invalid: bool, source: str | None, **options):
        organisation = None
        if source:
            query = Organisation.objects.filter(name__iexact=source)
            if source.isdigit():
                query = Organisation.objects.filter(pk=int(source)) | query
            organisation = query.first()
            if organisation is None:
                raise CommandError(f"Unknown organisation: {source}")

        def progress(phase: str, rows: int, errors: int = 0) -> None:
            label = "checked" if phase == "validate" else "written"
            self.stdout.write(f"{rows:>12,} rows {label}")

        report = services.import_incidents(
            file, skip_invalid=skip_invalid, source=organisation, progress=progress
        )
        if report.error_report:
            self.stdout.write(report.error_report)
        if report.status == IncidentImport.Status.FAILED:
            raise CommandError("The file could not be imported.")
        if report.status == IncidentImport.Status.REJECTED:
            raise CommandError(
                f"{report.error_count} invalid rows: nothing imported. "
                "Correct the file or use --skip-invalid."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows_read} rows read: {report.rows_imported} new, "
                f"{report.rows_updated} updated, {report.rows_skipped} skipped "
                f"({report.error_count} errors)."
            )
        )

"""`manage.py import_registrations FILE.csv [--source OM]`: import judicial registrations.

Atomic: every bad row is reported with its line number and reason, and then nothing is imported.
Re-running with the same file changes nothing. New persons are then linked against the registry;
possible matches are queued for clerical review (reported, and a failure there is only reported).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.targets.registrations import COLUMNS, import_registrations


class Command(BaseCommand):
    help = "Import judicial registrations from a CSV extract (columns: " + ", ".join(COLUMNS) + ")."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, with a header row.")
        parser.add_argument(
            "--source",
            default="OM",
            help="Who delivered the extract; person references are kept per source (default OM).",
        )

    def handle(self, *args, file: str, source: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"File not found: {file}")
        # Bytes: the importer names the first line that is not UTF-8.
        result = import_registrations(
            path.read_bytes(), by=None, source=source, file_name=path.name
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(
                    _("line %(line)s: %(reason)s") % {"line": error.line, "reason": error.message}
                )
            raise CommandError(
                f"Nothing imported: {len(result.errors)} problem(s) in {result.rows} row(s)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged; {result.persons_created} new persons."
            )
        )
        if result.linkage_failed:
            self.stderr.write(
                self.style.WARNING(
                    "The import stands, but linking the new persons against the registry failed; "
                    "start a linkage run to find possible matches."
                )
            )
        elif result.linkage_run is not None:
            linked = (
                f", {result.linked_without_review} linked without review"
                if result.linked_without_review
                else ""
            )
            self.stdout.write(
                f"{result.queued_for_review} possible match(es) with persons already in the "
                f"registry queued for review{linked} (review queue: {reverse('linkage:queue')})."
            )

"""manage.py fetch_federation_indexes — fetch every active peer's index over HTTP."""

from django.core.management.base import BaseCommand, CommandError

from schakel.access.errors import ValidationError
from schakel.federation import services


class Command(BaseCommand):
    help = "Fetch the federation indexes of the active peers (a 410 withdraws the peer)."

    def handle(self, *args, **options):
        try:
            report = services.fetch_indexes()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Fetched: {', '.join(report.fetched) or 'none'}.")
        if report.withdrawn:
            self.stdout.write(f"Withdrawn (left the federation): {', '.join(report.withdrawn)}.")
        for name, why in report.failed:
            self.stderr.write(f"Not fetched from {name}: {why} (its previous index is kept).")

"""manage.py publish_federation_index — encode the persons in open cases into this
installation's hardened federation index (served at /federatie/index)."""

from django.core.management.base import BaseCommand, CommandError

from schakel.access.errors import ValidationError
from schakel.federation import services


class Command(BaseCommand):
    help = "Publish this installation's federation index (keyed, balanced Bloom filters)."

    def handle(self, *args, **options):
        try:
            published = services.publish_index()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Index published: epoch {published.epoch}, {published.entry_count} entries "
            "(padded with decoys)."
        )

"""`manage.py import_address_locations FILE.csv`: x/y (RD New) of known addresses from a BAG
extract, all or nothing (`registry.locations`; docs/imports.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.access.errors import ValidationError
from schakel.registry.locations import import_address_locations


class Command(BaseCommand):
    help = (
        "Give known addresses their location (x, y in RD New) from a BAG CSV extract with the "
        "columns postcode, huisnummer, toevoeging, x, y. A file with any bad line changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            result = import_address_locations(Path(file).read_bytes())
        except OSError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(
                "\n".join([_("Nothing imported:"), *getattr(error, "messages", [str(error)])])
            ) from None
        if result.errors:
            raise CommandError("\n".join([_("Nothing imported:"), *result.errors]))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(n)s addresses given a location; %(u)s lines name an address Schakel does not know."
                )
                % {"n": result.updated, "u": result.unknown}
            )
        )

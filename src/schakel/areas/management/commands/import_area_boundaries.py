"""`manage.py import_area_boundaries FILE [--municipality GM0999] [--srid 28992] [--username NAME]`.

Reads CBS municipalities, districts and neighbourhoods with their outlines from a GeoJSON file or
a GeoPackage (the CBS Wijk- en buurtkaart; docs/areas.md) and creates or updates them, all or
nothing (`areas.cbs_boundaries`, `areas.services.import_cbs_boundaries`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.areas import services
from schakel.areas.cbs_boundaries import RD_NEW, WGS84, BoundaryFileError, read_boundaries
from schakel.organisations.models import User


class Command(BaseCommand):
    help = (
        "Import CBS district (wijk) and neighbourhood (buurt) boundaries from a GeoJSON file or "
        "GeoPackage: areas are created or updated by their CBS code, with their outlines and "
        "parents. A file with any bad feature imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .geojson/.json file or a .gpkg GeoPackage.")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            help="Only this municipality's areas (GM0999 or 0999); may be given more than once.",
        )
        parser.add_argument(
            "--srid",
            type=int,
            choices=[RD_NEW, WGS84],
            help="The coordinates' system when the file does not say (default: as the file "
            "says; GeoJSON without a crs member: RD New when coordinates exceed ±180).",
        )
        parser.add_argument(
            "--username",
            help="The user who imports (must be allowed to define areas); audited as them.",
        )

    def handle(self, *args, file, municipality, srid, username, **options):
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("There is no user %(name)s.") % {"name": username})
        try:
            cbs_areas = read_boundaries(file, municipalities=tuple(municipality), srid=srid)
            summary = services.import_cbs_boundaries(cbs_areas, by=user)
        except BoundaryFileError as error:
            raise CommandError("\n".join([_("Nothing imported:"), *error.errors])) from None
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError("\n".join([_("Nothing imported:"), *messages])) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(outlines)s areas with outlines imported: %(created)s new, %(updated)s "
                    "updated."
                )
                % summary
            )
        )

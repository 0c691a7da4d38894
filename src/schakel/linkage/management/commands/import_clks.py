"""`manage.py import_clks ENCODED.csv --key-label LABEL --username NAME`.

Stores a partner's encodings of registry persons (the id column holds Schakel's person id), so
that "already known?" can be asked with an encoding. Replaces earlier encodings of that label.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.analytics import bloom
from schakel.linkage import services
from schakel.organisations.models import User


class Command(BaseCommand):
    help = "Import encodings (id,clk) of registry persons for 'already known?' by encoding."

    def add_arguments(self, parser):
        parser.add_argument("input")
        parser.add_argument("--key-label", required=True)
        parser.add_argument("--username", required=True, help="The process director importing.")

    def handle(self, *args, input, key_label, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user %(name)s.") % {"name": username})
        try:
            ids, _matrix = bloom.read_encodings(input)
            rows = [(i, bloom.to_base64(v)) for i, v in zip(ids, _matrix, strict=True)]
            count = services.import_encodings(by=user, rows=rows, key_label=key_label)
        except bloom.EncodingError as error:
            raise CommandError(error.translated(_)) from None
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(_("%(count)d encodings imported.") % {"count": count})

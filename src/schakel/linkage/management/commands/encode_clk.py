"""`manage.py encode_clk INPUT.csv --mapping MAPPING.json --key-file KEY --output ENCODED.csv`.

Run by a partner on its own machine: turns an extract into keyed Bloom-filter encodings (CLKs).
The output holds only `id,clk`; the key stays with the partners. The same is available without
Django as `python -m schakel.analytics.bloom encode ...`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.analytics import bloom


class Command(BaseCommand):
    help = "Encode a CSV extract into keyed Bloom-filter encodings (id,clk) for private linkage."

    def add_arguments(self, parser):
        parser.add_argument("input")
        parser.add_argument("--mapping", required=True, help="JSON object: role → column name.")
        parser.add_argument(
            "--key-file", required=True, help="File holding the secret agreed between partners."
        )
        parser.add_argument("--output", required=True)
        parser.add_argument("--bits", type=int, default=bloom.DEFAULT_BITS)

    def handle(self, *args, input, mapping, key_file, output, bits, **options):
        try:
            try:
                with open(mapping, encoding="utf-8") as handle:
                    mapping_text = handle.read()
            except (OSError, UnicodeDecodeError):
                raise bloom.EncodingError(
                    bloom.gettext_noop("The mapping file %(path)s cannot be read."), path=mapping
                ) from None
            count = bloom.encode_file(
                input,
                bloom.parse_mapping(mapping_text),
                bloom.read_key(key_file),
                output,
                bloom.ClkSettings(bits=bits),
            )
        except bloom.EncodingError as error:
            raise CommandError(error.translated(_)) from None
        except OSError as error:
            raise CommandError(
                _("The output file %(path)s cannot be written: %(error)s")
                % {"path": output, "error": error.strerror}
            ) from None
        self.stdout.write(
            _("%(count)d records encoded into %(path)s.") % {"count": count, "path": output}
        )

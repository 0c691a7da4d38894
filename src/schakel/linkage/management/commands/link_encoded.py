"""`manage.py link_encoded LEFT.csv [RIGHT.csv] --output PAIRS.csv [--threshold 0.7]`.

Links keyed Bloom-filter encodings (id,clk) by their Dice coefficient; no raw identifier is
present. In link mode every record takes part in at most one pair (greedy by score).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.analytics import bloom


class Command(BaseCommand):
    help = "Link two files of encodings (id,clk), or deduplicate one, by Dice coefficient."

    def add_arguments(self, parser):
        parser.add_argument("left")
        parser.add_argument("right", nargs="?")
        parser.add_argument("--output", required=True)
        parser.add_argument("--threshold", type=float, default=bloom.DEFAULT_DICE_THRESHOLD)
        parser.add_argument(
            "--blocking", choices=["auto", "none", "lsh"], default="auto", help="Hamming LSH."
        )
        parser.add_argument(
            "--many-to-many",
            action="store_true",
            help="Keep every pair above the threshold (no one-to-one assignment).",
        )

    def handle(self, *args, left, right, output, threshold, blocking, many_to_many, **options):
        try:
            count = bloom.link_files(
                left,
                right,
                output,
                threshold=threshold,
                one_to_one=False if many_to_many else None,
                blocking=blocking,
            )
        except bloom.EncodingError as error:
            raise CommandError(error.translated(_)) from None
        except OSError as error:
            raise CommandError(
                _("The output file %(path)s cannot be written: %(error)s")
                % {"path": output, "error": error.strerror}
            ) from None
        self.stdout.write(
            _("%(count)d pairs written to %(path)s.") % {"count": count, "path": output}
        )

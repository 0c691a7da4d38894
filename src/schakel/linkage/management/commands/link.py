"""`manage.py link LEFT.csv [RIGHT.csv] --mapping MAPPING.json --output PAIRS.csv`.

Probabilistic record linkage (Splink, trained without labels) of two partner extracts, or
deduplication of one. Writes `left_id,right_id,match_probability` for the pairs at or above the
threshold. Works on files only; nothing is written to the database.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.analytics import linkage


class Command(BaseCommand):
    help = (
        "Link two CSV extracts (or deduplicate one) by probabilistic record linkage and write "
        "the pairs at or above the threshold as left_id,right_id,match_probability."
    )

    def add_arguments(self, parser):
        parser.add_argument("left", help="CSV extract (the only one when deduplicating).")
        parser.add_argument("right", nargs="?", help="Second CSV extract (link mode).")
        parser.add_argument(
            "--mapping",
            required=True,
            help="JSON object from role (id, given_name, surname, date_of_birth, street, "
            "house_number, postcode, city, national_id, sex) to column name.",
        )
        parser.add_argument(
            "--right-mapping", help="Mapping for the right extract when its columns differ."
        )
        parser.add_argument("--output", required=True, help="CSV file to write the pairs to.")
        parser.add_argument("--threshold", type=float, default=0.9)
        parser.add_argument("--seed", type=int, default=linkage.DEFAULT_SEED)

    def handle(self, *args, left, right, mapping, right_mapping, output, threshold, seed, **kw):
        try:
            role_map = linkage.load_mapping(mapping)
            right_map = linkage.load_mapping(right_mapping) if right_mapping else None
            left_frame = linkage.read_extract(left)
            right_frame = linkage.read_extract(right) if right else None
            linkage.check_columns(role_map, left_frame.columns, source=left)
            if right_frame is not None:
                linkage.check_columns(right_map or role_map, right_frame.columns, source=right)
            result = linkage.link_records(
                left_frame,
                right_frame,
                role_map,
                right_mapping=right_map,
                threshold=threshold,
                options=linkage.LinkageOptions(seed=seed),
            )
            linkage.write_pairs(result.pairs, output)
        except linkage.MappingError as error:
            raise CommandError(error.translated(_)) from None
        except OSError as error:
            raise CommandError(
                _("The output file %(path)s cannot be written: %(error)s")
                % {"path": output, "error": error.strerror}
            ) from None
        self.stdout.write(
            _("%(pairs)d pairs at or above %(threshold)s written to %(path)s (%(seconds).1f s).")
            % {
                "pairs": result.pair_count,
                "threshold": threshold,
                "path": output,
                "seconds": result.seconds,
            }
        )
        shares = ", ".join(f"{share:.1%}" for share in result.household_shares) or "-"
        if result.households:
            message = _(
                "Household rules applied (records sharing home and surname per extract: %(shares)s)."
            )
        else:
            message = _(
                "No households in the extracts (records sharing home and surname: %(shares)s): "
                "another given name is learned, not set."
            )
        self.stdout.write(message % {"shares": shares})

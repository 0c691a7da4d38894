"""Where premises lie: x/y (RD New) of known addresses, from a BAG extract.

The BAG (Basisregistratie Adressen en Gebouwen) gives each verblijfsobject a point in RD New; a
municipality exports it per postcode and house number (e.g. from its own BAG copy or the PDOK BAG
download as CSV). Only addresses Schakel already knows are given a location — the file is not a
way to add addresses. All or nothing: a file with any bad line changes nothing, and every bad
line is reported with its number and reason (docs/imports.md).

Columns (header on line 1, comma or semicolon): `postcode`, `huisnummer`, optional
`toevoeging` (huisletter + toevoeging), `x`, `y`.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.access.errors import ValidationError

from .models import Address
from .validators import normalise_postcode

COLUMNS = ("postcode", "huisnummer", "toevoeging", "x", "y")
REQUIRED = ("postcode", "huisnummer", "x", "y")
#: RD New covers the Netherlands within these bounds (EPSG:28992's area of use, rounded out).
X_RANGE = (-7_000.0, 300_000.0)
Y_RANGE = (289_000.0, 629_000.0)


@dataclass
class LocationImport:
    updated: int = 0
    unknown: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text: save it as UTF-8.")) from None
    first = text.split("\n", 1)[0]
    dialect = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            _("The file lacks the column(s) %(columns)s.") % {"columns": ", ".join(missing)}
        )
    reader.fieldnames = header
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _parse(line: int, row: dict) -> tuple[tuple[str, int, str], float, float] | str:
    from .validators import validate_postcode

    try:
        postcode = normalise_postcode(row["postcode"])
        validate_postcode(postcode)
    except Exception:  # noqa: BLE001 -- any refusal of the validator is the same reason
        return _("line %(line)s: %(value)s is not a postcode.") % {
            "line": line,
            "value": row["postcode"][:10],
        }
    try:
        number = int(row["huisnummer"])
        if number < 1:
            raise ValueError
    except ValueError:
        return _("line %(line)s: the house number is not a whole number above 0.") % {"line": line}
    try:
        x, y = float(row["x"].replace(",", ".")), float(row["y"].replace(",", "."))
    except ValueError:
        return _("line %(line)s: x and y must be numbers (RD New, metres).") % {"line": line}
    if not (X_RANGE[0] <= x <= X_RANGE[1] and Y_RANGE[0] <= y <= Y_RANGE[1]):
        return _("line %(line)s: x/y lie outside the Netherlands (RD New expected).") % {
            "line": line
        }
    return (postcode, number, row.get("toevoeging", "").upper()), x, y


@transaction.atomic
def import_address_locations(content: bytes) -> LocationImport:
    """Give the known addresses in the file their location; nothing when any line is bad."""
    result = LocationImport()
    parsed = []
    for line, row in _rows(content):
        outcome = _parse(line, row)
        if isinstance(outcome, str):
            result.errors.append(outcome)
        else:
            parsed.append(outcome)
    if result.errors:
        return result
    if not parsed:
        raise ValidationError(_("The file has no rows."))
    wanted = {key: (x, y) for key, x, y in parsed}
    postcodes = {key[0] for key in wanted}
    changed = []
    for address in Address.objects.filter(postcode__in=postcodes):
        key = (address.postcode, address.house_number, address.house_number_addition)
        if key in wanted:
            address.x, address.y = wanted.pop(key)
            changed.append(address)
    Address.objects.bulk_update(changed, ["x", "y"], batch_size=1000)
    result.updated = len(changed)
    result.unknown = len(wanted)
    return result

"""Validation of Dutch identifiers: BSN (11-test), postcode (BAG), KvK number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}\s?[A-Z]{2}$")


def is_valid_bsn(value: str) -> bool:
    """The BSN 11-test: 9 digits, weights 9..2 and -1, weighted sum divisible by 11, not 0."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{9}", value):
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0 and value != "000000000"


def validate_bsn(value: str) -> None:
    if not re.fullmatch(r"[0-9]{9}", value or ""):
        raise ValidationError(_("A BSN consists of exactly 9 digits."), code="bsn_format")
    if not is_valid_bsn(value):
        raise ValidationError(_("This BSN does not pass the 11-test."), code="bsn_checksum")


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").upper())


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, e.g. 3072 AB."),
            code="postcode",
        )


def validate_kvk(value: str) -> None:
    if not re.fullmatch(r"[0-9]{8}", value or ""):
        raise ValidationError(_("A KvK number consists of exactly 8 digits."), code="kvk")

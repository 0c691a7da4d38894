"""Which dates and texts Schakel accepts as plausible: one place for every import, form and
serializer (issue 9: a person born in 1800, an offence in 2095, `0001-01-01` from a Parquet file).

- A date of birth lies between `EARLIEST_BIRTH` (1900-01-01) and today.
- An event (an incident, an offence, a decision) lies between `earliest_event()` — the setting
  `SCHAKEL_EARLIEST_EVENT_DATE`, default 1990-01-01 — and today plus `FUTURE_TOLERANCE` (one
  day: a file written in another time zone, or just after midnight).
- Dates in files are written `YYYY-MM-DD`. The compact form `YYYYMMDD` is refused with its own
  message rather than guessed at: Python 3.11 and pandas read `19900101` as an ISO date, but a
  column of such numbers is as often a person number or a serial as a date.
- Text may not contain a NUL character: PostgreSQL cannot store one, and no real value has one.

Today is the local date in Amsterdam (`django.utils.timezone.localdate`).
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH = dt.date(1900, 1, 1)
DEFAULT_EARLIEST_EVENT = dt.date(1990, 1, 1)
FUTURE_TOLERANCE = dt.timedelta(days=1)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COMPACT_DATE = re.compile(r"^\d{8}$")


def today() -> dt.date:
    return timezone.localdate()


def earliest_event() -> dt.date:
    value = getattr(settings, "SCHAKEL_EARLIEST_EVENT_DATE", DEFAULT_EARLIEST_EVENT)
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value


def latest_event() -> dt.date:
    return today() + FUTURE_TOLERANCE


def event_window() -> tuple[dt.date, dt.date]:
    """The first and last plausible day of an event, both inclusive."""
    return earliest_event(), latest_event()


def birth_window() -> tuple[dt.date, dt.date]:
    return EARLIEST_BIRTH, today()


def is_plausible_birth(day: dt.date) -> bool:
    low, high = birth_window()
    return low <= day <= high


def is_plausible_event(day: dt.date) -> bool:
    low, high = event_window()
    return low <= day <= high


def parse_date(text: str) -> dt.date:
    """A date written `YYYY-MM-DD`; `ValidationError` with a Dutch reason otherwise."""
    value = (text or "").strip()
    if COMPACT_DATE.match(value):
        raise ValidationError(
            _("date written as YYYYMMDD: write YYYY-MM-DD (e.g. 1990-01-01)"), code="compact_date"
        )
    if not ISO_DATE.match(value):
        raise ValidationError(_("not a date (YYYY-MM-DD)"), code="bad_date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("not a date (YYYY-MM-DD)"), code="bad_date") from None


def _date_of(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def validate_date_of_birth(value) -> None:
    """Validator for a date of birth (forms, serializers, imports)."""
    if value is None:
        return
    low, high = birth_window()
    if not low <= _date_of(value) <= high:
        raise ValidationError(
            _("A date of birth lies between %(low)s and today (%(high)s).")
            % {"low": low.isoformat(), "high": high.isoformat()},
            code="implausible_birth",
        )


def validate_event_date(value) -> None:
    """Validator for the date of an event: an incident, an offence, a decision."""
    if value is None:
        return
    low, high = event_window()
    if not low <= _date_of(value) <= high:
        raise ValidationError(
            _("The date lies outside the plausible period (%(low)s to %(high)s).")
            % {"low": low.isoformat(), "high": high.isoformat()},
            code="implausible_event",
        )


def has_nul(text: str) -> bool:
    return "\x00" in (text or "")

"""A small iCalendar (RFC 5545) writer: events with a time or a whole day, nothing more.

Written here rather than taken from a package because Schakel needs so little of the standard:
lines end in CRLF (3.1), long lines are folded at 75 octets with a CRLF and one space, never
inside a UTF-8 character (3.1), text values escape backslash, semicolon, comma and newline
(3.3.11), each event has a UID and a DTSTAMP (3.6.1), times are written in UTC (`…Z`, 3.3.5) so
no VTIMEZONE is needed, whole days as `VALUE=DATE` (3.3.4).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
FOLD_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    url: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    cancelled: bool = False


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets (the continuation's leading space
    counts), splitting only between characters."""
    pieces: list[str] = []
    current, size, limit = "", 0, FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, FOLD_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar(events: Iterable[Event], *, name: str, stamp: datetime.datetime) -> str:
    """The whole VCALENDAR object as text, CRLF line ends, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Schakel//Schakel//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        end = event.end
        if end is None and not isinstance(event.start, datetime.datetime):
            end = event.start + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{_utc(stamp)}",
            _when("DTSTART", event.start),
        ]
        if end is not None:
            lines.append(_when("DTEND", end))
        lines += [f"SUMMARY:{escape_text(event.summary)}", f"URL:{event.url}"]
        if event.cancelled:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)

"""The iCalendar writer (RFC 5545): CRLF, escaping, folding at 75 octets, UID and DTSTAMP."""

import datetime

from schakel.lib.icalendar import Event, calendar, escape_text, fold


def test_text_is_escaped():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_never_inside_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line


def test_a_calendar_has_crlf_lines_and_required_properties():
    stamp = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=datetime.UTC)
    text = calendar(
        [
            Event("a@x", "Casusoverleg", "https://x/1", stamp, stamp + datetime.timedelta(hours=1)),
            Event("b@x", "Deadline", "https://x/2", datetime.date(2026, 12, 24)),
        ],
        name="Schakel",
        stamp=stamp,
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "DTSTART:20261207T060000Z" in lines and "DTEND:20261207T070000Z" in lines
    assert "DTSTART;VALUE=DATE:20261224" in lines and "DTEND;VALUE=DATE:20261225" in lines
    assert lines.count("DTSTAMP:20261207T060000Z") == 2
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2

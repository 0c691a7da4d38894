"""CSV files that Schakel writes are opened in spreadsheets: a cell that starts like a formula
(`=HYPERLINK(…)`, `+…`, `-…`, `@…`, a tab or carriage return) would run as one (CSV injection,
OWASP). Every text cell Schakel writes goes through `neutralise`; numbers are left as they are."""

import csv
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> object:
    """A text that a spreadsheet would read as a formula, prefixed with `'` so that it is shown
    as text; other values unchanged (None becomes an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class SafeWriter:
    """`csv.writer` whose rows have every text cell neutralised."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)

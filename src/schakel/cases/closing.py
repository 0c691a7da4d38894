"""Open work that must be ended, each item for a reason, before a case ends.

A case is closed, rejected or referred by `services.change_status`. Work on the case that is
still open — running interventions, goals not achieved — belongs to apps above `cases` (plans),
which `cases` may not import. So those apps register a source of open work here in their
`AppConfig.ready()` (as `registry.register_subject_source`): `open_items` lists what is still
open, and `end` gives one item its proper end state and writes its history line. The case's
service asks a reason per item and records it (docs/decisions.md).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenItem:
    """One piece of open work: `key` names it in forms and calls (e.g. "intervention-12"),
    `label` as the given user may read it (the closing form), `named` as a history line of any
    category may name it (the reason's line: its category is the reason's, not the item's),
    `end(by)` gives it its end state and writes its own line in its own category."""

    key: str
    label: str
    named: str
    end: Callable


# A source: (case, user) -> the case's open items, labelled for that user.
OpenWorkSource = Callable[..., list[OpenItem]]

_SOURCES: list[OpenWorkSource] = []


def register_open_work(source: OpenWorkSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def open_items(case, user) -> list[OpenItem]:
    """Everything still open on the case, from every registered source."""
    return [item for source in _SOURCES for item in source(case, user)]

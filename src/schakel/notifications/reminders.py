"""Reminders before a due date and on overdue work, gathered from the apps that own the work.

Each app that has work with a due date registers a source in its `AppConfig.ready()`
(`register(source)`), so this low layer never imports them. `source(today)` yields `Reminder`s;
`services.send_reminders` turns them into notifications, at most once per recipient and key (the
item and the moment: "intervention:12:overdue:2026-12-01"), however often it runs.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reminder:
    recipients: Iterable
    kind: str
    link: str
    key: str
    due: datetime.date | None = None


SOURCES: dict[str, Callable[[datetime.date], Iterable[Reminder]]] = {}


def register(name: str, source: Callable[[datetime.date], Iterable[Reminder]]) -> None:
    SOURCES[name] = source


def due_reminders(today: datetime.date) -> Iterable[Reminder]:
    for source in SOURCES.values():
        yield from source(today)

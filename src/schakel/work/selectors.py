"""Reads of "Mijn werk": every registered source's open items, sorted by due date.

This app knows no source: each owning app registers one (`registry.register`) and builds its
items from its own `visible_to` querysets, so the list shows only what the user's pages show.
"""

import datetime
from collections.abc import Iterable

from schakel.access.policy import leads_organisation_work

from .items import WorkItem
from .registry import SOURCES


def _sorted(items: Iterable[WorkItem]) -> list[WorkItem]:
    return sorted(
        items, key=lambda i: (i.due is None, i.due or datetime.date.max, i.kind, i.object_id)
    )


def _kept(user, item: WorkItem) -> bool:
    """Only the user's own work and their organisation's as a whole, never another's."""
    if item.assignee_id is not None:
        return item.assignee_id == user.pk
    return item.organisation_id is not None and item.organisation_id == user.organisation_id


def my_items(user, kind: str | None = None) -> list[WorkItem]:
    """The open work given to `user` or to their organisation as a whole."""
    if not (user.is_authenticated and user.is_active):
        return []
    items: list[WorkItem] = []
    for source in SOURCES.values():
        if kind and source.kind != kind:
            continue
        items.extend(item for item in source.mine(user) if _kept(user, item))
    return _sorted(items)


def organisation_items(user, kind: str | None = None) -> list[WorkItem]:
    """A team lead's overview: the open work of the whole organisation (empty for others)."""
    if not leads_organisation_work(user):
        return []
    items: list[WorkItem] = []
    for source in SOURCES.values():
        if source.organisation is None or (kind and source.kind != kind):
            continue
        items.extend(
            item
            for item in source.organisation(user)
            if item.organisation_id == user.organisation_id
        )
    return _sorted(items)


def kinds() -> list[str]:
    return sorted(SOURCES)


def reassignable(kind: str) -> bool:
    source = SOURCES.get(kind)
    return source is not None and source.reassign is not None

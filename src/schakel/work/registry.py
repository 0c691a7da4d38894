"""Sources of work. `source(user)` yields the open `WorkItem`s given to `user` (and to their
organisation as a whole); `organisation_source(user)`, when given, yields the open items of the
user's organisation for a team lead's overview; `reassign(user, object_id, to_user,
assignee_id=None)` hands one item (of `assignee_id`, where one object is several people's work)
to a colleague of the same organisation (a service of the owning app, audited there)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .items import WorkItem


@dataclass(frozen=True)
class Source:
    kind: str
    mine: Callable[..., Iterable[WorkItem]]
    organisation: Callable[..., Iterable[WorkItem]] | None = None
    reassign: Callable[..., None] | None = None


SOURCES: dict[str, Source] = {}


def register(
    kind: str,
    mine: Callable[..., Iterable[WorkItem]],
    *,
    organisation: Callable[..., Iterable[WorkItem]] | None = None,
    reassign: Callable[..., None] | None = None,
) -> None:
    SOURCES[kind] = Source(kind, mine, organisation, reassign)

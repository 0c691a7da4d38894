"""One piece of work that is someone's to do ("Mijn werk", issue 11), whatever app owns it.

The apps that own work (hand-overs, interventions, bottlenecks, evaluation actions, conferences to
attend, review dates, clerical-review pairs, advice questions) register a source in their
`AppConfig.ready()` (`work.registry.register`), so this low layer never imports them. A source
answers with `WorkItem`s built from what the asking user may see: titles and origins are the
readable labels the user's own pages show, under the same category rules.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    kind: str  # a key of the source, e.g. "handover", "intervention", "bottleneck"
    kind_label: str  # its Dutch label, e.g. "Overdracht"
    title: str  # what is to be done, as the user may see it
    due: datetime.date | None
    origin: str  # where it came from, e.g. "Casus 2026-0012" (as the user may see it)
    url: str  # where to act on it
    object_type: str  # "signal", "case", "intervention", … (for the API)
    object_id: int
    organisation_id: int | None  # the organisation the work is given to
    assignee_id: int | None = None  # the user it is given to; None: the organisation as a whole

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today

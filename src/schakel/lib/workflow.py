"""A status enum and the few allowed steps between its statuses, in one table.

Each app's `workflow.py` declares its table as a `Workflow`; services call `require(...)` before
they change a status, forms offer `choices_from(...)`, and the tests read `transitions`.
(Modelled on Signalen's `ALLOWED_STATUS_CHANGES`, kept small: each step is a real one.)
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models


class Workflow:
    """`refused` is the message for a step outside the table ('%(from)s', '%(to)s'); `finished`,
    when given, the message for any step from a status that has none ('%(status)s' optional).
    Both are lazy translations, rendered in the user's language when they are raised."""

    def __init__(
        self,
        statuses: type[models.TextChoices],
        transitions: Mapping[str, Iterable[str]],
        *,
        refused,
        finished=None,
    ):
        self.statuses = statuses
        self.transitions: dict[str, frozenset[str]] = {
            status: frozenset(steps) for status, steps in transitions.items()
        }
        self.refused = refused
        self.finished = finished

    @property
    def open_statuses(self) -> frozenset[str]:
        """The statuses from which some step is still allowed."""
        return frozenset(status for status, steps in self.transitions.items() if steps)

    def can(self, from_status: str, to_status: str) -> bool:
        return to_status in self.transitions.get(from_status, frozenset())

    def require(self, from_status: str, to_status: str) -> None:
        """Refuse (ValidationError, in the user's language) a step that is not in the table."""
        if self.can(from_status, to_status):
            return
        if self.finished is not None and not self.transitions.get(from_status):
            raise ValidationError(str(self.finished) % {"status": self.label(from_status).lower()})
        raise ValidationError(
            str(self.refused) % {"from": self.label(from_status), "to": self.label(to_status)}
        )

    def choices_from(self, status: str) -> list[tuple[str, str]]:
        """(value, label) of the status itself and of the steps allowed from it, for a form."""
        allowed = self.transitions.get(status, frozenset())
        return [(s.value, s.label) for s in self.statuses if s == status or s in allowed]

    def label(self, status: str) -> str:
        return str(self.statuses(status).label) if status in self.statuses.values else status

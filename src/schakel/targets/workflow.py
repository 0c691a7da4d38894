"""The lifecycle of a bottleneck: statuses and the few allowed steps between them, in one table.

A bottleneck is raised open; the asked partner takes it up, and it ends solved or as one that
cannot be solved (both with a resolution). Changing only the resolution text is not a step.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


class BottleneckStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being solved")
    SOLVED = "solved", _("Solved")
    NOT_SOLVABLE = "not_solvable", _("Cannot be solved")


S = BottleneckStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.SOLVED, S.NOT_SOLVABLE}),
    S.IN_PROGRESS: frozenset({S.SOLVED, S.NOT_SOLVABLE}),
    S.SOLVED: frozenset(),
    S.NOT_SOLVABLE: frozenset(),
}
OPEN_BOTTLENECK_STATUSES = (S.OPEN, S.IN_PROGRESS)
FINISHED_BOTTLENECK_STATUSES = (S.SOLVED, S.NOT_SOLVABLE)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def require_transition(from_status: str, to_status: str) -> None:
    """Refuse a step that is not in the table."""
    if can_transition(from_status, to_status):
        return
    if not ALLOWED_TRANSITIONS.get(from_status):
        raise ValidationError(
            gettext("This bottleneck is %(status)s and cannot be changed any more.")
            % {"status": _label(from_status).lower()}
        )
    raise ValidationError(
        gettext("A bottleneck cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(from_status), "to": _label(to_status)}
    )


def status_choices_from(status: str) -> list[tuple[str, str]]:
    """(value, label) of the status itself (to change only the resolution) and its next steps."""
    allowed = ALLOWED_TRANSITIONS.get(status, frozenset())
    return [(s.value, s.label) for s in BottleneckStatus if s == status or s in allowed]


def _label(status: str) -> str:
    return str(BottleneckStatus(status).label) if status in BottleneckStatus.values else status

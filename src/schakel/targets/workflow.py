"""The lifecycle of a bottleneck: statuses and the few allowed steps between them, in one table.

A bottleneck is raised open; the asked partner takes it up, and it ends solved or as one that
cannot be solved (both with a resolution). Changing only the resolution text is not a step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


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


WORKFLOW = Workflow(
    BottleneckStatus,
    ALLOWED_TRANSITIONS,
    refused=_("A bottleneck cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This bottleneck is %(status)s and cannot be changed any more."),
)
can_transition = WORKFLOW.can
require_transition = WORKFLOW.require
status_choices_from = WORKFLOW.choices_from

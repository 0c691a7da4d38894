"""The conference lifecycle: statuses and the few allowed steps between them, in one table.

A planned conference is held (its minutes are then final) or cancelled; either is final.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


S = ConferenceStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.HELD, S.CANCELLED}),
    S.HELD: frozenset(),
    S.CANCELLED: frozenset(),
}


WORKFLOW = Workflow(
    ConferenceStatus,
    ALLOWED_TRANSITIONS,
    refused=_("A case conference cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This case conference is %(status)s; it can no longer be changed."),
)
can_transition = WORKFLOW.can
require_transition = WORKFLOW.require

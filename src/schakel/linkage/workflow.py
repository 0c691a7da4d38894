"""The review of a candidate pair: statuses and the few allowed steps between them, in one table.

A run stores a pair as awaiting review, or as linked without review when its probability lies
above the run's upper threshold. A reviewer accepts or rejects a pending pair; any decision,
the automatic link too, can be undone, which queues the pair for review again.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class PairStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted: one person")
    REJECTED = "rejected", _("Rejected: different persons")
    LINKED = "linked", _("Linked without review")


S = PairStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.ACCEPTED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.PENDING}),
    S.REJECTED: frozenset({S.PENDING}),
    S.LINKED: frozenset({S.PENDING}),
}


WORKFLOW = Workflow(
    PairStatus, ALLOWED_TRANSITIONS, refused=_("A pair cannot go from '%(from)s' to '%(to)s'.")
)
can_transition = WORKFLOW.can


def require_transition(from_status: str, to_status: str) -> None:
    """Refuse a step that is not in the table, saying why for the two mistakes a reviewer makes:
    deciding a pair twice, and undoing a pair nobody decided."""
    if can_transition(from_status, to_status):
        return
    if from_status != S.PENDING and to_status != S.PENDING:
        raise ValidationError(gettext("This pair has already been decided."))
    if from_status == S.PENDING and to_status == S.PENDING:
        raise ValidationError(gettext("This pair has not been decided yet."))
    WORKFLOW.require(from_status, to_status)

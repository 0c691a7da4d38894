"""The review of a candidate pair: statuses and the few allowed steps between them, in one table.

A run stores a pair as awaiting review, or as linked without review when its probability lies
above the run's upper threshold. A reviewer accepts or rejects a pending pair; any decision,
the automatic link too, can be undone, which queues the pair for review again.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


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


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def require_transition(from_status: str, to_status: str) -> None:
    """Refuse a step that is not in the table."""
    if can_transition(from_status, to_status):
        return
    if from_status != S.PENDING and to_status != S.PENDING:
        raise ValidationError(gettext("This pair has already been decided."))
    if from_status == S.PENDING and to_status == S.PENDING:
        raise ValidationError(gettext("This pair has not been decided yet."))
    raise ValidationError(
        gettext("A pair cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(from_status), "to": _label(to_status)}
    )


def _label(status: str) -> str:
    return str(PairStatus(status).label) if status in PairStatus.values else status

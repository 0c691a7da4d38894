"""The conference lifecycle: statuses and the few allowed steps between them, in one table.

A planned conference is held (its minutes are then final) or cancelled; either is final.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


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


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def require_transition(from_status: str, to_status: str) -> None:
    """Refuse a step that is not in the table."""
    if can_transition(from_status, to_status):
        return
    if not ALLOWED_TRANSITIONS.get(from_status):
        raise ValidationError(
            gettext("This case conference is %(status)s; it can no longer be changed.")
            % {"status": _label(from_status).lower()}
        )
    raise ValidationError(
        gettext("A case conference cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(from_status), "to": _label(to_status)}
    )


def _label(status: str) -> str:
    return str(ConferenceStatus(status).label) if status in ConferenceStatus.values else status

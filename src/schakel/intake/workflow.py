"""The signal lifecycle: statuses and the few allowed steps between them, in one table.

A signal is received, triaged by the receiving Veiligheidshuis, and then leads to a case, is
referred to regular care, or is dismissed. Code and tests read `ALLOWED_TRANSITIONS`.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


class SignalStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting triage")
    TRIAGED = "triaged", _("Triaged")
    CASE_OPENED = "case_opened", _("Case opened")
    REFERRED = "referred", _("Referred")
    DISMISSED = "dismissed", _("Dismissed")


S = SignalStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.TRIAGED, S.DISMISSED}),
    # Referral to regular care follows a triage at a low level; no screen makes it yet (the
    # demo data has referred signals).
    S.TRIAGED: frozenset({S.CASE_OPENED, S.REFERRED, S.DISMISSED}),
    S.CASE_OPENED: frozenset(),
    S.REFERRED: frozenset(),
    S.DISMISSED: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, steps in ALLOWED_TRANSITIONS.items() if steps)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def require_transition(from_status: str, to_status: str) -> None:
    """Refuse a step that is not in the table."""
    if can_transition(from_status, to_status):
        return
    if from_status not in OPEN_STATUSES:
        raise ValidationError(gettext("This signal has already been handled."))
    raise ValidationError(
        gettext("A signal cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(from_status), "to": _label(to_status)}
    )


def _label(status: str) -> str:
    return SignalStatus(status).label if status in SignalStatus.values else status

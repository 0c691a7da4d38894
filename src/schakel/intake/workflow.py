"""The signal lifecycle: statuses and the few allowed steps between them, in one table.

A signal is received, triaged by the receiving Veiligheidshuis, and then leads to a case, is
referred to regular care, or is dismissed. Code and tests read `ALLOWED_TRANSITIONS`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


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


WORKFLOW = Workflow(
    SignalStatus,
    ALLOWED_TRANSITIONS,
    refused=_("A signal cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This signal has already been handled."),
)
OPEN_STATUSES = WORKFLOW.open_statuses
can_transition = WORKFLOW.can
require_transition = WORKFLOW.require

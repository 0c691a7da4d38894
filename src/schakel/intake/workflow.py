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
    # Referred ("doorverwezen"): only by a hand-over to the lead partner of a triage at a level
    # without a Veiligheidshuis case (`services.triage_signal` → `handovers.offer_handover`).
    S.TRIAGED: frozenset({S.CASE_OPENED, S.REFERRED, S.DISMISSED}),
    S.CASE_OPENED: frozenset(),
    # A hand-over declined, or not accepted within its term, brings the signal back.
    S.REFERRED: frozenset({S.TRIAGED}),
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


class HandoverState(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned (not accepted in time)")


H = HandoverState
HANDOVER_TRANSITIONS: dict[str, frozenset[str]] = {
    H.OFFERED: frozenset({H.ACCEPTED, H.DECLINED, H.RETURNED}),
    H.ACCEPTED: frozenset({H.DONE}),
    H.DECLINED: frozenset(),
    H.DONE: frozenset(),
    H.RETURNED: frozenset(),
}
HANDOVER_WORKFLOW = Workflow(
    HandoverState,
    HANDOVER_TRANSITIONS,
    refused=_("A hand-over cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This hand-over has already been answered."),
)
#: The states in which the lead organisation sees the signal.
HANDOVER_VISIBLE_STATES = frozenset({H.OFFERED, H.ACCEPTED, H.DONE})

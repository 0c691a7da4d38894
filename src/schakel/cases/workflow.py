"""The case lifecycle: statuses and the few allowed steps between them, in one table.

Code and tests read `ALLOWED_TRANSITIONS`; nothing else decides whether a status change is allowed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class CaseStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("Registered")
    TRIAGE = "triage", _("Triage")
    CONFERENCE = "casusoverleg", _("Case conference")
    PLAN_ADOPTED = "plan_vastgesteld", _("Plan adopted")
    EXECUTION = "uitvoering", _("Execution")
    AFTERCARE = "nazorg", _("Aftercare")
    CLOSED = "afgesloten", _("Closed")
    REJECTED = "afgewezen", _("Rejected")
    REFERRED = "doorverwezen", _("Referred")


S = CaseStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.TRIAGE, S.REJECTED}),
    S.TRIAGE: frozenset({S.CONFERENCE, S.REJECTED, S.REFERRED}),
    S.CONFERENCE: frozenset({S.PLAN_ADOPTED, S.REFERRED}),
    S.PLAN_ADOPTED: frozenset({S.EXECUTION}),
    # A plan that does not work goes back to the table.
    S.EXECUTION: frozenset({S.AFTERCARE, S.CONFERENCE}),
    S.AFTERCARE: frozenset({S.CLOSED, S.EXECUTION}),
    S.CLOSED: frozenset(),
    S.REJECTED: frozenset(),
    S.REFERRED: frozenset(),
}
# The statuses that end a case: its open work is ended first, each item for a reason.
ENDING_STATUSES = frozenset({S.CLOSED, S.REJECTED, S.REFERRED})
OPEN_STATUSES = frozenset(s for s in CaseStatus if s not in {S.CLOSED, S.REJECTED, S.REFERRED})


WORKFLOW = Workflow(
    CaseStatus, ALLOWED_TRANSITIONS, refused=_("A case cannot go from '%(from)s' to '%(to)s'.")
)
can_transition = WORKFLOW.can
require_transition = WORKFLOW.require

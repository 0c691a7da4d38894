"""The lifecycles of a joint inspection and of a resident's report, each in one table.

A planned inspection is done (the visit took place) or cancelled; either is final. A resident's
report is new until someone at the Veiligheidshuis has seen it, and then handled.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.lib.workflow import Workflow


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ResidentReportStatus(models.TextChoices):
    NEW = "new", _("New")
    SEEN = "seen", _("Seen")
    HANDLED = "handled", _("Handled")


IS = InspectionStatus
INSPECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    IS.PLANNED: frozenset({IS.DONE, IS.CANCELLED}),
    IS.DONE: frozenset(),
    IS.CANCELLED: frozenset(),
}

R = ResidentReportStatus
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    R.NEW: frozenset({R.SEEN}),
    R.SEEN: frozenset({R.HANDLED}),
    R.HANDLED: frozenset(),
}


INSPECTION_WORKFLOW = Workflow(
    InspectionStatus,
    INSPECTION_TRANSITIONS,
    refused=_("An inspection cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This inspection has already been finished or cancelled."),
)
REPORT_WORKFLOW = Workflow(
    ResidentReportStatus,
    REPORT_TRANSITIONS,
    refused=_("A resident's report cannot go from '%(from)s' to '%(to)s'."),
    finished=_("This report has already been handled."),
)
require_inspection_transition = INSPECTION_WORKFLOW.require
require_report_transition = REPORT_WORKFLOW.require

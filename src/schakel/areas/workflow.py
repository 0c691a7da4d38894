"""The lifecycles of a joint inspection and of a resident's report, each in one table.

A planned inspection is done (the visit took place) or cancelled; either is final. A resident's
report is new until someone at the Veiligheidshuis has seen it, and then handled.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schakel.access.errors import ValidationError


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


def can_transition_inspection(from_status: str, to_status: str) -> bool:
    return to_status in INSPECTION_TRANSITIONS.get(from_status, frozenset())


def can_transition_report(from_status: str, to_status: str) -> bool:
    return to_status in REPORT_TRANSITIONS.get(from_status, frozenset())


def require_inspection_transition(from_status: str, to_status: str) -> None:
    """Refuse a step of an inspection that is not in the table."""
    if can_transition_inspection(from_status, to_status):
        return
    if not INSPECTION_TRANSITIONS.get(from_status):
        raise ValidationError(gettext("This inspection has already been finished or cancelled."))
    raise ValidationError(
        gettext("An inspection cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(IS, from_status), "to": _label(IS, to_status)}
    )


def require_report_transition(from_status: str, to_status: str) -> None:
    """Refuse a step of a resident's report that is not in the table."""
    if can_transition_report(from_status, to_status):
        return
    if not REPORT_TRANSITIONS.get(from_status):
        raise ValidationError(gettext("This report has already been handled."))
    raise ValidationError(
        gettext("A resident's report cannot go from '%(from)s' to '%(to)s'.")
        % {"from": _label(R, from_status), "to": _label(R, to_status)}
    )


def _label(statuses: type[models.TextChoices], status: str) -> str:
    return str(statuses(status).label) if status in statuses.values else status

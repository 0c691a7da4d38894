"""Reassigning one item of work: the owning app's service does it (and audits it)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from schakel.access.policy import may_reassign_work_to

from .registry import SOURCES


def reassign(user, kind: str, object_id: int, to_user, assignee_id: int | None = None) -> None:
    """Hand one item to a colleague of the same organisation, where its source supports it.
    `assignee_id` names whose item it is, where one object is work of several (invitees)."""
    source = SOURCES.get(kind)
    if source is None or source.reassign is None:
        raise ValidationError(_("This work cannot be reassigned."))
    if not may_reassign_work_to(user, to_user):
        raise PermissionDenied(_("Only a team lead can hand work to a colleague."))
    source.reassign(user, object_id, to_user, assignee_id=assignee_id)

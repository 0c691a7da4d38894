"""Case conferences to attend, in "Mijn werk" (issue 11): each invited user's, until the
conference is held or cancelled. Built from `Conference.objects.visible_to`."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.work.items import WorkItem

from .models import Attendance, Conference
from .workflow import ConferenceStatus


def _items(attendances) -> list[WorkItem]:
    label = _("Case conference")
    return [
        WorkItem(
            kind="conference",
            kind_label=label,
            title=attendance.conference.title,
            due=timezone.localdate(attendance.conference.starts_at),
            origin=str(attendance.conference.host_organisation),
            url=reverse("conferences:detail", args=[attendance.conference_id]),
            object_type="conference",
            object_id=attendance.conference_id,
            organisation_id=attendance.organisation_id,
            assignee_id=attendance.user_id,
        )
        for attendance in attendances
    ]


def _planned(user):
    return Attendance.objects.filter(
        conference__in=Conference.objects.visible_to(user).filter(status=ConferenceStatus.PLANNED)
    ).select_related("conference__host_organisation")


def to_attend(user) -> list[WorkItem]:
    return _items(_planned(user).filter(user_id=user.pk))


def _planned_of_organisation(user):
    """The organisation's invitations to planned conferences, for its team lead's overview: who
    is invited to what and when (a title carries no personal data), even to a conference the
    lead is not invited to and so cannot open."""
    if not policy.leads_organisation_work(user):
        return Attendance.objects.none()
    return Attendance.objects.filter(
        organisation_id=user.organisation_id, conference__status=ConferenceStatus.PLANNED
    ).select_related("conference__host_organisation")


def organisation(user) -> list[WorkItem]:
    return _items(_planned_of_organisation(user))


def reassign(user, object_id: int, to_user, assignee_id: int | None = None) -> None:
    """The team lead hands one colleague's invitation (conference `object_id`, invitee
    `assignee_id`) to another colleague."""
    from django.core.exceptions import ValidationError

    from . import services

    attendance = (
        _planned_of_organisation(user).filter(conference_id=object_id, user_id=assignee_id).first()
    )
    if attendance is None:
        raise ValidationError(_("This invitation is not open or not your organisation's."))
    services.hand_attendance_to(attendance, by=user, to=to_user)

"""Case conferences to attend, in "Mijn werk" (issue 11): each invited user's, until the
conference is held or cancelled. Built from `Conference.objects.visible_to`."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


def organisation(user) -> list[WorkItem]:
    return _items(_planned(user).filter(organisation_id=user.organisation_id))

"""Reminders about actions agreed in a monthly evaluation: an action is checked in the next
meeting, a month on. One still unchecked after that is overdue: the partner it was given to and
the list's team and Veiligheidshuis (process directors) are told."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder
from schakel.notifications.services import safety_house_directors, users_of
from schakel.organisations.models import Role, User

from .models import MeetingAction

CHECKED_WITHIN = datetime.timedelta(days=31)


def action_reminders(today: datetime.date):
    actions = (
        MeetingAction.objects.filter(
            check_result=MeetingAction.Check.PENDING, meeting__held_on__lt=today - CHECKED_WITHIN
        )
        .select_related("meeting__target_list")
        .prefetch_related(
            Prefetch("meeting__target_list__team", queryset=User.objects.filter(is_active=True))
        )
    )
    for action in actions:
        target_list = action.meeting.target_list
        due = action.meeting.held_on + CHECKED_WITHIN
        yield Reminder(
            [
                *users_of(action.owner_organisation_id, Role.COORDINATOR, Role.PROCESS_DIRECTOR),
                *target_list.team.all(),
                *safety_house_directors(target_list.host_organisation_id),
            ],
            NotificationKind.ACTION_OVERDUE,
            reverse("targets:evaluation", args=[target_list.pk]),
            key=f"evaluation-action:{action.pk}:overdue",
            due=due,
        )

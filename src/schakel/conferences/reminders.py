"""Reminders about case conferences: the invited attendees and the chair, a few days before."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder

from .models import Conference
from .workflow import ConferenceStatus


def conference_reminders(today: datetime.date):
    soon = today + datetime.timedelta(days=settings.SCHAKEL_REMINDER_DAYS_BEFORE)
    conferences = (
        Conference.objects.filter(
            status=ConferenceStatus.PLANNED,
            starts_at__date__gte=today,
            starts_at__date__lte=soon,
        )
        .select_related("chair")
        .prefetch_related("attendees__user")
    )
    for conference in conferences:
        day = timezone.localdate(conference.starts_at)
        yield Reminder(
            [a.user for a in conference.attendees.all()] + [conference.chair],
            NotificationKind.CONFERENCE_SOON,
            reverse("conferences:detail", args=[conference.pk]),
            key=f"conference:{conference.pk}:soon:{day}",
            due=day,
        )

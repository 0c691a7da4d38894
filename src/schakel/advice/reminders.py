"""Overdue advice questions remind the Veiligheidshuis that was asked (its process directors)."""

import datetime

from django.urls import reverse

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder
from schakel.notifications.services import safety_house_directors

from .models import AdviceQuestion


def overdue_advice_reminders(today: datetime.date):
    overdue = AdviceQuestion.objects.open().filter(due__lt=today).only("pk", "due", "safety_house")
    for question in overdue:
        yield Reminder(
            safety_house_directors(question.safety_house_id),
            NotificationKind.ADVICE_OVERDUE,
            reverse("advice:detail", args=[question.pk]),
            key=f"advice:{question.pk}:overdue:{question.due}",
            due=question.due,
        )

"""Reminders about a case's review date: to its coordinator before it; when it has passed, also
to the Veiligheidshuis that hosts the case (its process directors)."""

import datetime

from django.conf import settings
from django.urls import reverse

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder
from schakel.notifications.services import safety_house_directors

from .models import Case
from .workflow import OPEN_STATUSES


def review_reminders(today: datetime.date):
    soon = today + datetime.timedelta(days=settings.SCHAKEL_REMINDER_DAYS_BEFORE)
    cases = Case.objects.filter(status__in=OPEN_STATUSES, review_date__lte=soon).select_related(
        "coordinator"
    )
    for case in cases:
        link = reverse("cases:detail", args=[case.pk])
        if case.review_date >= today:
            yield Reminder(
                [case.coordinator],
                NotificationKind.CASE_REVIEW_DUE,
                link,
                key=f"case:{case.pk}:review-due:{case.review_date}",
                due=case.review_date,
            )
        else:
            yield Reminder(
                [case.coordinator, *safety_house_directors(case.host_organisation_id)],
                NotificationKind.CASE_REVIEW_PASSED,
                link,
                key=f"case:{case.pk}:review-passed:{case.review_date}",
                due=case.review_date,
            )

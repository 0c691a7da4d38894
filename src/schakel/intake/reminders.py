"""Reminders about triaged signals: when the review date of a signal's last triage decision has
passed and nothing followed (no case, no referral, not dismissed), the Veiligheidshuis that
received it (its process directors) is told."""

import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder
from schakel.notifications.services import safety_house_directors
from schakel.triage.models import TriageDecision

from .models import Signal
from .workflow import SignalStatus


def triage_review_reminders(today: datetime.date):
    last_review = TriageDecision.objects.filter(signal=OuterRef("pk")).order_by(
        "-decided_at", "-id"
    )
    signals = (
        Signal.objects.filter(status=SignalStatus.TRIAGED)
        .annotate(review_date=Subquery(last_review.values("review_date")[:1]))
        .filter(review_date__lt=today)
        .only("pk", "receiving_organisation_id")
    )
    for signal in signals:
        yield Reminder(
            safety_house_directors(signal.receiving_organisation_id),
            NotificationKind.SIGNAL_REVIEW_PASSED,
            reverse("intake:detail", args=[signal.pk]),
            key=f"signal:{signal.pk}:review-passed:{signal.review_date}",
            due=signal.review_date,
        )

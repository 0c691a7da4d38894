"""The events of a calendar: what, when and a link — never who or which case (no names, case
titles, descriptions, locations), because a calendar leaves Schakel for phones and mail apps."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.cases.work import open_reviews
from schakel.conferences.models import Attendance, Conference
from schakel.conferences.workflow import ConferenceStatus
from schakel.lib.icalendar import Event
from schakel.plans.work import open_interventions

CONFERENCE_LENGTH = datetime.timedelta(hours=1)  # a conference has a start only
HISTORY = datetime.timedelta(days=90)  # how far back the personal feed reaches


def _absolute(path: str) -> str:
    return settings.SCHAKEL_BASE_URL.rstrip("/") + path


def conference_event(conference: Conference) -> Event:
    return Event(
        uid=f"conference-{conference.pk}@schakel",
        summary=_("Case conference"),
        url=_absolute(reverse("conferences:detail", args=[conference.pk])),
        start=conference.starts_at,
        end=conference.starts_at + CONFERENCE_LENGTH,
        cancelled=conference.status == ConferenceStatus.CANCELLED,
    )


def personal_events(user) -> list[Event]:
    """The user's conferences (chaired or invited to) and work deadlines: the open
    interventions they own and the review dates of open cases they coordinate — each only
    when the user may see it."""
    since = timezone.now() - HISTORY
    invited = Attendance.objects.filter(user_id=user.pk).values("conference_id")
    conferences = Conference.objects.visible_to(user).filter(
        Q(pk__in=invited) | Q(chair_id=user.pk), starts_at__gte=since
    )
    events = [conference_event(c) for c in conferences.order_by("starts_at", "pk")]
    interventions = open_interventions(user).filter(owner_id=user.pk).order_by("deadline", "pk")
    events += [
        Event(
            uid=f"intervention-{i.pk}-deadline@schakel",
            summary=_("Deadline of an intervention"),
            url=_absolute(reverse("cases:plan", args=[i.plan.case_id])),
            start=i.deadline,
        )
        for i in interventions
    ]
    # The same work "Mijn werk" lists (cases.work, plans.work), so the two never drift apart.
    cases = open_reviews(user).filter(coordinator_id=user.pk).order_by("review_date", "pk")
    events += [
        Event(
            uid=f"case-{case.pk}-review@schakel",
            summary=_("Review date of a case"),
            url=_absolute(reverse("cases:detail", args=[case.pk])),
            start=case.review_date,
        )
        for case in cases
    ]
    return events

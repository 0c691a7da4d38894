"""Reminders about interventions: to the owner before the deadline; when it has passed, also to
the case's coordinator and the Veiligheidshuis (its process directors)."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from schakel.cases.models import CaseParticipation
from schakel.cases.workflow import OPEN_STATUSES as OPEN_CASE_STATUSES
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.reminders import Reminder
from schakel.notifications.services import safety_house_directors, users_of
from schakel.organisations.models import Role

from .models import Intervention
from .workflow import OPEN_INTERVENTION_STATUSES

WORKERS = (Role.PROFESSIONAL, Role.COORDINATOR, Role.PROCESS_DIRECTOR)


def intervention_reminders(today: datetime.date):
    soon = today + datetime.timedelta(days=settings.SCHAKEL_REMINDER_DAYS_BEFORE)
    interventions = Intervention.objects.filter(
        status__in=OPEN_INTERVENTION_STATUSES,
        deadline__lte=soon,
        plan__case__status__in=OPEN_CASE_STATUSES,
    ).select_related("plan__case__coordinator", "owner")
    # An owner organisation whose participation in the case has ended is no longer reminded
    # (it could not open the case, and the reminder would tell it the case still runs); the
    # coordinator and the Veiligheidshuis still hear that the intervention is overdue.
    interventions = interventions.annotate(
        owner_takes_part=Q(owner_organisation_id=F("plan__case__host_organisation_id"))
        | Exists(
            CaseParticipation.objects.filter(
                case_id=OuterRef("plan__case_id"),
                organisation_id=OuterRef("owner_organisation_id"),
                ended_at__isnull=True,
            )
        )
    )
    for intervention in interventions:
        case = intervention.plan.case
        link = reverse("cases:plan", args=[case.pk])
        if not intervention.owner_takes_part:
            owners = []
        elif intervention.owner_id:
            owners = [intervention.owner]
        else:
            owners = users_of(intervention.owner_organisation_id, *WORKERS)
        if intervention.deadline >= today:
            if not owners:
                continue
            yield Reminder(
                owners,
                NotificationKind.INTERVENTION_DUE,
                link,
                key=f"intervention:{intervention.pk}:due:{intervention.deadline}",
                due=intervention.deadline,
            )
        else:
            yield Reminder(
                [*owners, case.coordinator, *safety_house_directors(case.host_organisation_id)],
                NotificationKind.INTERVENTION_OVERDUE,
                link,
                key=f"intervention:{intervention.pk}:overdue:{intervention.deadline}",
                due=intervention.deadline,
            )

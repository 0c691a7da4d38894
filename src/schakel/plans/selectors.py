"""Reading interventions: always through `Intervention.objects.visible_to`."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from schakel.access import policy
from schakel.cases.workflow import OPEN_STATUSES as OPEN_CASE_STATUSES

from .models import Intervention, InterventionStatus

OPEN_STATUSES = (InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS)


def overdue_interventions_for(user) -> QuerySet:
    """Open interventions past their deadline that this user should chase.

    Veiligheidshuis directors see every overdue one they may see; others only those of the cases
    they coordinate or owned by their own organisation.
    """
    overdue = Intervention.objects.visible_to(user).filter(
        status__in=OPEN_STATUSES,
        deadline__lt=timezone.localdate(),
        # Nothing can be reported on a closed case any more, so its leftovers are not chased.
        plan__case__status__in=OPEN_CASE_STATUSES,
    )
    if not policy.can_direct_cases(user):
        overdue = overdue.filter(
            Q(owner_organisation_id=user.organisation_id) | Q(plan__case__coordinator=user)
        )
    return overdue.select_related("type", "plan__case", "owner_organisation", "owner").order_by(
        "deadline", "id"
    )


def interventions_for_case(user, case) -> QuerySet:
    """The interventions of a case in the data categories this user may see."""
    return (
        Intervention.objects.visible_to(user)
        .filter(plan__case=case)
        .select_related("type", "owner_organisation", "owner", "goal")
        .order_by("deadline", "id")
    )

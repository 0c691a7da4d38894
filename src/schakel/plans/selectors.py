"""Reading interventions: always through `Intervention.objects.visible_to`."""

from django.db.models import QuerySet
from django.utils import timezone

from schakel.access import policy
from schakel.cases.workflow import OPEN_STATUSES as OPEN_CASE_STATUSES

from .models import Intervention, InterventionStatus

OPEN_STATUSES = (InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS)


def overdue_interventions_for(user, limit: int | None = None) -> list[Intervention]:
    """Open interventions past their deadline that this user should chase, soonest deadline
    first (at most `limit`).

    Veiligheidshuis directors see every overdue one they may see; others only those of the cases
    they coordinate or owned by their own organisation. Those two are read as two queries, each
    walking its index in deadline order and stopping at `limit`: as one query with an OR,
    PostgreSQL joined every open intervention of the region to sort them (0.2 s a dashboard).
    """
    overdue = Intervention.objects.visible_to(user).filter(
        status__in=OPEN_STATUSES,
        deadline__lt=timezone.localdate(),
        # Nothing can be reported on a closed case any more, so its leftovers are not chased.
        plan__case__status__in=OPEN_CASE_STATUSES,
    )
    if policy.can_direct_cases(user):
        parts = [overdue]
    else:
        parts = [
            overdue.filter(owner_organisation_id=user.organisation_id),
            overdue.filter(plan__case__coordinator=user),
        ]
    found: dict[int, Intervention] = {}
    for part in parts:
        ordered = part.select_related("type", "plan__case", "owner_organisation", "owner").order_by(
            "deadline", "id"
        )
        for intervention in ordered[:limit] if limit is not None else ordered:
            found[intervention.pk] = intervention
    ordered_all = sorted(found.values(), key=lambda i: (i.deadline, i.pk))
    return ordered_all[:limit] if limit is not None else ordered_all


def interventions_for_case(user, case) -> QuerySet:
    """The interventions of a case in the data categories this user may see."""
    return (
        Intervention.objects.visible_to(user)
        .filter(plan__case=case)
        .select_related("type", "owner_organisation", "owner", "goal")
        .order_by("deadline", "id")
    )

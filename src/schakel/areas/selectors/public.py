"""A public plan's results for residents: aggregates only, never addresses, names or cases."""

import datetime

from django.db.models import Count, Q
from django.http import Http404

from schakel.plans.models import Intervention, InterventionDomain, InterventionStatus
from schakel.registry.models import Address

from ..models import Finding, HotspotPlan, JointInspection
from .plans import goals_with_progress


def get_public_plan(pk) -> HotspotPlan:
    try:
        return HotspotPlan.objects.select_related("area").get(pk=pk, is_public=True)
    except (HotspotPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def public_results(plan: HotspotPlan, today: datetime.date | None = None) -> dict:
    """What residents may see: aggregates only — no addresses, names or case references."""
    inspections = plan.inspections.filter(status=JointInspection.Status.DONE)
    interventions = Intervention.objects.filter(plan__case__in=plan.cases.all()).exclude(
        status=InterventionStatus.CANCELLED
    )
    by_kind = []
    for row in (
        interventions.values("type__domain", "type__approach")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=InterventionStatus.DONE)))
        .order_by("type__domain", "type__approach")
    ):
        by_kind.append(
            {
                "domain": InterventionDomain(row["type__domain"]).label,
                "approach": row["type__approach"],
                "total": row["total"],
                "done": row["done"],
            }
        )
    return {
        "inspections_done": inspections.count(),
        "addresses_visited": Address.objects.filter(inspections__in=inspections).distinct().count(),
        "findings": Finding.objects.filter(inspection__in=inspections).count(),
        "interventions": by_kind,
        "interventions_total": sum(row["total"] for row in by_kind),
        "interventions_done": sum(row["done"] for row in by_kind),
        "partners": list(plan.partners.values_list("name", flat=True)),
        "goals": goals_with_progress(plan, today),
    }

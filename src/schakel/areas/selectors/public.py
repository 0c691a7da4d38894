"""A public plan's results for residents: aggregates only, never addresses, names or cases."""

import datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.organisations.models import DataCategory
from schakel.plans.models import (
    DOMAIN_CATEGORY,
    Intervention,
    InterventionDomain,
    InterventionStatus,
)
from schakel.registry.models import Address

from ..models import Finding, HotspotPlan, JointInspection
from .plans import goals_with_progress


def get_public_plan(pk) -> HotspotPlan:
    try:
        return HotspotPlan.objects.select_related("area").get(pk=pk, is_public=True)
    except (HotspotPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


#: Counts from 1 up to this (exclusive) are shown as "fewer than 5" to the public (issue 13).
SMALL_NUMBER = 5


def is_small(n: int) -> bool:
    return 0 < n < SMALL_NUMBER


def _suppress(rows: list[dict], column: str) -> None:
    """Primary suppression (1–4) and, where exactly one cell of the column would be hidden under
    a visible total, the next-smallest cell too (secondary suppression)."""
    key = f"{column}_hidden"
    for row in rows:
        row[key] = is_small(row[column])
    if sum(row[key] for row in rows) == 1:
        others = sorted((r for r in rows if not r[key] and r[column]), key=lambda r: r[column])
        if others:
            others[0][key] = True


def public_results(plan: HotspotPlan, today: datetime.date | None = None) -> dict:
    """What residents may see: aggregates only — no addresses, names or case references — of
    what happened inside the plan's period; care, justice and tax measures only together, never
    per kind; small numbers are marked for suppression (`small_number` in the template)."""
    today = today or timezone.localdate()
    until = min(plan.ends_on, today) if plan.ends_on else today
    period = (
        timezone.make_aware(datetime.datetime.combine(plan.starts_on, datetime.time.min)),
        timezone.make_aware(
            datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
        ),
    )
    inspections = plan.inspections.filter(
        status=JointInspection.Status.DONE,
        planned_for__gte=plan.starts_on,
        planned_for__lte=until,
    )
    interventions = Intervention.objects.filter(
        plan__case__in=plan.cases.all(), created_at__gte=period[0], created_at__lt=period[1]
    ).exclude(status=InterventionStatus.CANCELLED)
    by_kind: list[dict] = []
    together = {"domain": "", "approach": "", "total": 0, "done": 0, "together": True}
    for row in (
        interventions.values("type__domain", "type__approach")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=InterventionStatus.DONE)))
        .order_by("type__domain", "type__approach")
    ):
        domain = InterventionDomain(row["type__domain"])
        if DOMAIN_CATEGORY.get(domain, DataCategory.GENERAL) != DataCategory.GENERAL:
            together["total"] += row["total"]
            together["done"] += row["done"]
            continue
        by_kind.append(
            {
                "domain": domain.label,
                "approach": row["type__approach"],
                "total": row["total"],
                "done": row["done"],
                "together": False,
            }
        )
    if together["total"]:
        together["domain"] = _("Care, justice and tax (together)")
        by_kind.append(together)
    _suppress(by_kind, "total")
    _suppress(by_kind, "done")
    return {
        "inspections_done": inspections.count(),
        "addresses_visited": Address.objects.filter(inspections__in=inspections).distinct().count(),
        "findings": Finding.objects.filter(inspection__in=inspections).count(),
        "interventions": by_kind,
        "interventions_total": sum(row["total"] for row in by_kind),
        "interventions_done": sum(row["done"] for row in by_kind),
        "partners": list(plan.partners.values_list("name", flat=True)),
        "goals": goals_with_progress(plan, today),
        "computed_at": timezone.now(),
    }

"""The quick scan: everything on an area's page — trends, hot spots, open signals and cases,
premises with repeated findings, residents' reports. Counts without identity for whoever sees
no case data."""

import datetime

from django.db.models import Count
from django.utils import timezone

from schakel.access import policy
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.intake.models import Signal
from schakel.registry.models import Address, Area

from ..models import Finding, JointInspection, ResidentReport
from .areas import area_case_filter, area_outlines, area_tree_ids
from .incidents import (
    HOTSPOT_MONTHS,
    TREND_MONTHS,
    area_hotspots,
    area_incidents,
    month_starts,
    monthly_trends,
)


def open_cases_in(user, area: Area, tree: list[int] | None = None):
    tree = tree or area_tree_ids(area)
    return (
        Case.objects.visible_to(user)
        .filter(area_case_filter(tree), status__in=OPEN_STATUSES)
        .distinct()
        .select_related("level", "lead_organisation")
        .order_by("-created_at")
    )


def open_signals_in(user, area: Area, tree: list[int] | None = None):
    tree = tree or area_tree_ids(area)
    return (
        Signal.objects.visible_to(user)
        .filter(
            addresses__area_id__in=tree, status__in=[Signal.Status.RECEIVED, Signal.Status.TRIAGED]
        )
        .distinct()
        .select_related("category", "reporting_organisation")
        .order_by("-created_at")
    )


def area_counts(area: Area, tree: list[int] | None = None) -> dict:
    """Counts without identity or details (what an analyst sees of cases and signals)."""
    tree = tree or area_tree_ids(area)
    return {
        "open_cases": Case.objects.filter(area_case_filter(tree), status__in=OPEN_STATUSES)
        .values("pk")
        .distinct()
        .count(),
        "open_signals": Signal.objects.filter(
            addresses__area_id__in=tree,
            status__in=[Signal.Status.RECEIVED, Signal.Status.TRIAGED],
        )
        .values("pk")
        .distinct()
        .count(),
        "inspections": JointInspection.objects.filter(area_id__in=tree).count(),
        "findings": Finding.objects.filter(inspection__area_id__in=tree).count(),
    }


def repeated_finding_premises(user, area: Area, tree: list[int] | None = None, minimum: int = 2):
    """Premises with at least `minimum` findings, from the findings the user may see."""
    tree = tree or area_tree_ids(area)
    rows = (
        Finding.objects.visible_to(user)
        .filter(inspection__area_id__in=tree)
        .values("address")
        .annotate(n=Count("pk"), visits=Count("inspection", distinct=True))
        .filter(n__gte=minimum)
        .order_by("-n")
    )
    addresses = Address.objects.in_bulk([row["address"] for row in rows])
    return [
        {"address": addresses[row["address"]], "findings": row["n"], "visits": row["visits"]}
        for row in rows
    ]


def repeated_finding_premises_count(area: Area, tree: list[int] | None = None, minimum: int = 2):
    tree = tree or area_tree_ids(area)
    return (
        Finding.objects.filter(inspection__area_id__in=tree)
        .values("address")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .count()
    )


def resident_reports_in(user, area: Area, tree: list[int] | None = None):
    if not policy.may_read_resident_reports(user):
        return ResidentReport.objects.none()
    tree = tree or area_tree_ids(area)
    return ResidentReport.objects.filter(area_id__in=tree).select_related("address")


def quick_scan(user, area: Area, *, cell_size: int, today: datetime.date | None = None) -> dict:
    """Everything on an area's page: trends, hot spots, open signals and cases, premises."""
    today = today or timezone.localdate()
    tree = area_tree_ids(area)
    outlines = area_outlines(area)
    first_month = month_starts(today, TREND_MONTHS)[0]
    since = timezone.now() - datetime.timedelta(days=30 * HOTSPOT_MONTHS)
    loaded_since = min(
        since, timezone.make_aware(datetime.datetime.combine(first_month, datetime.time.min))
    )
    incidents = area_incidents(area, since=loaded_since, outlines=outlines)
    scan = {
        "tree": tree,
        "has_outline": bool(outlines),
        "trends": monthly_trends(incidents, today),
        "hotspots": area_hotspots(incidents, cell_size=cell_size, since=since),
        "counts": area_counts(area, tree),
        "sees_cases": policy.works_on_cases(user),
        "plans": list(area.plans.select_related("coordinator").order_by("-starts_on")),
        "inspections": list(
            JointInspection.objects.visible_to(user)
            .filter(area_id__in=tree)
            .annotate(n_addresses=Count("addresses", distinct=True))
            .order_by("-planned_for")[:20]
        ),
    }
    scan["incident_total"] = sum(row["total"] for row in scan["trends"]["rows"])
    if scan["sees_cases"]:
        scan["cases"] = list(open_cases_in(user, area, tree)[:50])
        scan["signals"] = list(open_signals_in(user, area, tree)[:50])
        scan["premises"] = repeated_finding_premises(user, area, tree)
    else:
        scan["premises_count"] = repeated_finding_premises_count(area, tree)
    if policy.may_read_resident_reports(user):
        scan["resident_reports"] = list(resident_reports_in(user, area, tree)[:30])
    else:
        scan["resident_report_count"] = ResidentReport.objects.filter(area_id__in=tree).count()
    return scan

"""Reading the area-based approach: the quick scan, plan progress, the chronicle, owners and the
public results. Case data is read only through `access.policy`; where a role sees no case data
(the analyst), it gets counts without identity — the same aggregates the dashboard shows.
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.analytics import hotspots
from schakel.analytics.goals import GoalProgress, goal_progress
from schakel.analytics.polygons import geometry_to_rd, points_in_polygons, rd_box_to_wgs84_ring
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.conferences.models import Decision
from schakel.incidents import selectors as incident_selectors
from schakel.incidents.models import Incident
from schakel.intake.models import Signal
from schakel.plans.models import Intervention, InterventionStatus
from schakel.registry.models import Address, Area, Business, Person

from .models import (
    AreaBoundary,
    ChronicleEntry,
    Finding,
    HotspotPlan,
    JointInspection,
    Ownership,
    PlanGoal,
    ResidentReport,
)

TREND_MONTHS = 12
HOTSPOT_MONTHS = 12
MAX_MAP_CELLS = 2_000
MAX_HOTSPOT_CELLS = 250_000  # beyond this the area is too large to analyse at this cell size


# --- Areas -----------------------------------------------------------------------------------


def areas_for(user):
    if not policy.may_use_area_approach(user):
        return Area.objects.none()
    return Area.objects.select_related("parent", "boundary").annotate(
        n_plans=Count("plans", distinct=True)
    )


def _require_area_approach(user) -> None:
    if not policy.may_use_area_approach(user):
        raise PermissionDenied


def get_area(user, pk) -> Area:
    _require_area_approach(user)
    try:
        return areas_for(user).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def area_tree_ids(area: Area) -> list[int]:
    """The area and every area inside it (districts hold neighbourhoods)."""
    ids, frontier = [area.pk], [area.pk]
    while frontier:
        frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def boundary_of(area: Area) -> AreaBoundary | None:
    try:
        return area.boundary
    except AreaBoundary.DoesNotExist:
        return None


def address_area_ids(area: Area) -> list[int]:
    """The areas whose addresses count as the area's premises. Addresses are registered per
    neighbourhood; an area drawn inside one (no CBS code, an outline, a parent) has no addresses
    of its own, so it takes those of the area it lies in."""
    tree = area_tree_ids(area)
    if (
        not area.cbs_code
        and area.parent_id
        and not Address.objects.filter(area_id__in=tree).exists()
    ):
        tree = tree + area_tree_ids(area.parent)
    return tree


def addresses_in(area: Area):
    return Address.objects.filter(area_id__in=address_area_ids(area))


# --- Incidents in an area ----------------------------------------------------------------------


@dataclass
class AreaIncidents:
    """The incidents of an area as arrays: RD x/y, time (UTC, numpy datetime64) and category."""

    x: np.ndarray
    y: np.ndarray
    occurred_at: np.ndarray
    category: np.ndarray
    polygons: list | None = None

    @property
    def size(self) -> int:
        return int(self.x.size)


def area_outlines(area: Area) -> list[AreaBoundary]:
    """The outlines that make up the area: its own, or else those of the areas inside it (a
    district without an outline is the sum of its drawn neighbourhoods). Empty when none of
    them has an outline: incidents have only a point, so such an area cannot be analysed."""
    own = boundary_of(area)
    if own is not None:
        return [own]
    return list(AreaBoundary.objects.filter(area_id__in=area_tree_ids(area)[1:]).order_by("pk"))


def area_incidents(
    area: Area,
    *,
    since: datetime.datetime | None = None,
    category: str = "",
    outlines: list[AreaBoundary] | None = None,
) -> AreaIncidents:
    """Incidents inside the area's outlines (bounding boxes in the database, exact test in
    NumPy); `polygons` is None (and nothing is found) when the area has no outline at all."""
    outlines = area_outlines(area) if outlines is None else outlines
    if not outlines:
        empty = np.zeros(0, dtype=float)
        return AreaIncidents(
            empty, empty, np.zeros(0, dtype="datetime64[s]"), np.zeros(0, dtype=object)
        )
    boxes = Q()
    for outline in outlines:
        boxes |= Q(
            x__gte=outline.x_min, x__lte=outline.x_max, y__gte=outline.y_min, y__lte=outline.y_max
        )
    queryset = Incident.objects.filter(boxes)
    if since is not None:
        queryset = queryset.filter(occurred_at__gte=since)
    if category:
        queryset = queryset.filter(category=category)
    rows = list(queryset.values_list("x", "y", "occurred_at", "category"))
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    when = (
        pd.to_datetime([r[2] for r in rows], utc=True)
        .tz_localize(None)
        .to_numpy(dtype="datetime64[s]")
    )
    category_array = np.array([r[3] for r in rows], dtype=object)
    polygons = [polygon for o in outlines for polygon in geometry_to_rd(o.geometry)]
    inside = points_in_polygons(x, y, polygons) if rows else np.zeros(0, dtype=bool)
    return AreaIncidents(x[inside], y[inside], when[inside], category_array[inside], polygons)


def count_incidents(
    incidents: AreaIncidents, start: datetime.date, end: datetime.date, category: str = ""
) -> int:
    """Incidents from `start` up to and including `end` (local dates), optionally of a category."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz).astimezone(datetime.UTC)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    ).astimezone(datetime.UTC)
    low64 = np.datetime64(low.replace(tzinfo=None), "s")
    high64 = np.datetime64(high.replace(tzinfo=None), "s")
    mask = (incidents.occurred_at >= low64) & (incidents.occurred_at < high64)
    if category:
        mask &= incidents.category == category
    return int(mask.sum())


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = first.year, first.month - back
        while month <= 0:
            month += 12
            year -= 1
        starts.append(datetime.date(year, month, 1))
    return starts


def monthly_trends(incidents: AreaIncidents, today: datetime.date, months: int = TREND_MONTHS):
    """Counts per month (the last `months`, this month included) and category, with totals."""
    starts = _month_starts(today, months)
    local = pd.DatetimeIndex(incidents.occurred_at).tz_localize("UTC")
    local = local.tz_convert(str(timezone.get_current_timezone()))
    month_keys = np.asarray(local.year * 12 + local.month - 1, dtype=np.int64)
    first_key = starts[0].year * 12 + starts[0].month - 1
    rows_index = month_keys - first_key
    categories = sorted({str(c) for c in incidents.category})
    column = {c: j for j, c in enumerate(categories)}
    columns = np.array([column[str(c)] for c in incidents.category], dtype=np.int64)
    counts = np.zeros((len(starts), len(categories)), dtype=np.int64)
    keep = (rows_index >= 0) & (rows_index < len(starts))
    np.add.at(counts, (rows_index[keep], columns[keep]), 1)
    totals = counts.sum(axis=1)
    peak = int(totals.max()) if totals.size else 0
    rows = [
        {
            "month": start,
            "counts": counts[i].tolist(),
            "total": int(totals[i]),
            "bar_percent": round(100 * int(totals[i]) / peak) if peak else 0,
        }
        for i, start in enumerate(starts)
    ]
    return {"categories": categories, "rows": rows, "peak": peak}


@dataclass
class AreaHotspots:
    cell_size: int
    geojson: dict
    hot_cells: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    too_large: bool = False


def area_hotspots(
    incidents: AreaIncidents, *, cell_size: int, since: datetime.datetime
) -> AreaHotspots:
    """Gi* hot and cold spots of the recent incidents, on the aligned grid around the area.

    The study area is the rectangle of whole cells around the area; the map shows the
    significant cells whose centre lies inside the area.
    """
    empty = {"type": "FeatureCollection", "features": []}
    since64 = np.datetime64(since.astimezone(datetime.UTC).replace(tzinfo=None), "s")
    recent = incidents.occurred_at >= since64
    x, y = incidents.x[recent], incidents.y[recent]
    if x.size == 0:
        return AreaHotspots(cell_size, empty)
    if incidents.polygons is not None:
        outer = np.vstack([polygon[0] for polygon in incidents.polygons])
        box = (outer[:, 0].min(), outer[:, 1].min(), outer[:, 0].max(), outer[:, 1].max())
    else:
        box = (x.min(), y.min(), x.max(), y.max())
    extent = hotspots.Extent.around(*box, cell_size)
    if extent.nrows * extent.ncols > MAX_HOTSPOT_CELLS:
        return AreaHotspots(cell_size, empty, too_large=True)
    result = hotspots.analyse_points(x, y, cell_size=cell_size, extent=extent)
    columns = result.as_columns()
    x_min, y_min = columns["x_min"], columns["y_min"]
    inside = np.ones(x_min.shape, dtype=bool)
    if incidents.polygons is not None:
        inside = points_in_polygons(
            x_min + cell_size / 2, y_min + cell_size / 2, incidents.polygons
        )
    classes = columns["hot_cold_class"]
    shown = np.flatnonzero(inside & (classes != 0))
    # The strongest first, so that a cap keeps what matters.
    shown = shown[np.argsort(-np.abs(columns["gi_z"][shown]), kind="stable")][:MAX_MAP_CELLS]
    features, hot_cells = [], []
    for i in shown:
        properties = {
            "cell_id": str(columns["cell_id"][i]),
            "count": int(columns["count"][i]),
            "gi_z": round(float(columns["gi_z"][i]), 2),
            "p_fdr": float(columns["p_fdr"][i]),
            "hot_cold_class": int(classes[i]),
        }
        ring = rd_box_to_wgs84_ring(
            float(x_min[i]),
            float(y_min[i]),
            float(x_min[i]) + cell_size,
            float(y_min[i]) + cell_size,
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": properties,
            }
        )
        if properties["hot_cold_class"] > 0:
            hot_cells.append(properties | {"x_min": int(x_min[i]), "y_min": int(y_min[i])})
    summary = {
        "hot": int(((classes > 0) & inside).sum()),
        "cold": int(((classes < 0) & inside).sum()),
        "cells": int(inside.sum()),
    }
    return AreaHotspots(
        cell_size,
        {"type": "FeatureCollection", "features": features},
        hot_cells[:25],
        summary,
    )


def area_emerging(area: Area, *, cell_size: int, today: datetime.date | None = None) -> dict:
    """Emerging hot spots of the last `HOTSPOT_MONTHS` full months on the grid around the area,
    as a GeoJSON FeatureCollection (WGS84): aggregates, no personal data.

    The study area is the bounding box of the area's outlines (see `area_outlines`); the cells
    whose centre lies outside them are left off the map. Full months only, because a half
    month at the end would look like a cooling-down.
    """
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = _month_starts(end, HOTSPOT_MONTHS)[0]
    empty = {"type": "FeatureCollection", "features": []}
    outlines = area_outlines(area)
    if not outlines:
        return empty | {"properties": {"no_outline": True}}
    box = (
        min(o.x_min for o in outlines),
        min(o.y_min for o in outlines),
        max(o.x_max for o in outlines),
        max(o.y_max for o in outlines),
    )
    polygons = [polygon for o in outlines for polygon in geometry_to_rd(o.geometry)]
    extent = incident_selectors.study_extent(cell_size, box)
    if extent is None or extent.nrows * extent.ncols > MAX_HOTSPOT_CELLS:
        return empty | {"properties": {"too_large": True}}
    outcome = incident_selectors.emerging_hot_spots(
        cell_size, period="month", start=start, end=end, bounds=box
    )
    if outcome is None:
        return empty | {"properties": {}}
    rows, cols = np.indices(extent.shape)
    half = cell_size / 2
    keep = points_in_polygons(
        ((extent.col0 + cols) * cell_size + half).ravel().astype(float),
        ((extent.row0 + rows) * cell_size + half).ravel().astype(float),
        polygons,
    ).reshape(extent.shape)
    return incident_selectors.emerging_collection(*outcome, keep=keep)


# --- Cases, signals and findings in an area ------------------------------------------------------


def _area_case_filter(tree: list[int]) -> Q:
    return Q(areas__in=tree) | Q(addresses__area_id__in=tree)


def open_cases_in(user, area: Area, tree: list[int] | None = None):
    tree = tree or area_tree_ids(area)
    return (
        Case.objects.visible_to(user)
        .filter(_area_case_filter(tree), status__in=OPEN_STATUSES)
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
        "open_cases": Case.objects.filter(_area_case_filter(tree), status__in=OPEN_STATUSES)
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
    first_month = _month_starts(today, TREND_MONTHS)[0]
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


# --- Plans and goal progress ---------------------------------------------------------------------


def plans_for(user):
    if not policy.may_use_area_approach(user):
        return HotspotPlan.objects.none()
    return HotspotPlan.objects.select_related("area", "coordinator", "host_organisation")


def get_plan(user, pk) -> HotspotPlan:
    _require_area_approach(user)
    try:
        return plans_for(user).get(pk=pk)
    except (HotspotPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def goal_progress_for(
    goal: PlanGoal, incidents: AreaIncidents, today: datetime.date | None = None
) -> GoalProgress:
    """Baseline count against the count so far in the measurement period (as rates per day)."""
    today = today or timezone.localdate()
    measured_until = min(goal.measure_end, today - datetime.timedelta(days=1))
    current_days = (measured_until - goal.measure_start).days + 1
    current = (
        count_incidents(incidents, goal.measure_start, measured_until, goal.incident_category)
        if current_days > 0
        else 0
    )
    return goal_progress(
        baseline_count=count_incidents(
            incidents, goal.baseline_start, goal.baseline_end, goal.incident_category
        ),
        baseline_days=(goal.baseline_end - goal.baseline_start).days + 1,
        current_count=current,
        current_days=current_days,
        target_percent=goal.target_percent,
    )


def goals_with_progress(plan: HotspotPlan, today: datetime.date | None = None) -> list[dict]:
    goals = list(plan.goals.all())
    if not goals:
        return []
    since = min(min(g.baseline_start, g.measure_start) for g in goals)
    incidents = area_incidents(
        plan.area,
        since=timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)),
    )
    return [{"goal": g, "progress": goal_progress_for(g, incidents, today)} for g in goals]


def plan_interventions(user, plan: HotspotPlan):
    """The interventions on the plan's hot-spot cases that the user may see."""
    return (
        Intervention.objects.visible_to(user)
        .filter(plan__case__in=plan.cases.all())
        .select_related("type", "owner_organisation", "plan__case")
        .order_by("deadline")
    )


def plan_overview(user, plan: HotspotPlan) -> dict:
    cases = Case.objects.visible_to(user).filter(hotspot_plans=plan).select_related("level")
    return {
        "goals": goals_with_progress(plan),
        "partners": list(plan.partners.all()),
        "cases": list(cases.order_by("reference")),
        "hidden_case_count": plan.cases.count() - cases.count(),
        "interventions": list(plan_interventions(user, plan)[:100]),
        "inspections": list(
            JointInspection.objects.visible_to(user).filter(plan=plan).order_by("-planned_for")
        ),
        "inspection_count": plan.inspections.count(),
        "can_direct": directs_plan(user, plan),
    }


def directs_plan(user, plan: HotspotPlan) -> bool:
    return policy.can_direct_area_approach(user) and (
        plan.coordinator_id == user.pk or plan.host_organisation_id == user.organisation_id
    )


# --- Inspections ---------------------------------------------------------------------------


def get_inspection(user, pk) -> JointInspection:
    _require_area_approach(user)
    try:
        return (
            JointInspection.objects.visible_to(user)
            .select_related("area", "plan", "host_organisation", "coordinator")
            .get(pk=pk)
        )
    except (JointInspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def inspection_findings(user, inspection: JointInspection):
    return (
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related(
            "address",
            "organisation",
            "finding_type__intervention_type",
            "case",
            "intervention",
            "intervention__type",
        )
        .order_by("address__street", "address__house_number", "organisation__name")
    )


def address_choices(area: Area, user) -> list[tuple[int, str]]:
    """Addresses in the area for an inspection, marked where they come from: signal, prior
    finding. Only the address itself is shown, nothing about who lives there."""
    tree = address_area_ids(area)
    signalled = set(
        Signal.objects.visible_to(user)
        .filter(addresses__area_id__in=tree)
        .values_list("addresses", flat=True)
    )
    found = set(Finding.objects.filter(address__area_id__in=tree).values_list("address", flat=True))
    addresses = Address.objects.filter(area_id__in=tree)
    choices = []
    for address in addresses:
        marks = []
        if address.pk in signalled:
            marks.append(_("signal"))
        if address.pk in found:
            marks.append(_("prior finding"))
        label = str(address) + (f" ({', '.join(marks)})" if marks else "")
        choices.append((address.pk, label, bool(marks)))
    choices.sort(key=lambda c: (not c[2], c[1]))
    return [(pk, label) for pk, label, _marked in choices]


# --- Owners ---------------------------------------------------------------------------------


def problem_address_ids(tree: list[int]) -> set[int]:
    """Premises in the area with a finding or an open case (all data: only counted or matched
    against what the user may see, never listed as such)."""
    with_findings = Finding.objects.filter(
        Q(inspection__area_id__in=tree) | Q(address__area_id__in=tree)
    ).values_list("address", flat=True)
    open_cases = Case.objects.filter(_area_case_filter(tree), status__in=OPEN_STATUSES).values("pk")
    with_cases = Address.objects.filter(cases__in=open_cases).values_list("pk", flat=True)
    return set(with_findings) | set(with_cases)


def owners_of_problem_addresses(user, area: Area, minimum: int = 2) -> dict:
    """Owners tied to at least `minimum` problem premises in the area.

    A person is named only when `policy.visible_persons` lets the user see them, a business only
    through `policy.visible_businesses`; the other owners are counted without identity. For a
    named owner, only the premises the user may see are listed; the rest are a number.
    """
    tree = area_tree_ids(area)
    problems = problem_address_ids(tree)
    ownerships = Ownership.objects.filter(address_id__in=problems).values_list(
        "person_id", "business_id", "address_id"
    )
    by_owner: dict[tuple[str, int], set[int]] = {}
    for person_id, business_id, address_id in ownerships:
        key = ("person", person_id) if person_id else ("business", business_id)
        by_owner.setdefault(key, set()).add(address_id)
    repeated = {key: ids for key, ids in by_owner.items() if len(ids) >= minimum}
    person_ids = [pk for kind, pk in repeated if kind == "person"]
    business_ids = [pk for kind, pk in repeated if kind == "business"]
    persons = Person.objects.visible_to(user).in_bulk(person_ids)
    businesses = Business.objects.visible_to(user).in_bulk(business_ids)
    visible_address_ids = set(
        Address.objects.visible_to(user).filter(pk__in=problems).values_list("pk", flat=True)
    ) | set(
        Finding.objects.visible_to(user)
        .filter(address_id__in=problems)
        .values_list("address", flat=True)
    )
    addresses = Address.objects.in_bulk(visible_address_ids)
    rows, hidden = [], 0
    for (kind, pk), ids in sorted(repeated.items(), key=lambda item: -len(item[1])):
        owner = persons.get(pk) if kind == "person" else businesses.get(pk)
        if owner is None:
            hidden += 1
            continue
        shown = sorted((addresses[a] for a in ids if a in addresses), key=str)
        rows.append(
            {
                "kind": kind,
                "owner": owner,
                "count": len(ids),
                "addresses": shown,
                "unlisted": len(ids) - len(shown),
            }
        )
    return {"rows": rows, "hidden": hidden, "total": len(repeated)}


# --- Chronicle -------------------------------------------------------------------------------


@dataclass
class ChronicleItem:
    date: datetime.date
    kind: str
    title: str
    text: str = ""
    case: Case | None = None
    url: str = ""


def chronicle(user, area: Area, today: datetime.date | None = None) -> list[ChronicleItem]:
    """The kroniek: manual entries plus what happened, each from the data the user may see —
    decisions and interventions on the area's cases (through `access.policy`), inspections and
    their findings (summarised), and the results of the plans' goals."""
    from django.urls import reverse

    today = today or timezone.localdate()
    tree = area_tree_ids(area)
    items: list[ChronicleItem] = []
    for entry in ChronicleEntry.objects.filter(area_id__in=tree).select_related("author"):
        items.append(ChronicleItem(entry.date, "manual", entry.title, entry.text))
    cases = Case.objects.visible_to(user).filter(_area_case_filter(tree)).distinct()
    for decision in (
        Decision.objects.visible_to(user).filter(case__in=cases).select_related("case", "conference")
    ):
        items.append(
            ChronicleItem(
                timezone.localtime(decision.recorded_at).date(),
                "decision",
                _("Decision on case %(ref)s") % {"ref": decision.case.reference},
                decision.text,
                decision.case,
            )
        )
    for intervention in (
        Intervention.objects.visible_to(user)
        .filter(plan__case__in=cases, status=InterventionStatus.DONE)
        .select_related("type", "owner_organisation", "plan__case")
    ):
        when = intervention.completed_at or intervention.created_at
        items.append(
            ChronicleItem(
                timezone.localtime(when).date(),
                "intervention",
                _("Intervention done: %(type)s (%(org)s)")
                % {"type": intervention.type, "org": intervention.owner_organisation},
                "",
                intervention.plan.case,
            )
        )
    visible_ids = set(JointInspection.objects.visible_to(user).values_list("pk", flat=True))
    for inspection in (
        JointInspection.objects.filter(area_id__in=tree)
        .exclude(status=JointInspection.Status.CANCELLED)
        .annotate(
            n_addresses=Count("addresses", distinct=True),
            n_partners=Count("partners", distinct=True),
            n_findings=Count("findings", distinct=True),
        )
    ):
        done = inspection.status == JointInspection.Status.DONE
        title = (
            _("Joint inspection held: %(n)s addresses, %(p)s partners, %(f)s findings")
            if done
            else _("Joint inspection planned: %(n)s addresses, %(p)s partners")
        ) % {"n": inspection.n_addresses, "p": inspection.n_partners, "f": inspection.n_findings}
        items.append(
            ChronicleItem(
                inspection.planned_for,
                "inspection",
                title,
                inspection.title,
                url=reverse("areas:inspection", args=[inspection.pk])
                if inspection.pk in visible_ids
                else "",
            )
        )
    for plan in HotspotPlan.objects.filter(area_id__in=tree):
        items.append(
            ChronicleItem(
                plan.starts_on, "plan", _("Hot-spot plan started: %(t)s") % {"t": plan.title}
            )
        )
        for row in goals_with_progress(plan, today):
            goal, progress = row["goal"], row["progress"]
            if progress.percent_change is None:
                continue
            finished = goal.measure_end < today
            date = min(goal.measure_end, today)
            template = (
                _("Goal result: %(goal)s — %(change)+.1f %% (target %(target)+d %%)")
                if finished
                else _("Goal interim result: %(goal)s — %(change)+.1f %% (target %(target)+d %%)")
            )
            items.append(
                ChronicleItem(
                    date,
                    "goal",
                    template
                    % {
                        "goal": goal.description,
                        "change": progress.percent_change,
                        "target": goal.target_percent,
                    },
                    _("On track") if progress.on_track else _("Not on track"),
                )
            )
    items.sort(key=lambda item: (item.date, item.kind), reverse=True)
    return items


# --- Public results ------------------------------------------------------------------------


def get_public_plan(pk) -> HotspotPlan:
    try:
        return HotspotPlan.objects.select_related("area").get(pk=pk, is_public=True)
    except (HotspotPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def public_results(plan: HotspotPlan, today: datetime.date | None = None) -> dict:
    """What residents may see: aggregates only — no addresses, names or case references."""
    from schakel.plans.models import Intervention, InterventionDomain

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

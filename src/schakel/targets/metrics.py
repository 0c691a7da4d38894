"""Aggregates of a target-group list: size and flow, bottlenecks, intervention completion,
life-domain trends, recidivism — and the indicators that the program theory's boxes link to.

Everything here returns counts, shares and curves, never persons: the monthly report and the
analysts' pages are built from it.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from schakel.analytics import recidivism as km
from schakel.plans.models import Intervention, InterventionStatus

from .models import (
    AssessmentInstrument,
    AssessmentScore,
    Bottleneck,
    BottleneckKind,
    BottleneckStatus,
    Direction,
    EvaluationMeeting,
    ListDecision,
    ListMembership,
    MeetingAction,
    Proposal,
    TargetList,
)
from .services import first_new_offences

OUTDATED_AFTER_DAYS = 30
AT_RISK_DAYS = (0, 90, 180, 270, 365, 545, 730)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return (
        datetime.date(year, month, 1),
        datetime.date(year, month, calendar.monthrange(year, month)[1]),
    )


def previous_month(day: datetime.date) -> tuple[int, int]:
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def members_on(target_list: TargetList, day: datetime.date):
    """Memberships active at the end of `day`."""
    return ListMembership.objects.filter(target_list=target_list, included_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


@dataclass(frozen=True)
class FlowData:
    """A list's memberships and 'not included' decisions, read once, to count any period."""

    memberships: list[tuple[datetime.date, datetime.date | None, int]]
    not_included_on: list[datetime.date]

    @classmethod
    def read(cls, target_list: TargetList) -> FlowData:
        return cls(
            list(
                ListMembership.objects.filter(target_list=target_list)
                .order_by()
                .values_list("included_on", "ended_on", "coordinator_id")
            ),
            list(
                ListDecision.objects.filter(target_list=target_list, direction=Direction.NOT_IN)
                .order_by()
                .values_list("effective_on", flat=True)
            ),
        )

    def on(self, day: datetime.date) -> list[int]:
        """The coordinators of the memberships active at the end of `day` (one per membership)."""
        return [
            coordinator
            for included, ended, coordinator in self.memberships
            if included <= day and (ended is None or ended > day)
        ]

    def flow(self, start: datetime.date, end: datetime.date) -> dict:
        at_end = self.on(end)
        return {
            "size_start": len(self.on(start - datetime.timedelta(days=1))),
            "size_end": len(at_end),
            "inflow": sum(1 for included, _e, _c in self.memberships if start <= included <= end),
            "outflow": sum(
                1 for _i, ended, _c in self.memberships if ended and start <= ended <= end
            ),
            "not_included": sum(1 for day in self.not_included_on if start <= day <= end),
            "coordinators": len(set(at_end)),
        }


def flow(target_list: TargetList, start: datetime.date, end: datetime.date) -> dict:
    return FlowData.read(target_list).flow(start, end)


def monthly_sizes(target_list: TargetList, end: datetime.date, months: int = 12) -> list[dict]:
    """Size and flow per calendar month, the last month up to `end` (two queries in all)."""
    data = FlowData.read(target_list)
    rows = []
    year, month = end.year, end.month
    for _i in range(months):
        start, last = month_bounds(year, month)
        rows.append({"month": start, **data.flow(start, min(last, end))})
        year, month = previous_month(start)
    return list(reversed(rows))


def bottlenecks(target_list: TargetList, start: datetime.date, end: datetime.date) -> dict:
    rows = list(
        Bottleneck.objects.filter(target_list=target_list, raised_on__lte=end).values_list(
            "kind", "status", "raised_on", "resolved_on", "asked_organisation__kind"
        )
    )
    per_kind = {k: Counter() for k in BottleneckKind.values}
    partner_open: Counter = Counter()
    days_open = []
    for kind, status, raised, resolved, partner_kind in rows:
        open_at_end = resolved is None or resolved > end
        counter = per_kind[kind]
        counter["total"] += 1
        if open_at_end:
            counter["open"] += 1
            partner_open[partner_kind] += 1
            days_open.append((end - raised).days)
        elif status == BottleneckStatus.SOLVED:
            counter["solved"] += 1
        else:
            counter["not_solvable"] += 1
        if start <= raised <= end:
            counter["new"] += 1
        if resolved and start <= resolved <= end:
            counter["closed"] += 1
    table = [
        {"kind": k, "label": BottleneckKind(k).label, **{f: per_kind[k][f] for f in
            ("total", "open", "solved", "not_solvable", "new", "closed")}}
        for k in BottleneckKind.values
    ]  # fmt: skip
    totals = {
        f: sum(r[f] for r in table)
        for f in ("total", "open", "solved", "not_solvable", "new", "closed")
    }
    days_open.sort()
    median = days_open[len(days_open) // 2] if days_open else None
    return {"rows": table, "totals": totals, "median_days_open": median, "partners": partner_open}


def interventions(target_list: TargetList, end: datetime.date) -> dict:
    """Interventions on the plans of persons on the list at `end` (aggregate, all partners)."""
    persons = members_on(target_list, end).values("person")
    qs = Intervention.objects.filter(
        plan__case__persons__in=persons, created_at__date__lte=end
    ).distinct()
    counts = Counter(qs.values_list("status", flat=True))
    overdue = qs.filter(
        status__in=[InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS], deadline__lt=end
    ).count()
    done = counts[InterventionStatus.DONE]
    relevant = sum(counts.values()) - counts[InterventionStatus.CANCELLED]
    per_domain: dict[str, Counter] = defaultdict(Counter)
    for domain, status in qs.values_list("type__domain", "status"):
        per_domain[domain][status] += 1
    return {
        "total": sum(counts.values()),
        "done": done,
        "open": counts[InterventionStatus.PLANNED] + counts[InterventionStatus.IN_PROGRESS],
        "cancelled": counts[InterventionStatus.CANCELLED],
        "overdue": overdue,
        "completion": (done / relevant) if relevant else None,
        "per_domain": {d: dict(c) for d, c in per_domain.items()},
    }


def main_instrument() -> AssessmentInstrument | None:
    """The instrument in use: the active one with the most assessments (ZRM 2017 by default)."""
    return (
        AssessmentInstrument.objects.filter(is_active=True)
        .annotate(used=Count("assessment"))
        .order_by("-used", "-version", "pk")
        .first()
    )


def domain_trends(target_list: TargetList, end: datetime.date) -> dict:
    """Per domain of the current instrument: the mean first and the mean latest score of persons
    on the list (assessments after inclusion up to `end`), and the share assessed recently."""
    instrument = main_instrument()
    members = list(members_on(target_list, end).values_list("person_id", "included_on"))
    included = dict(members)
    if instrument is None or not members:
        return {"instrument": instrument, "rows": [], "current_share": None, "assessed": 0}
    scores = AssessmentScore.objects.filter(
        assessment__instrument=instrument,
        assessment__person_id__in=list(included),
        assessment__assessed_on__lte=end,
    ).values_list("assessment__person_id", "assessment__assessed_on", "domain_id", "score")
    per: dict[tuple[int, int], list] = defaultdict(list)
    latest_assessment: dict[int, datetime.date] = {}
    for person_id, assessed_on, domain_id, score in scores:
        per[(domain_id, person_id)].append((assessed_on, score))
        latest_assessment[person_id] = max(
            latest_assessment.get(person_id, assessed_on), assessed_on
        )
    rows = []
    for domain in instrument.domains.all():
        firsts, lasts = [], []
        for person_id in included:
            series = sorted(per.get((domain.pk, person_id), []))
            if len(series) >= 1:
                firsts.append(series[0][1])
                lasts.append(series[-1][1])
        rows.append(
            {
                "domain": domain.name,
                "n": len(firsts),
                "first": (sum(firsts) / len(firsts)) if firsts else None,
                "latest": (sum(lasts) / len(lasts)) if lasts else None,
            }
        )
    threshold = end - datetime.timedelta(days=OUTDATED_AFTER_DAYS)
    current = sum(1 for d in latest_assessment.values() if d >= threshold)
    return {
        "instrument": instrument,
        "rows": rows,
        "assessed": len(latest_assessment),
        "current_share": current / len(members),
    }


@dataclass
class Cohort:
    label: str
    curve: km.SurvivalCurve
    at_risk: list[int]


def recidivism(target_list: TargetList, end: datetime.date) -> dict:
    """Time to the first new offence after inclusion, for the list and for a comparison group:
    persons who met the criteria (were proposed, or decided 'not included') but were never
    included. Descriptive only."""
    included = dict(
        ListMembership.objects.filter(target_list=target_list, included_on__lte=end)
        .values("person_id")
        .annotate(first=Min("included_on"))
        .values_list("person_id", "first")
    )
    ever_included = set(
        ListMembership.objects.filter(target_list=target_list).values_list("person_id", flat=True)
    )
    comparison: dict[int, datetime.date] = {}
    for person_id, day in Proposal.objects.filter(
        application__target_list=target_list, direction=Direction.IN, application__as_of__lte=end
    ).values_list("person_id", "application__as_of"):
        if person_id not in ever_included:
            comparison[person_id] = min(day, comparison.get(person_id, day))
    for person_id, day in ListDecision.objects.filter(
        target_list=target_list, direction=Direction.NOT_IN, effective_on__lte=end
    ).values_list("person_id", "effective_on"):
        if person_id not in ever_included:
            comparison[person_id] = min(day, comparison.get(person_id, day))
    cohorts = []
    for label, index in (
        (_("On the list (from inclusion)"), included),
        (_("Met the criteria, not included"), comparison),
    ):
        firsts = first_new_offences(index, end)
        keys = list(index)
        durations, observed = km.follow_up(
            [index[k] for k in keys], [firsts.get(k) for k in keys], end
        )
        curve = km.kaplan_meier(durations, observed)
        cohorts.append(
            Cohort(str(label), curve, [int(n) for n in km.numbers_at_risk(durations, AT_RISK_DAYS)])
        )
    return {"cohorts": cohorts, "at_risk_days": AT_RISK_DAYS, "end": end}


def recidivism_share(curve: km.SurvivalCurve, days: int) -> float | None:
    """1 - S(days), or None when nobody was followed that long."""
    if curve.n == 0:
        return None
    return 1.0 - curve.at(days)


def recidivism_rows(data: dict) -> list[dict]:
    """One table row per cohort of `recidivism(...)`: size, events, at risk, 6- and 12-month shares."""
    return [
        {
            "label": cohort.label,
            "n": cohort.curve.n,
            "events": cohort.curve.n_events,
            "at_risk": cohort.at_risk,
            "share_6m": recidivism_share(cohort.curve, 182),
            "share_12m": recidivism_share(cohort.curve, 365),
        }
        for cohort in data["cohorts"]
    ]


def meeting_actions(target_list: TargetList, end: datetime.date) -> dict:
    actions = MeetingAction.objects.filter(
        meeting__target_list=target_list, meeting__held_on__lte=end
    )
    checks = Counter(actions.values_list("check_result", flat=True))
    checked = sum(v for k, v in checks.items() if k != MeetingAction.Check.PENDING)
    return {
        "meetings": EvaluationMeeting.objects.filter(
            target_list=target_list, held_on__lte=end
        ).count(),
        "agreed": sum(checks.values()),
        "checked": checked,
        "done_share": (checks[MeetingAction.Check.DONE] / checked) if checked else None,
    }


# --- Indicators: the measurable side of the program theory --------------------------------

INDICATORS = {
    "list_size": _("Persons on the list"),
    "inflow": _("Inflow this month"),
    "outflow": _("Outflow this month"),
    "persons_per_coordinator": _("Persons per coordinator"),
    "intervention_completion": _("Interventions completed (%)"),
    "interventions_overdue": _("Interventions overdue"),
    "bottlenecks_open": _("Bottlenecks open"),
    "bottlenecks_new": _("Bottlenecks raised this month"),
    "bottlenecks_median_days": _("Median days a bottleneck is open"),
    "assessments_current": _("Persons with a current life-domain assessment (%)"),
    "life_domains_improved": _("Life domains with a higher mean score than at the start"),
    "recidivism_6m": _("New offence within 6 months (%)"),
    "recidivism_12m": _("New offence within 12 months (%)"),
    "meeting_actions_done": _("Agreed actions done (%)"),
}


@dataclass
class IndicatorValue:
    code: str
    label: str
    value: float | int | None
    display: str


def percent(value: float | None) -> str:
    """A share as a whole percentage ('42%'), or '–' when there is none."""
    return "–" if value is None else f"{100 * value:.0f}%"


def indicators(
    target_list: TargetList, start: datetime.date, end: datetime.date, parts: dict | None = None
) -> dict:
    """All indicators; `parts` may hold aggregates already computed for the same period."""
    parts = parts or {}
    f = parts.get("flow") or flow(target_list, start, end)
    b = parts.get("bottlenecks") or bottlenecks(target_list, start, end)
    i = parts.get("interventions") or interventions(target_list, end)
    t = parts.get("trends") or domain_trends(target_list, end)
    r = parts.get("recidivism") or recidivism(target_list, end)
    m = parts.get("actions") or meeting_actions(target_list, end)
    on_list = r["cohorts"][0].curve
    improved = sum(
        1 for row in t["rows"] if row["first"] is not None and row["latest"] > row["first"]
    )
    per_coordinator = f["size_end"] / f["coordinators"] if f["coordinators"] else None
    raw = {
        "list_size": (f["size_end"], str(f["size_end"])),
        "inflow": (f["inflow"], str(f["inflow"])),
        "outflow": (f["outflow"], str(f["outflow"])),
        "persons_per_coordinator": (
            per_coordinator,
            "–" if per_coordinator is None else f"{per_coordinator:.1f}",
        ),
        "intervention_completion": (i["completion"], percent(i["completion"])),
        "interventions_overdue": (i["overdue"], str(i["overdue"])),
        "bottlenecks_open": (b["totals"]["open"], str(b["totals"]["open"])),
        "bottlenecks_new": (b["totals"]["new"], str(b["totals"]["new"])),
        "bottlenecks_median_days": (
            b["median_days_open"],
            "–" if b["median_days_open"] is None else str(b["median_days_open"]),
        ),
        "assessments_current": (t["current_share"], percent(t["current_share"])),
        "life_domains_improved": (improved, f"{improved} / {len(t['rows'])}"),
        "recidivism_6m": (recidivism_share(on_list, 182), percent(recidivism_share(on_list, 182))),
        "recidivism_12m": (recidivism_share(on_list, 365), percent(recidivism_share(on_list, 365))),
        "meeting_actions_done": (m["done_share"], percent(m["done_share"])),
    }
    return {
        code: IndicatorValue(code, str(INDICATORS[code]), value, display)
        for code, (value, display) in raw.items()
    }

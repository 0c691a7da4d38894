"""The method and lessons report of a hot-spot plan (seeds 003, 004: "vastleggen methodiek",
"handreiking"): what another area needs to repeat the approach, without personal data.

Everything in it is either typed as plan text (problem, norms, lessons — the form asks for no
personal data), aggregates under the small-number rule of the public pages (measures,
inspections, surveys), or organisations and functions — never persons, addresses or cases.
"""

import datetime
from dataclasses import replace

from django.utils import timezone

from ..models import HotspotPlan
from .chronicle import chronicle_items
from .participation import plan_survey_results, presence_summary
from .public import public_results

#: Chronicle entries that carry no case: manual lines, inspections (summarised), plans, goals.
METHOD_CHRONICLE_KINDS = {"manual", "inspection", "plan", "goal"}


def method_report(user, plan: HotspotPlan, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    results = public_results(plan, today)
    until = min(plan.ends_on, today)
    chronicle = [
        # An inspection's own title may name its street: only the summary goes in.
        replace(item, url="", text="" if item.kind == "inspection" else item.text)
        for item in chronicle_items(user, plan.area, today)
        if item.kind in METHOD_CHRONICLE_KINDS and plan.starts_on <= item.date <= until
    ]
    goals = results["goals"]  # the public page's: the same figures, computed once
    return {
        "plan": plan,
        "today": today,
        "until": until,
        "partners": list(plan.partners.order_by("name")),
        "commitments": list(plan.commitments.select_related("organisation")),
        "meetings": list(plan.residents_meetings.order_by("held_on", "pk")),
        "goals": goals,
        "goals_on_track": sum(1 for g in goals if g["progress"].on_track is True),
        "goals_off_track": sum(1 for g in goals if g["progress"].on_track is False),
        "results": results,
        "carrot": [r for r in results["interventions"] if r["approach"] == "carrot"],
        "stick": [r for r in results["interventions"] if r["approach"] == "stick"],
        "other_measures": [
            r for r in results["interventions"] if r["approach"] not in ("carrot", "stick")
        ],
        "surveys": plan_survey_results(plan),
        "presence": presence_summary(plan.area, plan.starts_on, until),
        "chronicle": sorted(chronicle, key=lambda item: item.date),
    }

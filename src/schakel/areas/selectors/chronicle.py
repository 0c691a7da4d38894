"""The chronicle (kroniek) of an area, assembled on reading from what the user may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from schakel.cases.models import Case
from schakel.conferences.models import Decision
from schakel.plans.models import Intervention, InterventionStatus
from schakel.registry.models import Area

from ..models import ChronicleEntry, HotspotPlan, JointInspection
from .areas import area_case_filter, area_tree_ids
from .plans import goals_with_progress


@dataclass
class ChronicleItem:
    date: datetime.date
    kind: str
    title: str
    text: str = ""
    case: Case | None = None
    url: str = ""


def chronicle_items(user, area: Area, today: datetime.date | None = None) -> list[ChronicleItem]:
    """The kroniek: manual entries plus what happened, each from the data the user may see —
    decisions and interventions on the area's cases (through `access.policy`), inspections and
    their findings (summarised), and the results of the plans' goals."""
    today = today or timezone.localdate()
    tree = area_tree_ids(area)
    items: list[ChronicleItem] = []
    for entry in ChronicleEntry.objects.filter(area_id__in=tree).select_related("author"):
        items.append(ChronicleItem(entry.date, "manual", entry.title, entry.text))
    cases = Case.objects.visible_to(user).filter(area_case_filter(tree)).distinct()
    for decision in (
        Decision.objects.visible_to(user)
        .filter(case__in=cases)
        .select_related("case", "conference")
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
                _("Goal result: %(goal)s — %(change)s %% (target %(target)+d %%)")
                if finished
                else _("Goal interim result: %(goal)s — %(change)s %% (target %(target)+d %%)")
            )
            items.append(
                ChronicleItem(
                    date,
                    "goal",
                    template
                    % {
                        "goal": goal.description,
                        # In the reader's language: "−38,6" in Dutch, not "-38.6".
                        "change": ("+" if progress.percent_change > 0 else "")
                        + number_format(progress.percent_change, 1),
                        "target": goal.target_percent,
                    },
                    {
                        True: _("On track"),
                        False: _("Not on track"),
                        None: _("Uncertain: the counts cannot tell yet"),
                    }[progress.on_track],
                )
            )
    items.sort(key=lambda item: (item.date, item.kind), reverse=True)
    return items

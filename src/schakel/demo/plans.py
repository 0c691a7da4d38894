"""The demo's action plans: goals and interventions in a state that fits each case's stage."""

from datetime import timedelta

from django.utils import timezone

from schakel.cases.models import CaseEvent
from schakel.plans.models import (
    ActionPlan,
    Goal,
    Intervention,
    InterventionStatus,
    InterventionType,
)

from . import content
from .base import Builder, C, CaseDraft, N, P, U

CATEGORY_LABELS = {"justice": "justitie", "care": "zorg", "tax": "fiscaal"}


class Plans(Builder):
    def _plan(self, draft: CaseDraft) -> None:
        """The action plan: goals and interventions, in a state that fits the case's stage.

        The plan is prepared before the conference that adopts it; interventions may be added
        while it is carried out. The history gets the lines the plan services write.
        """
        case, path, times = draft.case, draft.path, draft.times
        adoptions = [times[i] for i, status in enumerate(path) if status == P]
        if adoptions:
            prepared_from, adopted = times[path.index(P) - 1], adoptions[0]
            if N in path:
                phase, until = "ended", times[path.index(N)]
            elif path[-1] == C:
                phase, until = "failed", times[-1]
            elif path[-1] == P:
                phase, until = "adopted", adopted
            else:
                phase, until = "running", self.now
            plan = ActionPlan(case=case, status=ActionPlan.Status.ADOPTED, adopted_at=adoptions[-1])
        elif path[-1] == C and self.rng.random() < 0.5:
            prepared_from, adopted = times[-1], None
            phase, until = "draft", self.now - timedelta(hours=1)
            plan = ActionPlan(case=case, status=ActionPlan.Status.DRAFT)
        else:
            return
        self.plans.append(plan)
        manager = case.coordinator
        prepared_until = (adopted or self.now) - timedelta(minutes=10)
        started = self._between(
            prepared_from, min(prepared_from + timedelta(days=3), prepared_until)
        )
        self._event(draft, started, CaseEvent.Kind.PLAN, "Plan van aanpak gestart", manager)
        goal_count = min(len(draft.theme.goals), self.rng.randint(2, 3))
        achieved = {"ended": 0.6 if case.status == N else 0.9}.get(phase, 0.0)
        goals = []
        for index, text in enumerate(self.rng.sample(draft.theme.goals, goal_count)):
            goals.append(Goal(plan=plan, description=text, achieved=self.rng.random() < achieved))
            self._event(
                draft,
                started + timedelta(minutes=2 * index + 1),
                CaseEvent.Kind.PLAN,
                "Doel toegevoegd aan het plan van aanpak",
                manager,
            )
        self.goals += goals
        for index, kind in enumerate(self._intervention_types(draft)):
            if index < 2 or phase in ("adopted", "draft"):
                start = self._between(started + timedelta(minutes=10), prepared_until)
            else:  # added while the plan is carried out
                start = self._between(adopted, until - timedelta(days=1))
            owner_organisation = self.orgs[kind.owner_kind]
            intervention = Intervention(
                plan=plan,
                type=kind,
                goal=self.rng.choice(goals),
                owner_organisation=owner_organisation,
                owner=self._worker(kind.owner_kind) if self.rng.random() < 0.8 else None,
                description=kind.description
                or f"{kind.name}, zoals afgesproken in het casusoverleg.",
                deadline=timezone.localdate(start)
                + timedelta(days=round(kind.default_days * self.rng.uniform(0.8, 1.4))),
                created_at=start,
            )
            planned = self._event(draft, start, CaseEvent.Kind.PLAN, "", manager)
            self.named_events.append(
                (planned, intervention, "Interventie {name} gepland voor {owner}")
            )
            self._intervention_progress(draft, intervention, phase, start, until)
            draft.interventions.append(intervention)
        self.interventions += draft.interventions
        for index, status in enumerate(path):
            # Logged just before the status step these services make.
            if status == P:
                text = "Plan van aanpak vastgesteld"
            elif status == U:
                text = "Uitvoering van het plan van aanpak gestart"
            else:
                continue
            moment = times[index] - timedelta(seconds=1)
            self._event(draft, moment, CaseEvent.Kind.PLAN, text, manager)

    def _intervention_types(self, draft: CaseDraft) -> list:
        """2-5 catalogue entries owned by organisations taking part, carrot and stick if possible."""
        kinds = {o.kind for o in draft.participants}
        available = [t for t in self.types if t.owner_kind in kinds]
        suitable = content.THEME_INTERVENTIONS.get(draft.theme.key, [])
        fitting = [t for t in available if t.name in suitable]
        if len(fitting) >= 2:
            available = fitting
        chosen = []
        for approach in (InterventionType.Approach.CARROT, InterventionType.Approach.STICK):
            of_approach = [t for t in available if t.approach == approach]
            if of_approach:
                chosen.append(self.rng.choice(of_approach))
        rest = [t for t in available if t not in chosen]
        return chosen + self.rng.sample(rest, min(len(rest), self.rng.randint(0, 3)))

    def _intervention_progress(self, draft, intervention, phase, start, until) -> None:
        deadline = intervention.deadline
        late = (self.today - deadline).days
        if phase in ("draft", "adopted"):
            status = InterventionStatus.PLANNED
            if phase == "adopted" and (self.now - start).days > 7 and self.rng.random() < 0.4:
                status = InterventionStatus.IN_PROGRESS
        elif phase == "ended":
            status = self._pick([(InterventionStatus.DONE, 85), (InterventionStatus.CANCELLED, 15)])
        elif phase == "failed":
            status = self._pick(
                [
                    (InterventionStatus.DONE, 4),
                    (InterventionStatus.CANCELLED, 3),
                    (InterventionStatus.IN_PROGRESS, 3),
                ]
            )
        elif late > 60:
            status = self._pick(
                [
                    (InterventionStatus.DONE, 80),
                    (InterventionStatus.CANCELLED, 15),
                    (InterventionStatus.IN_PROGRESS, 5),
                ]
            )
        elif late > 0:
            status = self._pick(
                [
                    (InterventionStatus.DONE, 40),
                    (InterventionStatus.IN_PROGRESS, 35),
                    (InterventionStatus.PLANNED, 15),
                    (InterventionStatus.CANCELLED, 10),
                ]
            )
        else:
            status = self._pick(
                [
                    (InterventionStatus.IN_PROGRESS, 60),
                    (InterventionStatus.PLANNED, 30),
                    (InterventionStatus.DONE, 10),
                ]
            )
        intervention.status = status
        approach = intervention.type.approach
        reporter = intervention.owner or draft.case.coordinator
        latest = min(until, self.now - timedelta(hours=1))
        if status == InterventionStatus.DONE:
            deadline_passed = self._at(deadline, 16) + timedelta(days=10)
            intervention.completed_at = self._between(
                start + timedelta(hours=2), min(deadline_passed, latest)
            )
            intervention.result = self.rng.choice(content.INTERVENTION_RESULTS[approach])
            moment, template = intervention.completed_at, "Interventie {name} afgerond"
        elif status == InterventionStatus.CANCELLED:
            intervention.result = self.rng.choice(content.CANCELLED_RESULTS)
            moment = self._between(start + timedelta(hours=2), latest)
            template = "Interventie {name} geannuleerd"
        elif status == InterventionStatus.IN_PROGRESS:
            moment = self._between(start + timedelta(hours=1), latest)
            template = "Interventie {name}: in uitvoering"
        else:
            return
        event = self._event(draft, moment, CaseEvent.Kind.PLAN, "", reporter)
        self.named_events.append((event, intervention, template))


def history_category(intervention: Intervention) -> str:
    """As `plans.services`: a line about an intervention carries its category, or for a general
    one the category its owner's involvement reveals."""
    if intervention.category != "general":
        return intervention.category
    return intervention.owner_organisation.involvement_category


def history_name(intervention: Intervention) -> str:
    """As `plans.services` names it in its (categorised) history line."""
    if intervention.category == "general":
        return intervention.type.name
    return f"{intervention.type.name} ({CATEGORY_LABELS[intervention.category]})"


def history_owner(intervention: Intervention, category: str) -> str:
    """The owner by name, unless its involvement reveals another category than the line's."""
    owner = intervention.owner_organisation
    if owner.involvement_category in {"general", category}:
        return owner.name
    return "een partner"

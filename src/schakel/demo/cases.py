"""The demo's cases: their status paths through the workflow, timelines, participants, history
and notes."""

from datetime import timedelta

from schakel.cases.models import Case, CaseEvent, CaseNote, CaseParticipation
from schakel.cases.workflow import OPEN_STATUSES, can_transition
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import User

from . import content
from .base import (
    HISTORY_DAYS,
    A,
    Builder,
    C,
    CaseDraft,
    DemoDataError,
    F,
    N,
    P,
    R,
    Subjects,
    T,
    U,
    X,
)

CASES_FROM_SIGNALS = 34  # opened on a signal in Schakel; the rest were registered directly

REGISSEUR_OPEN_CASES, COORDINATOR_OPEN_CASES = 15, 10

# How many of the 200 cases end up in each status.
STATUS_COUNTS = {A: 8, T: 14, C: 22, P: 14, U: 46, N: 22, X: 48, R: 12, F: 14}

# The status paths walked so far, by current status, with their weights.
PATHS = {
    A: [([A], 1)],
    T: [([A, T], 1)],
    C: [([A, T, C], 8), ([A, T, C, P, U, C], 2)],
    P: [([A, T, C, P], 1)],
    U: [([A, T, C, P, U], 9), ([A, T, C, P, U, C, P, U], 1)],
    N: [([A, T, C, P, U, N], 9), ([A, T, C, P, U, N, U, N], 1)],
    X: [([A, T, C, P, U, N, X], 1)],
    R: [([A, R], 2), ([A, T, R], 8)],
    F: [([A, T, F], 6), ([A, T, C, F], 4)],
}

# When a case in this status was opened: between so many days ago.
OPENED_DAYS_AGO = {
    A: (0, 8),
    T: (2, 30),
    C: (8, 60),
    P: (20, 120),
    U: (40, 420),
    N: (120, 500),
    X: (200, 540),
    R: (5, 540),
    F: (5, 540),
}

# The longest a case stays in its current (open) status.
MAX_STAY_DAYS = {A: 8, T: 30, C: 45, P: 30, U: 420, N: 200}

# Days between two steps.
STEP_DAYS = {
    (A, T): (1, 5),
    (A, R): (1, 7),
    (T, C): (3, 20),
    (T, R): (2, 15),
    (T, F): (2, 15),
    (P, U): (1, 10),
    (U, N): (40, 200),
    (U, C): (30, 120),
    (N, X): (30, 150),
    (N, U): (20, 60),
}

# Steps that a case conference decides: they happen at a held conference.
CONFERENCE_STEPS = {(C, P), (C, F)}


class Cases(Builder):
    def _cases(self) -> list[CaseDraft]:
        statuses = [status for status, n in STATUS_COUNTS.items() for _ in range(n)]
        self.rng.shuffle(statuses)
        themes = [(theme, theme.weight) for theme in content.THEMES]
        outline = [(status, self._pick(themes), self._pick(PATHS[status])) for status in statuses]
        coordinators = self._assign_coordinators(outline)
        triaged = [i for i, (_status, _theme, path) in enumerate(outline) if path[1:2] == [T]]
        from_signals = set(self.rng.sample(triaged, CASES_FROM_SIGNALS))
        return [
            self._case(status, theme, path, coordinator, via_signal=index in from_signals)
            for index, ((status, theme, path), coordinator) in enumerate(
                zip(outline, coordinators, strict=True)
            )
        ]

    def _assign_coordinators(self, outline) -> list[User]:
        """`regisseur` and `coordinator` each coordinate a fair share of open cases."""
        open_cases = [i for i, (status, _t, _p) in enumerate(outline) if status in OPEN_STATUSES]
        person_cases = [
            i
            for i in open_cases
            if outline[i][1].subject in ("person", "household") and outline[i][0] != A
        ]
        for_coordinator = set(self.rng.sample(person_cases, COORDINATOR_OPEN_CASES))
        rest = [i for i in open_cases if i not in for_coordinator]
        for_regisseur = set(self.rng.sample(rest, REGISSEUR_OPEN_CASES))
        result = []
        for index, (status, theme, _path) in enumerate(outline):
            if index in for_coordinator:
                result.append(self.coordinator)
            elif index in for_regisseur:
                result.append(self.regisseur)
            elif status in OPEN_STATUSES:
                result.append(self.rng.choice(self.other_directors))
            else:
                choices = list(self.directors)
                if theme.subject in ("person", "household"):
                    choices.append(self.coordinator)
                result.append(self.rng.choice(choices))
        return result

    def _timeline(self, status, path, via_signal):
        """Times of each step of `path`, ending before now, and the conferences that decided."""
        earliest, latest = OPENED_DAYS_AGO[status]
        fallback = None
        for attempt in range(100):
            if attempt == 30:
                latest = HISTORY_DAYS - 2
            opened = self._working_time(
                self.now - timedelta(days=self.rng.uniform(earliest, latest))
            )
            walked = self._walk(path, opened, via_signal)
            if walked is None or walked[0][-1] > self.now - timedelta(hours=1):
                continue
            fallback = walked
            stay = MAX_STAY_DAYS.get(status)
            if stay is None or (self.now - walked[0][-1]).days <= stay:
                return walked
        if fallback is None:
            raise DemoDataError(f"No room in the history for a case path {path}.")
        return fallback

    def _walk(self, path, opened, via_signal):
        times, conferences = [opened], {}
        for index in range(1, len(path)):
            step, previous = (path[index - 1], path[index]), times[-1]
            if not can_transition(*step):
                raise DemoDataError(f"The workflow does not allow {step}.")
            if step in CONFERENCE_STEPS:
                conference = self._held_conference_after(previous + timedelta(days=2))
                if conference is None:
                    return None
                conferences[index] = conference
                moment = conference.starts_at + timedelta(minutes=self.rng.randint(20, 150))
            elif step == (A, T) and via_signal:
                moment = previous + timedelta(seconds=1)  # opened and triaged in one go
            else:
                low, high = STEP_DAYS[step]
                moment = self._working_time(previous + timedelta(days=self.rng.randint(low, high)))
                moment = max(moment, previous + timedelta(hours=1))
            times.append(moment)
        return times, conferences

    def _case(self, status, theme, path, coordinator, via_signal: bool) -> CaseDraft:
        times, conferences = self._timeline(status, path, via_signal)
        reporter = self.orgs[self.rng.choice(theme.reporters)]
        subjects = self._subjects(theme)
        draft = CaseDraft(
            case=Case(
                title=self._title(theme, subjects),
                status=status,
                host_organisation=self.vh,
                coordinator=coordinator,
                created_at=times[0],
            ),
            theme=theme,
            path=path,
            times=times,
            conferences=conferences,
            reporter=reporter,
            subjects=subjects,
        )
        for person in subjects.persons:
            self._seen(person, times[0])
        self._triage(draft)
        if via_signal:
            self._source_signal(draft)
        self._participants(draft)
        self._history(draft)
        self._notes(draft)
        self._plan(draft)
        self._finish_case(draft)
        return draft

    def _title(self, theme, subjects: Subjects) -> str:
        place = next(iter(subjects.addresses), None)
        if place is None:
            place = next((p.address for p in subjects.persons if p.address), None)
        if place is None:
            place = self.rng.choice(self.addresses)
        neighbourhood = place.area
        return self.rng.choice(theme.titles).format(
            street=place.street,
            neighbourhood=neighbourhood.name,
            district=neighbourhood.parent.name,
        )[:200]

    def _participants(self, draft: CaseDraft) -> None:
        """2-5 organisations: reporter and leads first, then partners of the theme."""
        case, times, path = draft.case, draft.times, draft.path
        invited = draft.participants

        def invite(organisation, moment):
            if organisation != self.vh and organisation not in invited:
                invited[organisation] = moment

        invite(draft.reporter, times[0])
        for decision in draft.decisions:
            invite(decision.lead_organisation, max(decision.decided_at, times[0]))
        if case.coordinator.organisation != self.vh:
            invite(case.coordinator.organisation, times[0])
        if path[-1] in (P, U, N, X) or C in path[2:]:
            owners = {t.owner_kind for t in self.types}
            if not any(o.kind in owners for o in invited):
                invite(self.orgs[K.MUNICIPALITY], times[0])
        target = max(len(invited), self.rng.randint(2, 5))
        pool = [self.orgs[kind] for kind in draft.theme.partners if self.orgs[kind] not in invited]
        # Partners are invited in triage, to prepare the first conference.
        prepare_from = times[1] if path[1:2] == [T] else times[0]
        if len(times) > 2:
            prepare_until = times[2]
        elif path[-1] not in OPEN_STATUSES:
            prepare_until = times[-1]
        else:
            prepare_until = min(self.now, prepare_from + timedelta(days=2))
        while len(invited) < target and pool:
            weights = [len(pool) - i for i in range(len(pool))]
            organisation = self.rng.choices(pool, weights)[0]
            pool.remove(organisation)
            invite(organisation, self._between(prepare_from, prepare_until - timedelta(minutes=5)))

    def _event(
        self,
        draft,
        moment,
        kind,
        description,
        actor,
        from_status="",
        to_status="",
        category="general",
    ):
        event = CaseEvent(
            case=draft.case,
            kind=kind,
            category=category,
            description=description,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            created_at=moment,
        )
        self.events.append(event)
        return event

    def _history(self, draft: CaseDraft) -> None:
        """The case history as the services write it: opening, triage, every status step."""
        case, path, times = draft.case, draft.path, draft.times
        actor = case.coordinator
        if draft.signal is not None:
            # The description names the signal's reference, known once it is written.
            draft.opening_event = self._event(
                draft, times[0], CaseEvent.Kind.STATUS, "", actor, to_status=A
            )
        else:
            self._event(
                draft,
                times[0],
                CaseEvent.Kind.STATUS,
                f"Casus aangemeld door {draft.reporter}",
                actor,
                to_status=A,
                category=draft.reporter.involvement_category,
            )
        for index in range(1, len(path)):
            previous, status, moment = path[index - 1], path[index], times[index]
            if (previous, status) == (A, T):
                first = draft.decisions[0]
                self._event(
                    draft,
                    moment,
                    CaseEvent.Kind.TRIAGE,
                    f"Triage: niveau {first.level}, regie {first.lead_organisation}",
                    first.decided_by,
                    A,
                    T,
                    category=first.lead_organisation.involvement_category,
                )
                continue
            description = (
                f"Status: {content.STATUS_LABELS[previous]} → {content.STATUS_LABELS[status]}"
            )
            conference = draft.conferences.get(index)
            if conference is not None:
                self._conference_decision(draft, conference, status, moment)
            self._event(draft, moment, CaseEvent.Kind.STATUS, description, actor, previous, status)
            if status in (X, R, F):
                # As `cases.services.change_status`: the reason is a line in its own category.
                reason, category = self.rng.choice(content.CLOSING_REASONS[status])
                case.closing_reason, case.closing_reason_category = reason, category
                self._event(
                    draft,
                    moment,
                    CaseEvent.Kind.STATUS,
                    f"Reden: {reason}",
                    actor,
                    category=category,
                )
        for previous, decision in zip(draft.decisions, draft.decisions[1:], strict=False):
            verb = "Opgeschaald" if decision.level.number > previous.level.number else "Afgeschaald"
            # As `cases.services.rescale_case`: level, lead and reason each in their category.
            self._event(
                draft,
                decision.decided_at,
                CaseEvent.Kind.TRIAGE,
                f"{verb} naar {decision.level}",
                decision.decided_by,
            )
            if decision.lead_organisation != previous.lead_organisation:
                self._event(
                    draft,
                    decision.decided_at,
                    CaseEvent.Kind.TRIAGE,
                    f"Regie: {decision.lead_organisation}",
                    decision.decided_by,
                    category=decision.lead_organisation.involvement_category,
                )
            self._event(
                draft,
                decision.decided_at,
                CaseEvent.Kind.TRIAGE,
                f"Reden: {decision.reason}",
                decision.decided_by,
                category=decision.reason_category,
            )
        # Those taking part from the opening (reporter and lead) came with the case, unannounced.
        for organisation, moment in draft.participants.items():
            if moment > times[0]:
                self._event(
                    draft,
                    moment,
                    CaseEvent.Kind.PARTICIPATION,
                    f"{organisation} uitgenodigd om deel te nemen",
                    actor,
                    category=organisation.involvement_category,
                )

    def _notes(self, draft: CaseDraft) -> None:
        case, times = draft.case, draft.times
        writers = [*draft.participants, self.vh]
        until = times[-1] if case.status not in OPEN_STATUSES else self.now
        count = min(7, max(0, len(draft.path) - 1 + self.rng.randint(0, 2)))
        weights = {"general": 4, "justice": 3, "care": 3, "tax": 3}
        for _ in range(count):
            available = [
                (category, weight)
                for category, weight in weights.items()
                if any(category in self.grants.get(o.kind, ()) for o in writers)
            ]
            category = self._pick(available)
            organisations = [o for o in writers if category in self.grants.get(o.kind, ())]
            partners = [o for o in organisations if o != self.vh]
            if partners and self.rng.random() < 0.75:
                organisations = partners
            organisation = self.rng.choice(organisations)
            since = draft.participants.get(organisation, times[0])
            author = (
                case.coordinator
                if organisation == case.coordinator.organisation
                else self._worker(organisation.kind)
            )
            self.notes.append(
                CaseNote(
                    case=case,
                    category=category,
                    text=self.rng.choice(content.NOTE_TEXTS[category]),
                    author=author,
                    organisation=organisation,
                    created_at=self._between(since, max(since, until - timedelta(minutes=1))),
                )
            )

    def _finish_case(self, draft: CaseDraft) -> None:
        case = draft.case
        if not draft.decisions:
            case.lead_organisation = self.vh
        if case.status in OPEN_STATUSES and draft.decisions:
            case.review_date = self.today + timedelta(days=self.rng.randint(-10, 75))
        elif draft.decisions:
            case.review_date = draft.decisions[-1].review_date
        for organisation, moment in draft.participants.items():
            self.participations.append(
                CaseParticipation(
                    case=case,
                    organisation=organisation,
                    purpose="Melder en regie" if moment == draft.times[0] else "",
                    invited_by=case.coordinator,
                    invited_at=moment,
                )
            )

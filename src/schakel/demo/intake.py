"""The demo's signals and triage decisions: those cases were opened on, and those still waiting,
triaged, referred or dismissed."""

from datetime import timedelta

from django.utils import timezone

from schakel.intake.models import Signal
from schakel.organisations.models import Organisation
from schakel.organisations.models import OrganisationKind as K
from schakel.registry.models import ReportedSubject
from schakel.triage.models import CriterionAnswer, IntakeCriterion, TriageDecision
from schakel.triage.services import intake_criteria_met

from . import content
from .base import A, Builder, C, CaseDraft, F, N, P, R, Subjects, T, U, X

SIGNALS_WAITING, SIGNALS_TRIAGED, SIGNALS_REFERRED, SIGNALS_DISMISSED = 12, 5, 4, 5

# The escalation level a case ends at, by current status (None: not triaged).
FINAL_LEVELS = {
    A: [(None, 1)],
    T: [(3, 7), (4, 3)],
    C: [(3, 3), (4, 1)],
    P: [(3, 3), (4, 1)],
    U: [(3, 3), (4, 1)],
    N: [(2, 6), (3, 4)],
    X: [(2, 5), (3, 5)],
    R: [(1, 6), (2, 4)],
    F: [(1, 4), (2, 6)],
}

# Each reason with the data category its author gives it (`TriageDecision.reason_category`).
TRIAGE_REASONS = {
    1: ("Eén partner kan dit in het reguliere werk oppakken.", "general"),
    2: ("Meerdere hulpverleners, maar het lokale team kan met één plan verder.", "care"),
    3: (
        "Complexe problematiek op meerdere leefgebieden; zorg, straf en bestuur moeten samenwerken.",
        "general",
    ),
    4: (
        "Acute dreiging; betrokkene is verdachte in een lopend strafrechtelijk onderzoek.",
        "justice",
    ),
}

SCALE_DOWN_REASON = ("Doelen grotendeels bereikt; betrokkene is in behandeling bij de GGZ.", "care")

SCALE_UP_REASON = (
    "Nieuwe ernstige incidenten; aangifte gedaan en de politie onderzoekt.",
    "justice",
)


class SignalsAndTriage(Builder):
    def _signals(self, drafts) -> list[Signal]:
        """The signals cases were opened on, and those still waiting, triaged or turned away."""
        signals = [d.signal for d in drafts if d.signal is not None]
        themes = [(theme, theme.weight) for theme in content.THEMES]
        # The demo log-ins of partners report some of the signals waiting for triage.
        demo_reporters = [K.POLICE, K.DISTRICT_TEAM, K.HOUSING, K.PROBATION]
        for index in range(SIGNALS_WAITING):
            theme = self._pick(themes)
            kind = demo_reporters[index] if index < len(demo_reporters) else None
            reporter = self.orgs[kind or self.rng.choice(theme.reporters)]
            moment = min(
                self._working_time(self.now - timedelta(days=self.rng.uniform(0.5, 14))),
                self.now - timedelta(minutes=30),
            )
            signal = self._signal(
                theme, reporter, moment, Signal.Status.RECEIVED, self._subjects(theme)
            )
            if kind is not None:
                signal.reported_by = self.workers[kind][0]
            signals.append(signal)
        for status, count, days in (
            (Signal.Status.TRIAGED, SIGNALS_TRIAGED, (2, 10)),
            (Signal.Status.REFERRED, SIGNALS_REFERRED, (20, 400)),
            (Signal.Status.DISMISSED, SIGNALS_DISMISSED, (10, 400)),
        ):
            for _ in range(count):
                theme = self._pick(themes)
                reporter = self.orgs[self.rng.choice(theme.reporters)]
                moment = self._working_time(self.now - timedelta(days=self.rng.uniform(*days)))
                signal = self._signal(theme, reporter, moment, status, self._subjects(theme))
                if status != Signal.Status.DISMISSED:
                    triaged = status == Signal.Status.TRIAGED
                    level = self._pick([(3, 3), (4, 1)] if triaged else [(1, 1), (2, 1)])
                    decided = min(
                        moment + timedelta(hours=self.rng.randint(2, 48)),
                        self.now - timedelta(minutes=10),
                    )
                    self.loose_decisions.append(
                        self._decision(
                            level=level,
                            lead=self._lead(level, theme, reporter),
                            reason=TRIAGE_REASONS[level],
                            moment=decided,
                            signal=signal,
                        )
                    )
                signals.append(signal)
        return signals

    def _signal(self, theme, reporter, moment, status, subjects, urgent=False) -> Signal:
        urgency = (
            self._pick([(Signal.Urgency.HIGH, 2), (Signal.Urgency.ACUTE, 1)])
            if urgent
            else self._pick([(Signal.Urgency.NORMAL, 7), (Signal.Urgency.HIGH, 2)])
        )
        signal = Signal(
            category=self.categories[theme.category],
            description=self.rng.choice(theme.signal_texts),
            data_category=theme.data_category,
            urgency=urgency,
            status=status,
            reporting_organisation=reporter,
            receiving_organisation=self.vh,
            reported_by=self._worker(reporter.kind),
            created_at=moment,
        )
        signal.subjects = subjects
        for person in subjects.persons:
            self._seen(person, moment)
        return signal

    def _reported_subjects(self, signals) -> dict[int, list[ReportedSubject]]:
        """What each reporter typed about the persons of its signal (signal id -> statements).

        The Veiligheidshuis has established who the handled signals are about (linked to the
        known person); the statements of signals still waiting for triage are not yet
        established, so those signals name no person yet. Every third reporter left the BSN out.
        """
        statements: dict[int, list[ReportedSubject]] = {}
        for signal in signals:
            waiting = signal.status == Signal.Status.RECEIVED
            for person in signal.subjects.persons:
                address = person.address
                statement = ReportedSubject(
                    given_names=person.given_names,
                    surname_prefix=person.surname_prefix,
                    surname=person.surname,
                    bsn="" if len(self.statements) % 3 == 2 else person.bsn,
                    date_of_birth=person.date_of_birth,
                    reported_by=signal.reported_by,
                    organisation=signal.reporting_organisation,
                    reported_at=signal.created_at,
                )
                if address is not None:
                    statement.postcode = address.postcode
                    statement.house_number = address.house_number
                    statement.house_number_addition = address.house_number_addition
                    statement.street, statement.city = address.street, address.city
                    statement.address = address
                if not waiting:
                    statement.person = person
                    statement.decision = ReportedSubject.Decision.LINKED
                    statement.decided_by = self.regisseur
                    statement.decided_at = min(
                        signal.created_at + timedelta(hours=1), self.now - timedelta(minutes=5)
                    )
                self.statements.append(statement)
                statements.setdefault(id(signal), []).append(statement)
            if waiting and signal.subjects.persons:
                subjects = signal.subjects
                signal.subjects = Subjects(
                    addresses=subjects.addresses, businesses=subjects.businesses
                )
        return statements

    def _source_signal(self, draft: CaseDraft) -> None:
        """The signal the case was opened on; its triage decision becomes the case's first."""
        opened = draft.times[0]
        triaged = opened - timedelta(minutes=self.rng.randint(30, 24 * 60))
        reported = self._working_time(triaged - timedelta(days=self.rng.randint(1, 6)))
        signal = self._signal(
            draft.theme,
            draft.reporter,
            reported,
            Signal.Status.CASE_OPENED,
            draft.subjects,
            urgent=draft.decisions[0].level.number == 4,
        )
        first = draft.decisions[0]
        first.signal, first.decided_at = signal, triaged
        first.review_date = timezone.localdate(triaged) + timedelta(
            days=first.level.review_after_days
        )
        draft.signal = signal
        draft.case.source_signal = signal

    def _triage(self, draft: CaseDraft) -> None:
        """The first triage decision and any later scaling up or down."""
        path, times, theme = draft.path, draft.times, draft.theme
        if T not in path:
            draft.case.level = None
            return
        final = self._pick(FINAL_LEVELS[draft.case.status])
        initial, change_at = final, None
        if final <= 2 and (N in path or C in path):
            initial = 3
            change_at = times[path.index(N)] if N in path else times[-1] - timedelta(minutes=1)
        elif final == 4 and U in path and self.rng.random() < 0.5:
            initial = 3
            start = times[path.index(U)]
            until = times[path.index(U) + 1] if path.index(U) + 1 < len(times) else self.now
            change_at = self._between(start, until - timedelta(hours=1))
        lead = self._lead(initial, theme, draft.reporter)
        draft.decisions.append(
            self._decision(
                level=initial,
                lead=lead,
                reason=TRIAGE_REASONS[initial],
                moment=times[path.index(T)],
                case=draft.case,
            )
        )
        if change_at is not None:
            draft.decisions.append(
                self._decision(
                    level=final,
                    lead=self._lead(final, theme, draft.reporter),
                    reason=SCALE_DOWN_REASON if final < initial else SCALE_UP_REASON,
                    moment=change_at,
                    case=draft.case,
                    by=draft.case.coordinator,
                )
            )
        last = draft.decisions[-1]
        draft.case.level = last.level
        draft.case.lead_organisation = last.lead_organisation

    def _decision(self, *, level, lead, reason, moment, signal=None, case=None, by=None):
        """A triage decision with intake answers that agree with its level."""
        reason, reason_category = reason
        decision = TriageDecision(
            signal=signal,
            case=case,
            level=self.levels[level],
            lead_organisation=lead,
            reason=reason,
            reason_category=reason_category,
            review_date=timezone.localdate(moment)
            + timedelta(days=self.levels[level].review_after_days),
            decided_by=by or self._worker(K.SAFETY_HOUSE),
            decided_at=moment,
        )
        answers = {}
        must = [c for c in self.criteria if c.group == IntakeCriterion.Group.ALL]
        some = [c for c in self.criteria if c.group == IntakeCriterion.Group.ANY]
        for criterion in some:
            answers[criterion] = self.rng.random() < 0.5
        if level >= 3:
            for criterion in must:
                answers[criterion] = True
            if some and not any(answers[c] for c in some):
                answers[self.rng.choice(some)] = True
        else:
            for criterion in must:
                answers[criterion] = self.rng.random() < 0.5
            if must and all(answers[c] for c in must):
                answers[self.rng.choice(must)] = False
        decision.criteria_met = intake_criteria_met(answers)
        decision.answers_to_write = [
            CriterionAnswer(decision=decision, criterion=c, answer=a) for c, a in answers.items()
        ]
        return decision

    def _lead(self, level: int, theme, reporter: Organisation) -> Organisation:
        if level == 1:
            return reporter
        if level == 2:
            care_themes = ("huiselijk", "verward", "jeugd", "nazorg", "hit")
            return self.orgs[K.DISTRICT_TEAM if theme.key in care_themes else K.MUNICIPALITY]
        if level == 3:
            return self.vh
        public_order = ("woonoverlast", "drugs", "ondermijning", "overlast", "verward")
        return self.orgs[K.MUNICIPALITY if theme.key in public_order else K.OM]

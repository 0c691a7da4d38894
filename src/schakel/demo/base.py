"""What the parts of the core demo share: the status letters, the subjects of a case, a case in
the making, the random choices and times they all use, and inserting in bulk."""

import datetime as dt
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from faker import Faker

from schakel.cases.models import Case, CaseEvent, CaseNote, CaseParticipation
from schakel.cases.workflow import CaseStatus
from schakel.conferences.models import ActionReview, Attendance, Decision
from schakel.intake.models import Signal
from schakel.organisations.models import Organisation
from schakel.plans.models import ActionPlan, Goal, Intervention
from schakel.triage.models import TriageDecision

from . import content
from .clock import start_of


class DemoDataError(Exception):
    """The demo data cannot be loaded, e.g. because the configuration data is missing."""


HISTORY_DAYS = 548  # about 18 months

S = CaseStatus
A, T, C, P, U, N, X, R, F = (
    S.REGISTERED,
    S.TRIAGE,
    S.CONFERENCE,
    S.PLAN_ADOPTED,
    S.EXECUTION,
    S.AFTERCARE,
    S.CLOSED,
    S.REJECTED,
    S.REFERRED,
)


def insert(objects: list) -> None:
    """Insert in one statement where the database returns the new primary keys."""
    if not objects:
        return
    if connection.features.can_return_rows_from_bulk_insert:
        type(objects[0]).objects.bulk_create(objects)
    else:
        for obj in objects:
            obj.save(force_insert=True)


@dataclass
class Subjects:
    persons: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    areas: list = field(default_factory=list)


@dataclass
class CaseDraft:
    """One case as planned in memory before it is written."""

    case: Case
    theme: content.Theme
    path: list
    times: list
    conferences: dict  # step index -> the held conference that decided that step
    reporter: Organisation
    subjects: Subjects
    signal: Signal | None = None
    decisions: list = field(default_factory=list)
    participants: dict = field(default_factory=dict)  # organisation -> invited at
    interventions: list = field(default_factory=list)

    @property
    def execution_periods(self):
        """(from, until) for each stretch the case was in execution."""
        periods = []
        for index, status in enumerate(self.path):
            if status == U:
                until = self.times[index + 1] if index + 1 < len(self.times) else None
                periods.append((self.times[index], until))
        return periods


class Builder:
    """The state and the helpers of the core demo; the subject mixins build on them."""

    def __init__(self, seed: int, today: dt.date):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self.now = start_of(today)
        self.start = self.now - timedelta(days=HISTORY_DAYS)
        self.events: list[CaseEvent] = []
        self.participations: list[CaseParticipation] = []
        self.notes: list[CaseNote] = []
        self.decisions: list[Decision] = []
        self.loose_decisions: list[TriageDecision] = []  # on signals without a case
        self.attendances: list[Attendance] = []
        self.plans: list[ActionPlan] = []
        self.goals: list[Goal] = []
        self.interventions: list[Intervention] = []
        self.reviews: list[ActionReview] = []
        # History lines that name an intervention, filled in once its id is known.
        self.named_events: list[tuple[CaseEvent, Intervention, str]] = []
        self.used_bsns: set[str] = set()
        self.person_uses: dict[int, int] = {}
        self.person_first_seen: dict[int, datetime] = {}

    # -- small helpers ---------------------------------------------------------------------------

    def _pick(self, weighted):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def _at(self, day, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _working_time(self, moment: datetime) -> datetime:
        """The same day as `moment`, at an office hour."""
        day = timezone.localtime(moment).date()
        return self._at(day, self.rng.randint(8, 16), self.rng.choice((0, 10, 20, 30, 40, 50)))

    def _between(self, earliest: datetime, latest: datetime) -> datetime:
        """A moment between the two, preferably in office hours."""
        if latest <= earliest:
            return earliest
        for _attempt in range(4):
            moment = earliest + (latest - earliest) * self.rng.random()
            if 8 <= timezone.localtime(moment).hour < 18:
                break
        return moment

    def _full_name(self) -> tuple[str, str, str]:
        """(given names, surname prefix, surname) of a fictional person."""
        male = self.rng.random() < 0.5
        first = self.fake.first_name_male() if male else self.fake.first_name_female()
        if self.rng.random() < 0.2:
            second = self.fake.first_name_male() if male else self.fake.first_name_female()
            if second != first:
                first = f"{first} {second}"
        prefix, surname = split_surname(self.fake.last_name())
        return first, prefix, surname


def split_surname(full: str) -> tuple[str, str]:
    """'van der Berg' -> ('van der', 'Berg')."""
    for prefix in content.SURNAME_PREFIXES:
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full

"""Generate the fictional demo data: the Zorg- en Veiligheidshuis Lindewaard and its cases.

Everything written here is invented (see `content.FICTION_NOTICE`): the city of Lindewaard, its
partners and users, persons (names from Faker, BSNs random numbers that merely pass the 11-test),
addresses, businesses, signals, cases, conferences and plans.

The data is written as model instances with `bulk_create`, not through the services: those would
write an audit entry for each of thousands of objects. It is kept consistent with what the
services produce — references like C-2025-00012 and S-2025-00003, a case history that walks
`workflow.ALLOWED_TRANSITIONS`, triage decisions with intake answers, participations for the
reporting and the lead organisation, notes only in data categories the author's organisation may
record, interventions owned by a taking-part organisation — with timestamps spread over the last
18 months. The same seed gives the same data (dates are relative to the reference date, by default the
day of loading; see `clock`).
"""

import datetime as dt
import hashlib
import random
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from schakel.cases.models import Case, CaseEvent, CaseNote, CaseParticipation
from schakel.cases.workflow import OPEN_STATUSES, CaseStatus, can_transition
from schakel.conferences.models import ActionReview, AgendaItem, Attendance, Conference, Decision
from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import CategoryGrant, Organisation, Role, User
from schakel.organisations.models import OrganisationKind as K
from schakel.plans.models import (
    ActionPlan,
    Goal,
    Intervention,
    InterventionStatus,
    InterventionType,
)
from schakel.registry.models import Address, Area, Business, Person
from schakel.registry.validators import is_valid_bsn
from schakel.triage.models import CriterionAnswer, EscalationLevel, IntakeCriterion, TriageDecision
from schakel.triage.services import intake_criteria_met

from . import areas, content, incidents, linkage, targets
from .clock import start_of, written_at
from .models import DemoInstallation

DEFAULT_SEED = 2026
HISTORY_DAYS = 548  # about 18 months
N_ADDRESSES = 250
N_PERSONS = 300
N_WITHOUT_ADDRESS = 15
N_HOMES = 170  # addresses with residents; the rest are shops, offices and business premises
BSN_SHARE = 0.7
N_BUSINESSES = 20
N_CONFERENCES_PLANNED = 5
SIGNALS_WAITING, SIGNALS_TRIAGED, SIGNALS_REFERRED, SIGNALS_DISMISSED = 12, 5, 4, 5
CASES_FROM_SIGNALS = 34  # opened on a signal in Schakel; the rest were registered directly
REGISSEUR_OPEN_CASES, COORDINATOR_OPEN_CASES = 15, 10

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
TRIAGE_REASONS = {
    1: "Eén partner kan dit in het reguliere werk oppakken.",
    2: "Meerdere hulpverleners, maar het lokale team kan met één plan verder.",
    3: "Complexe problematiek op meerdere leefgebieden; zorg, straf en bestuur moeten samenwerken.",
    4: "Acute dreiging voor betrokkene of omgeving; doorzettingsmacht nodig.",
}
SCALE_DOWN_REASON = "Doelen grotendeels bereikt; het lokale team houdt de regie."
SCALE_UP_REASON = "Nieuwe ernstige incidenten; doorzettingsmacht nodig."
EXTRA_DECISIONS = {
    "justice": "Politie zet persoonsgerichte aandacht in; het OM beoordeelt de lopende zaak.",
    "care": "Wijkteam start begeleiding; intake bij de GGZ binnen twee weken.",
}


class DemoDataError(Exception):
    """The demo data cannot be loaded, e.g. because the configuration data is missing."""


def has_demo_data() -> bool:
    return DemoInstallation.objects.exists()


def holds_other_data() -> bool:
    """True when the database holds case data or demo user names that the demo did not load."""
    if has_demo_data():
        return False
    demo_usernames = [row[0] for row in content.DEMO_USERS]
    return (
        Case.objects.exists()
        or Signal.objects.exists()
        or Person.objects.exists()
        or User.objects.filter(username__in=demo_usernames).exists()
    )


def load_demo_data(
    seed: int = DEFAULT_SEED, *, replace: bool = False, today: dt.date | None = None
) -> dict:
    """Load the demo data in one transaction; with `replace`, first remove the loaded demo data.

    The data is built as of the reference date `today` (by default the local date): the same
    seed and date give the same data at any time of day. Returns the number of objects written
    per kind.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        if replace:
            remove_demo_data()
        with written_at(start_of(today)):
            counts = _DemoBuilder(seed, today).build()
            for part in PARTS:
                counts.update(part.load(seed=seed, today=today))
        # When the data was loaded, as the command reports it: the wall clock.
        DemoInstallation.objects.create(
            seed=seed,
            description=content.FICTION_NOTICE
            + "\n\n"
            + ", ".join(f"{name}: {n}" for name, n in counts.items()),
        )
    return counts


# The demo data of the components beyond the case path, loaded in this order after the core data
# (in the same transaction) and removed in the reverse order before it. Each has
# `load(seed, today) -> dict of counts` and `remove()`.
PARTS = (incidents, areas, targets, linkage)


def remove_demo_data() -> None:
    """Remove all case data and the demo partners and users, to load the demo afresh.

    Only meant for a database that holds demo data; the audit log is left as it is.
    """
    for part in reversed(PARTS):
        part.remove()
    ActionReview.objects.all().delete()
    Decision.objects.all().delete()
    Conference.objects.all().delete()
    ActionPlan.objects.all().delete()
    # The case history refuses deletion through its own manager; it goes with its demo case.
    CaseEvent._base_manager.all().delete()
    TriageDecision.objects.all().delete()
    Case.objects.all().delete()
    Signal.objects.all().delete()
    Business.objects.all().delete()
    Person.objects.all().delete()
    Address.objects.all().delete()
    while Area.objects.exists():
        Area.objects.filter(area__isnull=True).delete()  # leaves first: parents are protected
    demo_organisations = Organisation.objects.filter(
        name__in=[name for _kind, name in content.ORGANISATIONS]
    )
    User.objects.filter(organisation__in=demo_organisations).delete()
    demo_organisations.delete()
    DemoInstallation.objects.all().delete()


def _insert(objects: list) -> None:
    """Insert in one statement where the database returns the new primary keys."""
    if not objects:
        return
    if connection.features.can_return_rows_from_bulk_insert:
        type(objects[0]).objects.bulk_create(objects)
    else:
        for obj in objects:
            obj.save(force_insert=True)


@dataclass
class _Subjects:
    persons: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    areas: list = field(default_factory=list)


@dataclass
class _CaseDraft:
    """One case as planned in memory before it is written."""

    case: Case
    theme: content.Theme
    path: list
    times: list
    conferences: dict  # step index -> the held conference that decided that step
    reporter: Organisation
    subjects: _Subjects
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


class _DemoBuilder:
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

    # -- the whole load ------------------------------------------------------------------------

    def build(self) -> dict:
        self._read_configuration()
        self._organisations()
        self._users()
        self._areas_and_addresses()
        self._persons()
        self._businesses()
        self._conference_schedule()
        drafts = self._cases()
        signals = self._signals(drafts)
        self._conference_agendas(drafts)
        self._write(drafts, signals)
        return self.counts

    def _read_configuration(self) -> None:
        self.levels = {level.number: level for level in EscalationLevel.objects.all()}
        self.criteria = list(IntakeCriterion.objects.filter(is_active=True))
        self.categories = {c.name: c for c in SignalCategory.objects.all()}
        self.types = list(InterventionType.objects.filter(is_active=True))
        self.grants: dict[str, set[str]] = {}
        for kind, category in CategoryGrant.objects.values_list("organisation_kind", "category"):
            self.grants.setdefault(kind, set()).add(category)
        missing = [n for n in (1, 2, 3, 4) if n not in self.levels]
        missing += [t.category for t in content.THEMES if t.category not in self.categories]
        if missing or not self.criteria or not self.types or not self.grants:
            raise DemoDataError(
                "The configuration data (escalation ladder, intake criteria, signal categories, "
                "intervention catalogue, category grants) is missing; run `manage.py migrate`."
            )

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
        prefix, surname = _split_surname(self.fake.last_name())
        return first, prefix, surname

    # -- partners and users ----------------------------------------------------------------------

    def _organisations(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        for kind, name in content.ORGANISATIONS:
            self.orgs[kind], _created = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
        self.vh = self.orgs[K.SAFETY_HOUSE]

    def _users(self) -> None:
        # One hash for all: hashing the same password 27 times would cost seconds. The password
        # is public, so its salt may come from the seed: the same seed gives the same data.
        salt = hashlib.sha256(f"schakel-demo-{self.seed}".encode()).hexdigest()[:22]
        password = make_password(settings.SCHAKEL_DEMO_PASSWORD, salt=salt)
        taken = set(User.objects.values_list("username", flat=True))
        users = []
        for username, first, last, role, kind, job_title in content.DEMO_USERS:
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@lindewaard.example",
                    role=role,
                    organisation=self.orgs[kind],
                    job_title=job_title,
                    password=password,
                    is_staff=role == Role.ADMINISTRATOR,
                    date_joined=self.start,
                )
            )
            taken.add(username)
        for role, kind, job_title in content.MORE_STAFF:
            first, prefix, surname = self._full_name()
            first = first.split()[0]
            last = f"{prefix} {surname}".strip()
            username = _username(first, last, taken)
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@lindewaard.example",
                    role=role,
                    organisation=self.orgs[kind],
                    job_title=job_title,
                    password=password,
                    date_joined=self.start,
                )
            )
        _insert(users)
        self.users = {u.username: u for u in users}
        self.regisseur = self.users["regisseur"]
        self.coordinator = self.users["coordinator"]
        self.directors = [u for u in users if u.role == Role.PROCESS_DIRECTOR]
        self.other_directors = [u for u in self.directors if u != self.regisseur]
        # Case workers per organisation kind; the demo log-in first, chosen most often.
        self.workers: dict[str, list[User]] = {}
        for user in users:
            if user.role in (Role.PROFESSIONAL, Role.PROCESS_DIRECTOR):
                self.workers.setdefault(user.organisation.kind, []).append(user)
        self._admin_group(self.users["beheerder"])

    def _admin_group(self, beheerder: User) -> None:
        group, _created = Group.objects.get_or_create(name=content.ADMIN_GROUP)
        permissions = []
        for app_label, model in content.ADMIN_GROUP_MODELS:
            permissions += Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[
                    f"{action}_{model}" for action in ("add", "change", "view", "delete")
                ],
            )
        permissions += Permission.objects.filter(
            content_type__app_label="auth", codename="view_group"
        )
        group.permissions.add(*permissions)
        beheerder.groups.add(group)

    def _worker(self, kind: str) -> User:
        if kind == K.SAFETY_HOUSE:
            return self.regisseur if self.rng.random() < 0.6 else self.rng.choice(self.directors)
        candidates = self.workers[kind]
        if candidates[0].username in _DEMO_NAMES and self.rng.random() < 0.6:
            return candidates[0]
        return self.rng.choice(candidates)

    # -- places, persons, businesses -------------------------------------------------------------

    def _areas_and_addresses(self) -> None:
        self.municipality = Area(
            name=content.CITY, kind=Area.Kind.MUNICIPALITY, cbs_code=content.MUNICIPALITY_CODE
        )
        self.districts, self.neighbourhoods, self.streets = [], [], []
        for d_index, (district_name, neighbourhoods) in enumerate(content.DISTRICTS, 1):
            district = Area(
                name=district_name,
                kind=Area.Kind.DISTRICT,
                cbs_code=f"WK0999{d_index:02d}",
                parent=self.municipality,
            )
            self.districts.append(district)
            for n_index, (name, digits, streets) in enumerate(neighbourhoods, 1):
                neighbourhood = Area(
                    name=name,
                    kind=Area.Kind.NEIGHBOURHOOD,
                    cbs_code=f"BU0999{d_index:02d}{n_index:02d}",
                    parent=district,
                )
                self.neighbourhoods.append(neighbourhood)
                letters = self._postcode_letters(len(streets) * 2)
                for s_index, street in enumerate(streets):
                    self.streets.append(
                        (street, digits, letters[2 * s_index : 2 * s_index + 2], neighbourhood)
                    )
        self.addresses: list[Address] = []
        seen = set()
        while len(self.addresses) < N_ADDRESSES:
            street, digits, letters, neighbourhood = self.rng.choice(self.streets)
            postcode = digits + self.rng.choice(letters)
            number = self.rng.randint(1, 140)
            addition = self.rng.choice(("", "", "", "", "", "A", "B"))
            if (postcode, number, addition) in seen:
                continue
            seen.add((postcode, number, addition))
            self.addresses.append(
                Address(
                    postcode=postcode,
                    house_number=number,
                    house_number_addition=addition,
                    street=street,
                    city=content.CITY,
                    area=neighbourhood,
                )
            )

    def _postcode_letters(self, count: int) -> list[str]:
        alphabet = "ABCEGHJKLMNPRTVWXZ"
        letters: list[str] = []
        while len(letters) < count:
            pair = self.rng.choice(alphabet) + self.rng.choice(alphabet)
            if pair not in letters and pair not in content.UNUSED_POSTCODE_LETTERS:
                letters.append(pair)
        return letters

    def _bsn(self) -> str:
        while True:
            candidate = str(self.rng.randint(100_000_000, 999_999_999))
            if is_valid_bsn(candidate) and candidate not in self.used_bsns:
                self.used_bsns.add(candidate)
                return candidate

    def _person(self, age: int, address, surname=None) -> Person:
        given, prefix, family = self._full_name()
        if surname is not None:
            prefix, family = surname
        born = self.today - timedelta(days=int(age * 365.25) + self.rng.randint(0, 364))
        person = Person(
            given_names=given,
            surname_prefix=prefix,
            surname=family,
            date_of_birth=born,
            address=address,
            bsn=self._bsn() if self.rng.random() < BSN_SHARE else "",
        )
        person.age = age  # used for choosing case subjects only
        self.persons.append(person)
        return person

    def _persons(self) -> None:
        self.persons: list[Person] = []
        self.households: list[tuple[Address, list[Person]]] = []
        industrial = self.neighbourhoods[-1]
        candidates = [a for a in self.addresses if a.area is not industrial]
        self.rng.shuffle(candidates)
        self.premises = [a for a in self.addresses if a.area is industrial] + candidates[N_HOMES:]
        homes = candidates[:N_HOMES]
        placed = N_PERSONS - N_WITHOUT_ADDRESS
        for address in homes:
            if len(self.persons) >= placed:
                break
            size = min(self._pick([(1, 4), (2, 3), (3, 2), (4, 1)]), placed - len(self.persons))
            members = self._household(address, size)
            self.households.append((address, members))
        while len(self.persons) < N_PERSONS:
            self._person(int(self.rng.triangular(18, 70, 30)), None)

    def _household(self, address, size: int) -> list[Person]:
        head_age = int(self.rng.triangular(36 if size >= 3 else 18, 78, 38))
        head = self._person(head_age, address)
        members = [head]
        if size >= 2 and self.rng.random() < 0.7:
            partner_age = max(18, head_age + self.rng.randint(-6, 6))
            keep = self.rng.random() < 0.5
            members.append(
                self._person(
                    partner_age, address, (head.surname_prefix, head.surname) if keep else None
                )
            )
        while len(members) < size:
            child_age = head_age - self.rng.randint(22, 34)
            if child_age >= 12:
                family = (head.surname_prefix, head.surname)
                members.append(self._person(child_age, address, family))
            else:  # too young to have a child living at home: a housemate
                members.append(self._person(self.rng.randint(18, 30), address))
        return members

    def _businesses(self) -> None:
        self.businesses: list[Business] = []
        kvk_numbers: set[str] = set()
        premises = list(self.premises)
        self.rng.shuffle(premises)
        self.premises = premises[N_BUSINESSES:]
        for template, address in zip(content.BUSINESSES, premises[:N_BUSINESSES], strict=False):
            surname = self.fake.last_name()
            while True:
                kvk = str(self.rng.randint(10_000_000, 99_999_999))
                if kvk not in kvk_numbers:
                    kvk_numbers.add(kvk)
                    break
            self.businesses.append(
                Business(
                    name=template.format(surname=surname[0].upper() + surname[1:]),
                    kvk_number=kvk,
                    address=address,
                )
            )

    # -- conferences -----------------------------------------------------------------------------

    def _conference_schedule(self) -> None:
        """Fortnightly case conferences on Tuesday mornings, and the next few on the agenda."""
        titles = [
            "Casusoverleg Zorg en Veiligheid",
            "HIT-overleg",
            "Casusoverleg Zorg en Veiligheid",
            "Overleg ondermijning en woonoverlast",
        ]
        day = self.today - timedelta(days=1)
        while day.weekday() != 1:
            day -= timedelta(days=1)
        days = []
        while (self.today - day).days < HISTORY_DAYS - 30:
            days.append(day)
            day -= timedelta(days=14)
        self.held: list[Conference] = []
        for index, day in enumerate(reversed(days)):
            chair = self.regisseur if self.rng.random() < 0.6 else self.rng.choice(self.directors)
            self.held.append(
                Conference(
                    title=titles[index % len(titles)],
                    starts_at=self._at(day, 9, 30),
                    location=content.CONFERENCE_LOCATION,
                    host_organisation=self.vh,
                    chair=chair,
                    status=Conference.Status.HELD,
                )
            )
        self.held_starts = [c.starts_at for c in self.held]
        self.planned: list[Conference] = []
        day = self.today + timedelta(days=1)
        while len(self.planned) < N_CONFERENCES_PLANNED:
            if day.weekday() in (1, 3):  # Tuesday and Thursday
                self.planned.append(
                    Conference(
                        title=titles[len(self.planned) % len(titles)],
                        starts_at=self._at(day, 9, 30 if day.weekday() == 1 else 14),
                        location=content.CONFERENCE_LOCATION,
                        host_organisation=self.vh,
                        chair=self.regisseur,
                        status=Conference.Status.PLANNED,
                    )
                )
            day += timedelta(days=1)
        self.agenda: dict[int, list] = {id(c): [] for c in self.held + self.planned}

    def _held_conference_after(self, moment: datetime) -> Conference | None:
        index = bisect_left(self.held_starts, moment)
        return self.held[index] if index < len(self.held) else None

    # -- cases -----------------------------------------------------------------------------------

    def _cases(self) -> list[_CaseDraft]:
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

    def _case(self, status, theme, path, coordinator, via_signal: bool) -> _CaseDraft:
        times, conferences = self._timeline(status, path, via_signal)
        reporter = self.orgs[self.rng.choice(theme.reporters)]
        subjects = self._subjects(theme)
        draft = _CaseDraft(
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

    def _seen(self, person: Person, moment: datetime) -> None:
        key = id(person)
        self.person_uses[key] = self.person_uses.get(key, 0) + 1
        first = self.person_first_seen.get(key)
        if first is None or moment < first:
            self.person_first_seen[key] = moment

    def _pick_persons(self, count: int, ages) -> list[Person]:
        low, high = ages
        fitting = [p for p in self.persons if low <= p.age <= high]
        fresh = [p for p in fitting if self.person_uses.get(id(p), 0) == 0]
        pool = fresh if len(fresh) >= count and self.rng.random() < 0.85 else fitting
        return self.rng.sample(pool, min(count, len(pool)))

    def _subjects(self, theme) -> _Subjects:
        subjects = _Subjects()
        if theme.subject == "person":
            count = self._pick([(1, 6), (2, 3), (3, 1)])
            subjects.persons = self._pick_persons(count, theme.ages)
            main = subjects.persons[0]
            if main.address is not None and self.rng.random() < 0.4:
                subjects.addresses = [main.address]
        elif theme.subject == "household":
            address, members = self.rng.choice([h for h in self.households if len(h[1]) >= 2])
            subjects.persons = members[:3]
            subjects.addresses = [address]
        elif theme.subject == "address":
            address, members = self.rng.choice(self.households)
            subjects.addresses = [address]
            count = min(len(members), self._pick([(0, 3), (1, 5), (2, 2)]))
            subjects.persons = members[:count]
        elif theme.subject == "business":
            business = self.rng.choice(self.businesses)
            subjects.businesses = [business]
            subjects.addresses = [business.address]
            if self.rng.random() < 0.5:
                subjects.persons = self._pick_persons(1, (25, 65))
        else:  # area
            address, _members = self.rng.choice(self.households)
            subjects.addresses = [address]
            subjects.areas = [address.area]
        return subjects

    def _title(self, theme, subjects: _Subjects) -> str:
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

    def _decision(self, *, level, lead, reason, moment, signal=None, case=None, by=None):
        """A triage decision with intake answers that agree with its level."""
        decision = TriageDecision(
            signal=signal,
            case=case,
            level=self.levels[level],
            lead_organisation=lead,
            reason=reason,
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

    def _triage(self, draft: _CaseDraft) -> None:
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

    def _source_signal(self, draft: _CaseDraft) -> None:
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

    def _participants(self, draft: _CaseDraft) -> None:
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

    def _event(self, draft, moment, kind, description, actor, from_status="", to_status=""):
        event = CaseEvent(
            case=draft.case,
            kind=kind,
            description=description,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            created_at=moment,
        )
        self.events.append(event)
        return event

    def _history(self, draft: _CaseDraft) -> None:
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
                )
                continue
            description = (
                f"Status: {content.STATUS_LABELS[previous]} → {content.STATUS_LABELS[status]}"
            )
            if status in (X, R, F):
                case.closing_reason = self.rng.choice(content.CLOSING_REASONS[status])
                description += f" — {case.closing_reason}"
            conference = draft.conferences.get(index)
            if conference is not None:
                self._conference_decision(draft, conference, status, moment)
            self._event(draft, moment, CaseEvent.Kind.STATUS, description, actor, previous, status)
        for previous, decision in zip(draft.decisions, draft.decisions[1:], strict=False):
            verb = "Opgeschaald" if decision.level.number > previous.level.number else "Afgeschaald"
            self._event(
                draft,
                decision.decided_at,
                CaseEvent.Kind.TRIAGE,
                f"{verb} naar {decision.level} — {decision.reason}",
                decision.decided_by,
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
                )

    def _conference_decision(self, draft, conference, status, moment) -> None:
        lead = draft.case.lead_organisation
        if status == P:
            text = f"Plan van aanpak vastgesteld; regie bij {lead}."
            question = "Plan van aanpak vaststellen"
        else:
            text = f"Casus doorverwezen naar {lead}."
            question = "Passende aanpak bepalen"
        self._agenda_item(draft, conference, question, text, moment - timedelta(minutes=1))
        if status == P and self.rng.random() < 0.35:
            # A decision in a closed category, which the chair's Veiligheidshuis may record.
            kinds = [o.kind for o in draft.participants]
            categories = [
                c
                for c in EXTRA_DECISIONS
                if c in self.grants.get(K.SAFETY_HOUSE, ())
                and any(c in self.grants.get(k, ()) for k in kinds)
            ]
            if categories:
                category = self.rng.choice(categories)
                self._record_decision(
                    draft, conference, EXTRA_DECISIONS[category], category, moment
                )

    def _agenda_item(self, draft, conference, question, text, moment) -> None:
        self.agenda[id(conference)].append((draft, question))
        self._record_decision(draft, conference, text, "general", moment)

    def _record_decision(self, draft, conference, text, category, moment) -> None:
        self.decisions.append(
            Decision(
                conference=conference,
                case=draft.case,
                text=text,
                category=category,
                recorded_by=conference.chair,
                recorded_at=moment,
            )
        )
        # As in `conferences.services`: the history names the conference, not the decision.
        self._event(
            draft,
            moment,
            CaseEvent.Kind.DECISION,
            f"Besluit vastgelegd in casusoverleg {conference.title} van "
            f"{timezone.localtime(conference.starts_at):%d-%m-%Y}",
            conference.chair,
        )

    def _notes(self, draft: _CaseDraft) -> None:
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

    def _plan(self, draft: _CaseDraft) -> None:
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
                (planned, intervention, f"Interventie {{name}} gepland voor {owner_organisation}")
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

    def _intervention_types(self, draft: _CaseDraft) -> list:
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

    def _finish_case(self, draft: _CaseDraft) -> None:
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

    # -- signals ---------------------------------------------------------------------------------

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

    # -- conference agendas and attendance -------------------------------------------------------

    def _conference_agendas(self, drafts) -> None:
        # Held conferences also review cases in execution.
        running = [d for d in drafts if d.execution_periods]
        for conference in self.held:
            on_agenda = {id(d) for d, _q in self.agenda[id(conference)]}
            candidates = [
                d
                for d in running
                if id(d) not in on_agenda
                and any(
                    start < conference.starts_at < (until or self.now)
                    for start, until in d.execution_periods
                )
            ]
            wanted = self.rng.randint(1 if not on_agenda else 0, 2)
            for draft in self.rng.sample(candidates, min(wanted, len(candidates))):
                moment = conference.starts_at + timedelta(minutes=self.rng.randint(20, 150))
                self._agenda_item(
                    draft,
                    conference,
                    "Voortgang plan van aanpak",
                    "Voortgang besproken; plan van aanpak loopt door.",
                    moment,
                )
                self._review_open_action(draft, conference, moment)
        # Cases now at the conference stage are on the agenda of the next conferences.
        waiting = sorted((d for d in drafts if d.case.status == C), key=lambda d: d.times[-1])
        for index, draft in enumerate(waiting):
            conference = self.planned[index % len(self.planned)]
            question = "Plan bijstellen" if P in draft.path else "Plan van aanpak opstellen"
            self.agenda[id(conference)].append((draft, question))
        for conference in self.held + self.planned:
            self._attendance(conference)

    def _review_open_action(self, draft, conference, moment) -> None:
        """An overdue intervention discussed in the conference: why it was not done."""
        for intervention in draft.interventions:
            open_then = intervention.created_at < conference.starts_at and (
                intervention.completed_at is None
                or intervention.completed_at > conference.starts_at
            )
            overdue = intervention.deadline < timezone.localdate(conference.starts_at)
            if open_then and overdue and intervention.status != InterventionStatus.CANCELLED:
                reason = self._pick(
                    [
                        (ActionReview.Reason.CIRCUMSTANCES, 2),
                        (ActionReview.Reason.PARTNER, 2),
                        (ActionReview.Reason.OTHER, 1),
                    ]
                )
                self.reviews.append(
                    ActionReview(
                        conference=conference,
                        intervention=intervention,
                        reason=reason,
                        explanation=content.REVIEW_EXPLANATIONS[reason],
                        recorded_by=conference.chair,
                        recorded_at=moment,
                    )
                )
                return

    def _attendance(self, conference) -> None:
        items = self.agenda[id(conference)]
        if not items:
            conference.status = Conference.Status.CANCELLED
            return
        held = conference.status == Conference.Status.HELD
        attendees = {conference.chair: self.vh}
        represented = {self.vh}
        for draft, _question in items:
            attendees.setdefault(draft.case.coordinator, draft.case.coordinator.organisation)
            represented.add(draft.case.coordinator.organisation)
            for organisation in draft.participants:
                if organisation not in represented:
                    represented.add(organisation)
                    attendees.setdefault(self._worker(organisation.kind), organisation)
        for user, organisation in attendees.items():
            present = held and (user == conference.chair or self.rng.random() < 0.92)
            self.attendances.append(
                Attendance(
                    conference=conference,
                    user=user,
                    organisation=organisation,
                    present=present,
                    confidentiality_accepted_at=(
                        conference.starts_at - timedelta(minutes=self.rng.randint(2, 25))
                        if present
                        else None
                    ),
                )
            )
        if held:
            conference.minutes = (
                f"{len(items)} casussen besproken. De aanwezigen hebben de "
                "geheimhoudingsverklaring ondertekend."
            )

    # -- writing ---------------------------------------------------------------------------------

    def _write(self, drafts, signals) -> None:
        """Write everything in dependency order; references once the primary keys are known."""
        _insert([self.municipality])
        _insert(self.districts)
        _insert(self.neighbourhoods)
        _insert(self.addresses)
        for person in self.persons:
            first = self.person_first_seen.get(id(person))
            if first is None:
                first = self.start + timedelta(days=self.rng.uniform(-200, HISTORY_DAYS - 1))
            person.created_at = first - timedelta(days=self.rng.randint(1, 30))
        _insert(self.persons)
        _insert(self.businesses)

        for index, signal in enumerate(signals):
            signal.reference = f"tmp-demo-{index}"
        _insert(signals)
        for signal in signals:
            signal.reference = f"S-{signal.created_at:%Y}-{signal.pk:05d}"
        Signal.objects.bulk_update(signals, ["reference"])
        self._link(Signal, "signal", [(s, s.subjects) for s in signals])

        cases = [d.case for d in drafts]
        last_event: dict[int, datetime] = {}
        for event in self.events:
            key = id(event.case)
            last_event[key] = max(last_event.get(key, event.created_at), event.created_at)
        for index, case in enumerate(cases):
            case.reference = f"tmp-demo-{index}"
            case.updated_at = last_event[id(case)]
        _insert(cases)
        for case in cases:
            case.reference = f"C-{case.created_at:%Y}-{case.pk:05d}"
        Case.objects.bulk_update(cases, ["reference"])
        self._link(Case, "case", [(d.case, d.subjects) for d in drafts])
        for draft in drafts:
            if draft.signal is not None:
                draft.opening_event.description = (
                    f"Casus geopend op signaal {draft.signal.reference}"
                )

        decisions = [d for draft in drafts for d in draft.decisions] + self.loose_decisions
        _insert(decisions)
        _insert([answer for d in decisions for answer in d.answers_to_write])
        _insert(self.participations)
        _insert(self.notes)

        conferences = self.held + self.planned
        _insert(conferences)
        agenda_items = []
        for conference in conferences:
            for order, (draft, question) in enumerate(self.agenda[id(conference)], 1):
                agenda_items.append(
                    AgendaItem(
                        conference=conference, case=draft.case, order=order, question=question
                    )
                )
        _insert(agenda_items)
        _insert(self.attendances)
        _insert(self.decisions)

        _insert(self.plans)
        _insert(self.goals)
        _insert(self.interventions)
        for event, intervention, template in self.named_events:
            event.description = template.format(name=_history_name(intervention))
        _insert(self.reviews)

        self.events.sort(key=lambda event: event.created_at)
        _insert(self.events)
        self.counts = {
            "organisations": len(self.orgs),
            "users": len(self.users),
            "areas": 1 + len(self.districts) + len(self.neighbourhoods),
            "addresses": len(self.addresses),
            "persons": len(self.persons),
            "businesses": len(self.businesses),
            "signals": len(signals),
            "cases": len(cases),
            "case events": len(self.events),
            "notes": len(self.notes),
            "conferences": len(conferences),
            "interventions": len(self.interventions),
        }

    def _link(self, model, name: str, pairs) -> None:
        """Fill the persons/addresses/businesses(/areas) many-to-many tables in bulk."""
        for relation, attribute in (
            ("persons", "person"),
            ("addresses", "address"),
            ("businesses", "business"),
            ("areas", "area"),
        ):
            if not hasattr(model, relation):
                continue
            through = getattr(model, relation).through
            rows = [
                through(**{name: owner, attribute: subject})
                for owner, subjects in pairs
                for subject in getattr(subjects, relation)
            ]
            through.objects.bulk_create(rows)


_DEMO_NAMES = frozenset(row[0] for row in content.DEMO_USERS)


CATEGORY_LABELS = {"justice": "justitie", "care": "zorg", "tax": "fiscaal"}


def _history_name(intervention: Intervention) -> str:
    """As `plans.services` names it in the history every participant reads: the catalogue name
    for general interventions, otherwise only its number and data category."""
    if intervention.category == "general":
        return intervention.type.name
    return f"#{intervention.pk} ({CATEGORY_LABELS[intervention.category]})"


def _split_surname(full: str) -> tuple[str, str]:
    """'van der Berg' -> ('van der', 'Berg')."""
    for prefix in content.SURNAME_PREFIXES:
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


def _username(first: str, last: str, taken: set[str]) -> str:
    """'j.devries' for Jan de Vries; a number is added when it is taken."""
    folded = unicodedata.normalize("NFKD", f"{first[0]}.{last}").encode("ascii", "ignore")
    base = "".join(c for c in folded.decode().lower() if c.isalnum() or c == ".")
    username, number = base, 2
    while username in taken:
        username, number = f"{base}{number}", number + 1
    taken.add(username)
    return username

"""Demo data of the person-oriented approach (fictional, deterministic per seed).

Judicial registrations over several years for about 260 of the demo persons, shaped so that the
HIT rule selects a plausible list: about fifty persons on the HIT list (included over the last
three years by recorded decisions, half of them coordinated by the demo `coordinator`), twenty
who met the criteria but were not included (the comparison group for recidivism), ten recent
convictions waiting for a decision, and the rest with registrations that do not count (acquitted,
other offences, too long ago). On top: life-domain assessments over time, bottlenecks, life-domain
tags on interventions, a program theory and two monthly meeting records.

Written with bulk_create, without audit entries (as the core demo data).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from schakel.cases.workflow import OPEN_STATUSES
from schakel.organisations.models import Organisation, OrganisationKind, Role, User
from schakel.plans.models import Intervention, InterventionDomain
from schakel.registry.models import Person
from schakel.targets.models import (
    Assessment,
    AssessmentInstrument,
    AssessmentScore,
    Bottleneck,
    BottleneckKind,
    BottleneckStatus,
    Direction,
    EvaluationMeeting,
    InterventionLifeDomain,
    JudicialDecision,
    JudicialRegistration,
    LifeDomain,
    ListDecision,
    ListMembership,
    MeetingAction,
    OffenceCategory,
    PersonReference,
    ProgramTheory,
    Proposal,
    RegistrationImport,
    RuleApplication,
    TargetGroupRule,
    TargetList,
    TheoryBox,
)

SOURCE = "OM"
HIT_JOB_TITLE = "HIT-coördinator"
N_MEMBERS, N_ENDED, N_STALE = 52, 6, 7
N_COMPARISON, N_WAITING, N_OTHERS = 20, 10, 170
EXTRA_COORDINATORS = [
    ("s.dewit", "Sanne", "de Wit"),
    ("m.yilmaz", "Mehmet", "Yilmaz"),
]
HIT = ("overval", "straatroof", "woninginbraak")
OTHER = ("winkeldiefstal", "mishandeling", "bedreiging", "vernieling", "drugs")
CONFIG_MODELS = (
    "offencecategory",
    "offencecode",
    "targetgrouprule",
    "targetlist",
    "assessmentinstrument",
    "instrumentdomain",
    "programtheory",
    "theorybox",
)

BOTTLENECKS = {
    BottleneckKind.DAY_ACTIVITIES: (
        OrganisationKind.MUNICIPALITY,
        [
            "Geen passende dagbesteding beschikbaar; wachtlijst van drie maanden.",
            "Werkleertraject gestopt na twee weken; nieuw aanbod nodig.",
        ],
    ),
    BottleneckKind.HOUSING: (
        OrganisationKind.HOUSING,
        [
            "Dakloos na detentie; geen urgentie toegekend.",
            "Woning dreigt te worden ontbonden wegens overlast; afspraak nodig met corporatie.",
        ],
    ),
    BottleneckKind.TAILORED: (
        OrganisationKind.CARE,
        [
            "Agressieregulatietraining niet beschikbaar voor deze doelgroep.",
            "Geen plek in beschermd wonen met verslavingszorg.",
        ],
    ),
    BottleneckKind.PROCESS: (
        OrganisationKind.SAFETY_HOUSE,
        ["Onduidelijk wie regie heeft na afschaling naar het wijkteam."],
    ),
    BottleneckKind.DATA_SHARING: (
        OrganisationKind.POLICE,
        ["Informatie over nieuwe aanhouding bereikt de coördinator pas na weken."],
    ),
    BottleneckKind.OTHER: (
        OrganisationKind.MUNICIPALITY,
        ["Geen geldig identiteitsbewijs; aanvraag loopt vast op kosten."],
    ),
}
BOTTLENECK_WEIGHTS = [
    (BottleneckKind.DAY_ACTIVITIES, 25),
    (BottleneckKind.HOUSING, 25),
    (BottleneckKind.TAILORED, 20),
    (BottleneckKind.PROCESS, 12),
    (BottleneckKind.DATA_SHARING, 10),
    (BottleneckKind.OTHER, 8),
]
LIFE_DOMAINS_BY_INTERVENTION = {
    InterventionDomain.CARE: [
        LifeDomain.MENTAL_HEALTH,
        LifeDomain.ADDICTION,
        LifeDomain.FINANCES,
        LifeDomain.DAYTIME,
        LifeDomain.RELATIONS,
    ],
    InterventionDomain.CRIMINAL: [LifeDomain.JUSTICE],
    InterventionDomain.ADMINISTRATIVE: [LifeDomain.HOUSING, LifeDomain.PARTICIPATION],
    InterventionDomain.CIVIL: [LifeDomain.HOUSING],
    InterventionDomain.FISCAL: [LifeDomain.FINANCES],
}


class _Builder:
    def __init__(self, seed: int, today: datetime.date):
        self.rng = random.Random(seed * 7 + 4)
        self.today = today
        self.registrations: list[JudicialRegistration] = []
        self.references: list[PersonReference] = []
        self.counter = 0

    # -- helpers ---------------------------------------------------------------------------

    def days_ago(self, n: int) -> datetime.date:
        return self.today - datetime.timedelta(days=n)

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    def registration(self, person, category, decision, decided, offence=None):
        self.counter += 1
        offence = offence or decided - datetime.timedelta(days=self.rng.randint(30, 300))
        if person.date_of_birth and offence < person.date_of_birth + datetime.timedelta(
            days=16 * 365
        ):
            offence = min(decided, person.date_of_birth + datetime.timedelta(days=16 * 365 + 30))
        self.registrations.append(
            JudicialRegistration(
                registration_id=f"DEMO-OM-{self.counter:06d}",
                person=person,
                offence_date=offence,
                offence_category=self.categories[category],
                decision=decision,
                decision_date=None if decision == JudicialDecision.PENDING else decided,
                source=SOURCE,
                import_batch=self.batch,
            )
        )

    def history(self, person, before: datetime.date, count: int):
        """Older registrations that do not count for HIT (other offences, acquittals, sepots)."""
        for _i in range(count):
            decided = before - datetime.timedelta(days=self.rng.randint(60, 2200))
            if self.rng.random() < 0.6:
                self.registration(
                    person,
                    self.rng.choice(OTHER),
                    self.rng.choice(["veroordeling", "strafbeschikking", "sepot"]),
                    decided,
                )
            else:
                self.registration(
                    person, self.rng.choice(HIT), self.rng.choice(["vrijspraak", "sepot"]), decided
                )

    def new_offence(self, person, index: datetime.date, rate: float):
        """With probability `rate`, a new registration after the index date (recidivism)."""
        if self.rng.random() >= rate:
            return
        offence = index + datetime.timedelta(days=int(self.rng.triangular(5, 720, 90)))
        if offence >= self.today:
            return
        decided = offence + datetime.timedelta(days=self.rng.randint(40, 200))
        decision = self.rng.choice(["veroordeling", "veroordeling", "strafbeschikking", "sepot"])
        if decided >= self.today:
            decision = JudicialDecision.PENDING
        category = self.rng.choice(HIT + OTHER)
        self.registration(person, category, decision, min(decided, self.today), offence)

    # -- build -----------------------------------------------------------------------------

    def build(self) -> dict:
        self.categories = {c.code: c for c in OffenceCategory.objects.all()}
        self.rule = TargetGroupRule.objects.get(code="hit")
        orgs = {o.kind: o for o in Organisation.objects.order_by("pk")}
        self.orgs = orgs
        self.vh = orgs[OrganisationKind.SAFETY_HOUSE]
        self.regisseur = User.objects.get(username="regisseur")
        self.coordinator = User.objects.get(username="coordinator")
        self.coordinators = [self.coordinator] + self._extra_coordinators()
        self.batch = RegistrationImport.objects.create(
            source=SOURCE, file_name="demo-extract-om.csv", imported_by=None
        )
        self.hit_list = TargetList.objects.create(
            name="HIT Lindewaard",
            rule=self.rule,
            host_organisation=self.vh,
            description="High Impact Targets: plegers van overvallen, straatroven en "
            "woninginbraken, elk met één verantwoordelijke HIT-coördinator.",
        )
        self.hit_list.team.set(self.coordinators)
        TargetList.objects.create(
            name="Top-X Lindewaard",
            rule=TargetGroupRule.objects.get(code="top-x"),
            host_organisation=self.vh,
            description="Veelplegers met tien of meer veroordelingen in vijf jaar.",
        )
        self._people()
        self._members()
        self._comparison_and_waiting()
        self._others()
        JudicialRegistration.objects.bulk_create(self.registrations, batch_size=500)
        PersonReference.objects.bulk_create(self.references, batch_size=500)
        self.batch.rows = self.batch.created = len(self.registrations)
        self.batch.save()
        self._assessments()
        self._bottlenecks()
        self._life_domain_tags()
        self._evaluation()
        self._admin_permissions()
        return {
            "judicial registrations": len(self.registrations),
            "persons on target lists": ListMembership.objects.count(),
            "life-domain assessments": Assessment.objects.count(),
            "bottlenecks": Bottleneck.objects.count(),
        }

    def _extra_coordinators(self) -> list[User]:
        municipality = self.coordinator.organisation
        users = []
        taken = set(User.objects.values_list("username", flat=True))
        for base, first, last in EXTRA_COORDINATORS:
            username, n = base, 1
            while username in taken:  # the core demo names its colleagues the same way
                n += 1
                username = f"{base}{n}"
            taken.add(username)
            users.append(
                User.objects.create(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@lindewaard.example",
                    role=Role.COORDINATOR,
                    organisation=municipality,
                    job_title=HIT_JOB_TITLE,
                    password=self.coordinator.password,
                    date_joined=self.coordinator.date_joined,
                )
            )
        return users

    def _people(self) -> None:
        adults = [
            p
            for p in Person.objects.order_by("pk")
            if p.date_of_birth
            and p.date_of_birth <= self.days_ago(19 * 365)
            and p.date_of_birth >= self.days_ago(66 * 365)
        ]
        # persons in the demo coordinator's open cases first: their plans can be followed
        in_cases = list(
            Person.objects.filter(
                cases__coordinator=self.coordinator, cases__status__in=OPEN_STATUSES
            )
            .distinct()
            .order_by("pk")
        )
        adult_ids = {p.pk for p in adults}
        self.case_persons = [p for p in in_cases if p.pk in adult_ids][:8]
        chosen = {p.pk for p in self.case_persons}
        rest = [p for p in adults if p.pk not in chosen]
        self.rng.shuffle(rest)
        self.pool = self.case_persons + rest
        for index, person in enumerate(self.pool):
            self.references.append(
                PersonReference(source=SOURCE, ref=f"OM-P{100000 + index}", person=person)
            )

    def _take(self, count: int) -> list[Person]:
        taken, self.pool = self.pool[:count], self.pool[count:]
        return taken

    def _members(self) -> None:
        persons = self._take(N_MEMBERS)
        self.members: list[tuple[Person, ListMembership]] = []
        decisions, memberships = [], []
        for index, person in enumerate(persons):
            stale = index >= N_MEMBERS - N_STALE
            included = self.days_ago(
                self.rng.randint(900, 1000) if stale else self.rng.randint(20, 800)
            )
            decided = included - datetime.timedelta(
                days=self.rng.randint(15, 200 if not stale else 300)
            )
            if stale:
                decided = min(decided, self.days_ago(1100))
            self.registration(person, self.rng.choice(HIT), "veroordeling", decided)
            self.history(person, decided, self.rng.randint(0, 3))
            if not stale:
                self.new_offence(person, included, 0.35)
            coordinator = (
                self.coordinator
                if index < len(self.case_persons) or self.rng.random() < 0.45
                else self.rng.choice(self.coordinators[1:])
            )
            decision = ListDecision(
                target_list=self.hit_list,
                person=person,
                direction=Direction.IN,
                effective_on=included,
                decided_by=self.rng.choice([self.regisseur, self.coordinator]),
                decided_at=self.at(included),
                best_cards=self.orgs[
                    self.rng.choice(
                        [
                            OrganisationKind.POLICE,
                            OrganisationKind.PROBATION,
                            OrganisationKind.DISTRICT_TEAM,
                            OrganisationKind.MUNICIPALITY,
                            OrganisationKind.CARE,
                        ]
                    )
                ],
                coordinator=coordinator,
                reason="Voldoet aan de HIT-criteria; besproken in het HIT-overleg.",
            )
            decisions.append(decision)
            memberships.append(
                ListMembership(
                    target_list=self.hit_list,
                    person=person,
                    coordinator=coordinator,
                    included_on=included,
                )
            )
        ListDecision.objects.bulk_create(decisions)
        for decision, membership in zip(decisions, memberships, strict=True):
            membership.inclusion = decision
        # a few have left the list again, by a recorded decision
        ended = [
            m
            for m in memberships[len(self.case_persons) : N_MEMBERS - N_STALE]
            if (self.today - m.included_on).days > 250
        ][:N_ENDED]
        exits = []
        for membership in ended:
            end = membership.included_on + datetime.timedelta(
                days=self.rng.randint(180, (self.today - membership.included_on).days - 10)
            )
            membership.ended_on = end
            exits.append(
                ListDecision(
                    target_list=self.hit_list,
                    person=membership.person,
                    direction=Direction.OUT,
                    effective_on=end,
                    decided_by=self.regisseur,
                    decided_at=self.at(end),
                    reason="Doelen bereikt; nazorg door het wijkteam.",
                )
            )
        ListDecision.objects.bulk_create(exits)
        for membership, decision in zip(ended, exits, strict=True):
            membership.exit = decision
        ListMembership.objects.bulk_create(memberships)
        self.members = [(m.person, m) for m in memberships]

    def _comparison_and_waiting(self) -> None:
        applications = []
        for days in (365, 180):
            application = RuleApplication(
                target_list=self.hit_list, as_of=self.days_ago(days), applied_by=self.regisseur
            )
            applications.append(application)
        RuleApplication.objects.bulk_create(applications)
        RuleApplication.objects.filter(pk=applications[0].pk).update(
            applied_at=self.at(self.days_ago(365))
        )
        RuleApplication.objects.filter(pk=applications[1].pk).update(
            applied_at=self.at(self.days_ago(180))
        )
        proposals, not_in = [], []
        for index, person in enumerate(self._take(N_COMPARISON)):
            application = applications[index % 2]
            decided = application.as_of - datetime.timedelta(days=self.rng.randint(20, 300))
            self.registration(person, self.rng.choice(HIT), "veroordeling", decided)
            self.history(person, decided, self.rng.randint(1, 4))
            self.new_offence(person, application.as_of, 0.5)
            proposal = Proposal(
                application=application,
                person=person,
                direction=Direction.IN,
                reason=f"1 tellende veroordeling; laatste besloten op {decided.isoformat()}",
            )
            proposals.append(proposal)
            if index % 3 != 2:
                not_in.append((person, application, proposal))
        Proposal.objects.bulk_create(proposals)
        ListDecision.objects.bulk_create(
            ListDecision(
                target_list=self.hit_list,
                person=person,
                direction=Direction.NOT_IN,
                effective_on=application.as_of + datetime.timedelta(days=7),
                decided_by=self.regisseur,
                decided_at=self.at(application.as_of + datetime.timedelta(days=7)),
                reason="Loopt al in een ander traject (reclasseringstoezicht); niet opnemen.",
                proposal=proposal,
            )
            for person, application, proposal in not_in
        )
        for person in self._take(N_WAITING):
            decided = self.days_ago(self.rng.randint(3, 60))
            self.registration(person, self.rng.choice(HIT), "veroordeling", decided)
            self.history(person, decided, self.rng.randint(0, 2))

    def _others(self) -> None:
        for person in self._take(N_OTHERS):
            kind = self.rng.random()
            if kind < 0.25:  # a HIT conviction, but more than three years ago
                self.registration(
                    person,
                    self.rng.choice(HIT),
                    "veroordeling",
                    self.days_ago(self.rng.randint(1200, 2400)),
                )
            self.history(person, self.today, self.rng.randint(1, 4))

    def _assessments(self) -> None:
        instruments = {i.code: i for i in AssessmentInstrument.objects.prefetch_related("domains")}
        zrm, old, pga = instruments["zrm-2017"], instruments["zrm-2013"], instruments["pga-monitor"]
        assessors = self.coordinators
        assessments, score_rows = [], []
        for index, (person, membership) in enumerate(self.members):
            if membership.ended_on is not None or index % 6 == 5:
                continue  # not everybody has been assessed
            start = membership.included_on + datetime.timedelta(days=self.rng.randint(7, 30))
            if start >= self.today:
                continue
            if (self.today - membership.included_on).days > 600 and self.rng.random() < 0.6:
                assessments.append((person, old, start, self._scores(old, None)))
                start += datetime.timedelta(days=90)
            instrument = pga if index % 9 == 0 else zrm
            previous = None
            day = start
            while day < self.today:
                scores = self._scores(instrument, previous)
                assessments.append((person, instrument, day, scores))
                previous = scores
                day += datetime.timedelta(days=self.rng.randint(60, 130))
        objects = [
            Assessment(
                person=person,
                instrument=instrument,
                assessed_on=day,
                assessed_by=self.rng.choice(assessors),
                created_at=self.at(day),
            )
            for person, instrument, day, _scores in assessments
        ]
        Assessment.objects.bulk_create(objects)
        for assessment, (_p, _i, _d, scores) in zip(objects, assessments, strict=True):
            for domain, score in scores.items():
                score_rows.append(
                    AssessmentScore(assessment=assessment, domain=domain, score=score)
                )
        AssessmentScore.objects.bulk_create(score_rows, batch_size=1000)

    def _scores(self, instrument, previous: dict | None) -> dict:
        scores = {}
        for domain in instrument.domains.all():
            if previous is None or domain not in previous:
                base = {"justitie": 1, "huisvesting": 2, "dagbesteding": 2, "werk": 2}.get(
                    domain.life_domain, 3
                )
                scores[domain] = max(1, min(5, base + self.rng.choice([-1, 0, 0, 1])))
            else:
                step = self.rng.choices([-1, 0, 1], weights=[1, 5, 3])[0]
                scores[domain] = max(1, min(5, previous[domain] + step))
        return scores

    def _bottlenecks(self) -> None:
        kinds, weights = zip(*BOTTLENECK_WEIGHTS, strict=True)
        rows = []
        active = [(p, m) for p, m in self.members if m.ended_on is None]
        for person, membership in active:
            for _i in range(self.rng.choice([0, 1, 1, 1, 2])):
                kind = self.rng.choices(kinds, weights=weights)[0]
                partner_kind, texts = BOTTLENECKS[kind]
                raised = membership.included_on + datetime.timedelta(
                    days=self.rng.randint(0, max(1, (self.today - membership.included_on).days))
                )
                status = self.rng.choices(list(BottleneckStatus.values), weights=[45, 15, 30, 10])[
                    0
                ]
                finished = status in (BottleneckStatus.SOLVED, BottleneckStatus.NOT_SOLVABLE)
                resolved = None
                if finished:
                    resolved = min(
                        self.today, raised + datetime.timedelta(days=self.rng.randint(7, 120))
                    )
                rows.append(
                    Bottleneck(
                        person=person,
                        target_list=self.hit_list,
                        kind=kind,
                        description=self.rng.choice(texts),
                        asked_organisation=self.orgs.get(partner_kind, self.vh),
                        status=status,
                        raised_by=membership.coordinator,
                        raised_on=raised,
                        resolved_on=resolved,
                        resolution="Afgestemd in het HIT-overleg."
                        if status == BottleneckStatus.SOLVED
                        else ("Geen aanbod in de regio." if finished else ""),
                    )
                )
        Bottleneck.objects.bulk_create(rows)

    def _life_domain_tags(self) -> None:
        persons = [p for p, _m in self.members]
        interventions = (
            Intervention.objects.filter(plan__case__persons__in=persons)
            .select_related("type")
            .distinct()
            .order_by("pk")
        )
        tags = []
        for intervention in interventions:
            if self.rng.random() < 0.7:
                options = LIFE_DOMAINS_BY_INTERVENTION.get(
                    intervention.type.domain, [LifeDomain.JUSTICE]
                )
                tags.append(
                    InterventionLifeDomain(
                        intervention=intervention,
                        life_domain=self.rng.choice(options),
                        tagged_by=self.coordinator,
                    )
                )
        InterventionLifeDomain.objects.bulk_create(tags)

    def _evaluation(self) -> None:
        theory = ProgramTheory.objects.create(
            target_list=self.hit_list,
            title="Programmatheorie HIT-aanpak Lindewaard",
            description="Hoe leidt de HIT-aanpak tot minder recidive, en onder welke voorwaarden?",
        )
        boxes = [
            ("intervention", "Eén HIT-coördinator per persoon, verantwoordelijk over zorg en straf heen",
             ["persons_per_coordinator", "list_size"]),
            ("intervention", "Plan van aanpak met zorg-, justitie- en bestuurlijke interventies",
             ["intervention_completion", "interventions_overdue"]),
            ("intervention", "Tijdige in- en uitstroom op basis van de HIT-regel", ["inflow", "outflow"]),
            ("intermediate", "Stabiele huisvesting, dagbesteding en zelfredzaamheid",
             ["life_domains_improved", "assessments_current"]),
            ("intermediate", "Knelpunten worden snel door de juiste partner opgelost",
             ["bottlenecks_open", "bottlenecks_new", "bottlenecks_median_days"]),
            ("outcome", "Minder recidive op high impact crimes", ["recidivism_6m", "recidivism_12m"]),
            ("condition", "Partners delen tijdig gegevens op basis van het convenant", ["bottlenecks_open"]),
            ("condition", "Aanbod van dagbesteding, huisvesting en maatwerk is beschikbaar", []),
            ("condition", "De maandelijkse evaluatie leidt tot acties die worden opgevolgd",
             ["meeting_actions_done"]),
        ]  # fmt: skip
        TheoryBox.objects.bulk_create(
            TheoryBox(theory=theory, kind=kind, text=text, indicators=codes, order=order)
            for order, (kind, text, codes) in enumerate(boxes, start=1)
        )
        first = EvaluationMeeting.objects.create(
            target_list=self.hit_list,
            held_on=self.days_ago(56),
            theme="Programmatheorie: hoe leidt de aanpak tot minder recidive?",
            insights="De coördinatoren zien dat huisvesting en dagbesteding de randvoorwaarden zijn "
            "voor al het andere. Zonder vaste woonplek lopen zorgtrajecten vast. De rol van de "
            "HIT-coördinator als eindverantwoordelijke wordt door partners herkend.",
            recorded_by=self.coordinator,
        )
        second = EvaluationMeeting.objects.create(
            target_list=self.hit_list,
            held_on=self.days_ago(24),
            theme="Knelpunten dagbesteding en huisvesting",
            insights="De wachtlijst voor dagbesteding is het grootste knelpunt. De corporatie is "
            "bereid tot een pilot met voorrang voor HIT's die uit detentie komen.",
            recorded_by=self.coordinator,
        )
        corporatie = self.orgs.get(OrganisationKind.HOUSING)
        gemeente = self.orgs.get(OrganisationKind.MUNICIPALITY)
        politie = self.orgs.get(OrganisationKind.POLICE)
        MeetingAction.objects.bulk_create(
            [
                MeetingAction(meeting=first, description="Afspraken maken met de corporatie over "
                              "voorrang bij uitstroom uit detentie", owner_organisation=corporatie,
                              check_result=MeetingAction.Check.DONE, checked_in=second,
                              check_note="Pilot afgesproken voor vijf woningen."),
                MeetingAction(meeting=first, description="Wachtlijst dagbesteding in kaart brengen",
                              owner_organisation=gemeente, check_result=MeetingAction.Check.PARTLY,
                              checked_in=second, check_note="Overzicht is er, aanbod nog niet."),
                MeetingAction(meeting=first, description="Meldingen van nieuwe aanhoudingen binnen "
                              "twee dagen delen met de coördinator", owner_organisation=politie),
                MeetingAction(meeting=second, description="Werkleerplekken werven bij lokale "
                              "ondernemers", owner_organisation=gemeente),
                MeetingAction(meeting=second, description="Casusoverleg over drie HIT's zonder "
                              "woonplek", owner_organisation=self.vh),
            ]
        )  # fmt: skip

    def _admin_permissions(self) -> None:
        group = Group.objects.filter(name="Functioneel beheer").first()
        if group is None:
            return
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="targets",
                codename__in=[
                    f"{action}_{model}"
                    for model in CONFIG_MODELS
                    for action in ("add", "change", "view", "delete")
                ]
                + ["view_registrationimport"],
            )
        )


def load(seed: int, today: datetime.date) -> dict:
    return _Builder(seed, today).build()


def remove() -> None:
    """Remove everything the demo wrote (the configuration of rules and instruments stays)."""
    MeetingAction.objects.all().delete()
    EvaluationMeeting.objects.all().delete()
    ProgramTheory.objects.all().delete()
    InterventionLifeDomain.objects.all().delete()
    Bottleneck.objects.all().delete()
    AssessmentScore.objects.all().delete()
    Assessment.objects.all().delete()
    ListMembership.objects.all().delete()
    ListDecision.objects.all().delete()
    Proposal.objects.all().delete()
    RuleApplication.objects.all().delete()
    TargetList.objects.all().delete()
    JudicialRegistration.objects.all().delete()
    PersonReference.objects.all().delete()
    RegistrationImport.objects.all().delete()
    # The extra HIT-coördinatoren belong to the demo municipality: the core demo removes them.

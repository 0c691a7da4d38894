"""Demo data of the work partners hand each other (issue 11): hand-overs and advice questions.

Every partner log-in finds something real in "Mijn werk": the wijkteam a signal to accept and one
whose result is overdue, the woningcorporatie and the police a signal to accept (and the
woningcorporatie an overdue result), the probation service an overdue result; the Veiligheidshuis an advice question to answer (one past its term),
a declined hand-over, one that fell back unaccepted and a reported result. The signals the core
demo referred long ago get the hand-over that referred them (done, with a result): "doorverwezen"
is only ever set by a hand-over.

Like the core demo, the rows are written directly with dates relative to the reference date (the
services would date them by the wall clock); they are kept as the services leave them, and the
notifications the services would send are made through `notifications.services.notify`, in the
app only (no demo mail).
"""

import datetime
import random
from dataclasses import dataclass

from django.urls import reverse

from schakel.access.policy import CASE_WORKING_ROLES
from schakel.advice.models import AdviceQuestion
from schakel.advice.services import answer_due
from schakel.intake.models import Handover, Signal, SignalCategory
from schakel.intake.workflow import HandoverState, SignalStatus
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify, safety_house_directors, users_of
from schakel.organisations.models import Organisation, User
from schakel.organisations.models import OrganisationKind as K
from schakel.registry.models import Person, ReportedSubject
from schakel.triage.models import EscalationLevel, TriageDecision

from .clock import start_of, written_at

S = HandoverState


@dataclass(frozen=True)
class HandoverStory:
    reporter: str  # demo username
    lead: str  # organisation kind
    level: int
    category: str
    data_category: str
    description: str
    reason: str
    state: str
    offered_days_ago: int
    answer: str = ""  # the decline reason or the result
    review_days: int = 0  # review date relative to the reference date (accepted ones)


HANDOVERS = [
    HandoverStory(
        "politie", K.DISTRICT_TEAM, 2, "Zorgmijding / verward gedrag", "care",
        "Buren melden dat een oudere bewoner verward op straat loopt en de deur niet meer "
        "opent. De wijkagent maakt zich zorgen over zelfverwaarlozing.",
        "Zorg staat voorop; het wijkteam kan met één plan verder.",
        S.OFFERED, 1,
    ),
    HandoverStory(
        "politie", K.DISTRICT_TEAM, 2, "Huiselijk geweld", "care",
        "Derde melding van ruzie in hetzelfde gezin; geen aangifte, wel kinderen in huis.",
        "Meerdere hulpverleners, maar het lokale team kan met één plan verder.",
        S.ACCEPTED, 16, review_days=-2,
    ),
    HandoverStory(
        "wijkteam", K.HOUSING, 1, "Woonoverlast", "general",
        "Aanhoudende geluidsoverlast en afval in het trappenhuis van een portiekflat.",
        "De verhuurder kan dit in het reguliere werk oppakken.",
        S.OFFERED, 2,
    ),
    HandoverStory(
        "wijkteam", K.POLICE, 1, "Overlast", "general",
        "Jongeren hangen 's avonds bij de speeltuin; bewoners voelen zich onveilig.",
        "De wijkagent kan dit met de jongerenwerkers oppakken.",
        S.OFFERED, 1,
    ),
    HandoverStory(
        "wijkteam", K.PROBATION, 1, "Nazorg ex-gedetineerde", "general",
        "Een pas vrijgekomen bewoner heeft geen woonruimte en geen inkomen.",
        "De reclassering begeleidt betrokkene al; zij kan de nazorg regelen.",
        S.ACCEPTED, 21, review_days=-3,
    ),
    HandoverStory(
        "politie", K.HOUSING, 1, "Woonoverlast", "general",
        "Verwaarloosde tuin en ongedierte bij een huurwoning; buren klagen.",
        "De verhuurder kan dit in het reguliere werk oppakken.",
        S.DONE, 12,
        answer="Huisbezoek afgelegd; afspraken over opruimen gemaakt en nagekomen. "
        "Geen verdere overlast gemeld.",
    ),
    HandoverStory(
        "politie", K.DISTRICT_TEAM, 2, "Jeugdcriminaliteit", "general",
        "Een jongere van 15 is drie keer aangehouden voor winkeldiefstal.",
        "Eén plan met school en gezin, het wijkteam heeft de regie.",
        S.DECLINED, 6,
        answer="Het gezin woont buiten ons werkgebied; graag naar wijkteam Lindewaard-Noord.",
    ),
    HandoverStory(
        "corporatie", K.MUNICIPALITY, 1, "Woonoverlast", "general",
        "Een bedrijfspand in een woonwijk lijkt als woonruimte te worden verhuurd.",
        "De gemeente kan het bouw- en woningtoezicht inzetten.",
        S.RETURNED, 10,
    ),
    # The woningcorporatie's overdue result: without it, its overdue work came only from the
    # core demo's random deadlines, and on some reference dates there was none.
    HandoverStory(
        "politie", K.HOUSING, 1, "Woonoverlast", "general",
        "Herhaaldelijk ruzie en harde muziek bij een huurder met een huurachterstand; de "
        "buren overwegen te verhuizen.",
        "De verhuurder kan met een gesprek en budgethulp verder.",
        S.ACCEPTED, 18, review_days=-1,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class AdviceStory:
    asker: str
    data_category: str
    question: str
    asked_days_ago: int
    answer: str = ""
    named: tuple[str, str, str] | None = None  # given names, prefix, surname as typed


ADVICE = [
    AdviceStory(
        "wijkteam", "care",
        "Een cliënt vertelt dat haar zoon (17) sinds kort dure spullen heeft en 's nachts weg "
        "is. Is dit iets voor het Veiligheidshuis, of blijven wij het zelf volgen?",
        1, named=("Jayden", "", "Verbeek"),
    ),
    AdviceStory(
        "corporatie", "general",
        "Een huurder klaagt over drugsoverlast bij de buren. Wat kunnen wij als verhuurder "
        "doen naast een gesprek, en wanneer betrekken wij de gemeente?",
        8,
    ),
    AdviceStory(
        "politie", "general",
        "Wanneer melden wij een jongere met een zorgelijk netwerk bij het Veiligheidshuis en "
        "wanneer bij Veilig Thuis?",
        9,
        answer="Bij zorgen over veiligheid in het gezin eerst Veilig Thuis; bij criminaliteit "
        "met problemen op meerdere leefgebieden het Veiligheidshuis. Twijfel? Bel ons gerust.",
    ),
    AdviceStory(
        "reclassering", "general",
        "Kunnen wij een casusoverleg aanvragen voor een cliënt die binnenkort vrijkomt en "
        "nog geen woonruimte heeft?",
        4,
        answer="Ja: meld het als signaal, dan nemen wij het mee in de triage van deze week.",
    ),
]  # fmt: skip


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("organisation").first()


def load(seed: int, today: datetime.date) -> dict:
    now = start_of(today)
    rng = random.Random(seed * 104729 + 11)
    regisseur = _user("regisseur")
    house = regisseur.organisation if regisseur is not None else None
    if house is None:
        return {"hand-overs": 0, "advice questions": 0}
    organisations = {o.kind: o for o in Organisation.objects.order_by("pk")}
    categories = {c.name: c for c in SignalCategory.objects.all()}
    levels = {level.number: level for level in EscalationLevel.objects.all()}
    persons = list(Person.objects.filter(cases__isnull=True).order_by("pk")[:200])
    referred = _hand_over_the_referred(now, rng)
    written = 0
    for number, story in enumerate(HANDOVERS, start=1):
        reporter = _user(story.reporter)
        lead = organisations.get(story.lead)
        if reporter is None or lead is None or story.category not in categories:
            continue
        signal = _write_handover(
            story, number, now, house, reporter, lead, regisseur, categories, levels, rng
        )
        if persons:
            signal.persons.add(rng.choice(persons))
        written += 1
    asked = 0
    for advice in ADVICE:
        asker = _user(advice.asker)
        if asker is None:
            continue
        _write_advice(advice, now, house, asker, regisseur)
        asked += 1
    return {"hand-overs": written + referred, "advice questions": asked}


def _hand_over_the_referred(now: datetime.datetime, rng: random.Random) -> int:
    """The core demo's referred signals: handed over by their triage, accepted and done."""
    count = 0
    signals = Signal.objects.filter(status=SignalStatus.REFERRED, handovers__isnull=True)
    for signal in signals.order_by("pk"):
        decision = signal.triage_decisions.order_by("decided_at").first()
        if decision is None:
            continue
        lead_user = (
            User.objects.filter(
                organisation=decision.lead_organisation, role__in=CASE_WORKING_ROLES
            )
            .order_by("pk")
            .first()
        )
        if lead_user is None:
            continue
        offered = decision.decided_at
        accepted = offered + datetime.timedelta(hours=rng.randint(2, 30))
        done = min(accepted + datetime.timedelta(days=rng.randint(5, 30)), now)
        with written_at(offered):
            Handover.objects.create(
                signal=signal,
                decision=decision,
                organisation=decision.lead_organisation,
                state=S.DONE,
                due=min(
                    decision.review_date,
                    offered.date() + datetime.timedelta(days=5),
                ),
                offered_by=decision.decided_by,
                accepted_by=lead_user,
                accepted_at=accepted,
                done_by=lead_user,
                done_at=done,
                result="Opgepakt in het reguliere werk; afspraken gemaakt en nagekomen.",
            )
        count += 1
    return count


def _write_handover(story, number, now, house, reporter, lead, regisseur, categories, levels, rng):
    level = levels[story.level]
    reported = now - datetime.timedelta(days=story.offered_days_ago, hours=rng.randint(3, 8))
    offered = reported + datetime.timedelta(hours=rng.randint(1, 3))
    status = (
        SignalStatus.TRIAGED if story.state in (S.DECLINED, S.RETURNED) else SignalStatus.REFERRED
    )
    with written_at(reported):
        signal = Signal.objects.create(
            reference=f"S-WERK-{number:04d}",
            category=categories[story.category],
            description=story.description,
            data_category=story.data_category,
            status=status,
            reporting_organisation=reporter.organisation,
            receiving_organisation=house,
            reported_by=reporter,
        )
    signal.reference = f"S-{signal.created_at:%Y}-{signal.pk:05d}"
    signal.save(update_fields=["reference"])
    offered_on = offered.date()
    review = offered_on + datetime.timedelta(days=level.review_after_days)
    if story.review_days:
        review = now.date() + datetime.timedelta(days=story.review_days)
    with written_at(offered):
        decision = TriageDecision.objects.create(
            signal=signal,
            level=level,
            lead_organisation=lead,
            reason=story.reason,
            reason_category="general",
            review_date=review,
            decided_by=regisseur,
        )
        handover = Handover(
            signal=signal,
            decision=decision,
            organisation=lead,
            state=story.state,
            due=min(review, offered_on + datetime.timedelta(days=5)),
            offered_by=regisseur,
        )
    lead_user = (
        User.objects.filter(organisation=lead, role__in=CASE_WORKING_ROLES).order_by("pk").first()
    )
    later = offered + datetime.timedelta(hours=rng.randint(2, 20))
    if story.state in (S.ACCEPTED, S.DONE):
        handover.accepted_by, handover.accepted_at = lead_user, later
    if story.state == S.DONE:
        handover.done_by, handover.done_at, handover.result = lead_user, now, story.answer
    if story.state == S.DECLINED:
        handover.declined_by, handover.declined_at = lead_user, later
        handover.decline_reason = story.answer
    if story.state == S.RETURNED:
        handover.returned_at = datetime.datetime.combine(
            handover.due + datetime.timedelta(days=1), datetime.time(6), tzinfo=now.tzinfo
        )
    with written_at(offered):
        handover.save()
    link = reverse("intake:detail", args=[signal.pk])
    with written_at(offered):
        notify(
            users_of(lead, *CASE_WORKING_ROLES),
            kind=NotificationKind.HANDOVER_OFFERED,
            link=link,
            due=handover.due,
            key=f"handover:{handover.pk}:offered",
            mail_each=False,
        )
    told = {
        S.DONE: (NotificationKind.HANDOVER_DONE, "done"),
        S.DECLINED: (NotificationKind.HANDOVER_DECLINED, "declined"),
        S.RETURNED: (NotificationKind.HANDOVER_OVERDUE, "returned"),
    }
    if story.state in told:
        kind, moment = told[story.state]
        with written_at(now):
            notify(
                safety_house_directors(house),
                kind=kind,
                link=link,
                due=handover.due if story.state == S.RETURNED else None,
                key=f"handover:{handover.pk}:{moment}",
                mail_each=False,
            )
    return signal


def _write_advice(story, now, house, asker, regisseur) -> None:
    asked = now - datetime.timedelta(days=story.asked_days_ago, hours=5)
    with written_at(asked):
        question = AdviceQuestion.objects.create(
            asked_by=asker,
            organisation=asker.organisation,
            safety_house=house,
            question=story.question,
            data_category=story.data_category,
            due=answer_due(asked.date()),
        )
        if story.named:
            given, prefix, surname = story.named
            question.reported_subjects.add(
                ReportedSubject.objects.create(
                    given_names=given,
                    surname_prefix=prefix,
                    surname=surname,
                    reported_by=asker,
                    organisation=asker.organisation,
                    reported_at=asked,
                )
            )
        link = reverse("advice:detail", args=[question.pk])
        notify(
            safety_house_directors(house),
            kind=NotificationKind.ADVICE_ASKED,
            link=link,
            due=question.due,
            mail_each=False,
        )
    if story.answer:
        answered = asked + datetime.timedelta(hours=20)
        question.answer, question.answered_by, question.answered_at = (
            story.answer,
            regisseur,
            answered,
        )
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        with written_at(answered):
            notify([asker], kind=NotificationKind.ADVICE_ANSWERED, link=link, mail_each=False)


def remove() -> None:
    """Remove the hand-overs and advice questions; their signals go with the core demo data."""
    AdviceQuestion.objects.all().delete()
    Handover.objects.all().delete()

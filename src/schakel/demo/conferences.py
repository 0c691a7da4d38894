"""The demo's case conferences: the fortnightly schedule, agendas, decisions, attendance and the
review of overdue actions."""

from bisect import bisect_left
from datetime import datetime, timedelta

from django.utils import timezone

from schakel.cases.models import CaseEvent
from schakel.conferences.models import ActionReview, Attendance, Conference, Decision
from schakel.organisations.models import OrganisationKind as K
from schakel.plans.models import InterventionStatus

from . import content
from .base import HISTORY_DAYS, Builder, C, P

N_CONFERENCES_PLANNED = 5

EXTRA_DECISIONS = {
    "justice": "Politie zet persoonsgerichte aandacht in; het OM beoordeelt de lopende zaak.",
    "care": "Wijkteam start begeleiding; intake bij de GGZ binnen twee weken.",
}


class Conferences(Builder):
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

    def _conference_decision(self, draft, conference, status, moment) -> None:
        lead = draft.case.lead_organisation
        if status == P:
            text = f"Plan van aanpak vastgesteld; regie bij {lead}."
            question = "Plan van aanpak vaststellen"
        else:
            text = f"Casus doorverwezen naar {lead}."
            question = "Passende aanpak bepalen"
        # The text names the lead, so it carries the category the lead's involvement reveals
        # (a care provider's name is care information to the police).
        self._agenda_item(
            draft,
            conference,
            question,
            text,
            moment - timedelta(minutes=1),
            category=lead.involvement_category,
        )
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

    def _agenda_item(self, draft, conference, question, text, moment, category="general") -> None:
        self.agenda[id(conference)].append((draft, question))
        self._record_decision(draft, conference, text, category, moment)

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
            if present:
                presence = Attendance.Presence.PRESENT
            elif held:  # no new random draw: the rest of the demo stays as it was
                presence = (
                    Attendance.Presence.APOLOGIES
                    if len(user.username) % 2
                    else Attendance.Presence.ABSENT
                )
            else:
                presence = Attendance.Presence.UNKNOWN
            self.attendances.append(
                Attendance(
                    conference=conference,
                    user=user,
                    organisation=organisation,
                    presence=presence,
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

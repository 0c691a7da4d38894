"""Writing the core demo in dependency order, with references once the primary keys are known."""

from datetime import datetime, timedelta

from schakel.cases.models import Case
from schakel.conferences.models import AgendaItem
from schakel.intake.models import Signal

from .base import HISTORY_DAYS, Builder, insert
from .plans import history_category, history_name, history_owner


class Writing(Builder):
    def _write(self, drafts, signals) -> None:
        """Write everything in dependency order; references once the primary keys are known."""
        insert([self.municipality])
        insert(self.districts)
        insert(self.neighbourhoods)
        insert(self.addresses)
        for person in self.persons:
            first = self.person_first_seen.get(id(person))
            if first is None:
                first = self.start + timedelta(days=self.rng.uniform(-200, HISTORY_DAYS - 1))
            person.created_at = first - timedelta(days=self.rng.randint(1, 30))
        insert(self.persons)
        insert(self.businesses)

        for index, signal in enumerate(signals):
            signal.reference = f"tmp-demo-{index}"
        insert(signals)
        for signal in signals:
            signal.reference = f"S-{signal.created_at:%Y}-{signal.pk:05d}"
        Signal.objects.bulk_update(signals, ["reference"])
        self.statements = []
        statements = self._reported_subjects(signals)
        insert(self.statements)
        self._link(Signal, "signal", [(s, s.subjects) for s in signals])
        Signal.reported_subjects.through.objects.bulk_create(
            Signal.reported_subjects.through(signal=signal, reportedsubject=statement)
            for signal in signals
            for statement in statements.get(id(signal), ())
        )

        cases = [d.case for d in drafts]
        last_event: dict[int, datetime] = {}
        for event in self.events:
            key = id(event.case)
            last_event[key] = max(last_event.get(key, event.created_at), event.created_at)
        for index, case in enumerate(cases):
            case.reference = f"tmp-demo-{index}"
            case.updated_at = last_event[id(case)]
        insert(cases)
        for case in cases:
            case.reference = f"C-{case.created_at:%Y}-{case.pk:05d}"
        Case.objects.bulk_update(cases, ["reference"])
        self._link(Case, "case", [(d.case, d.subjects) for d in drafts])
        Case.reported_subjects.through.objects.bulk_create(
            Case.reported_subjects.through(case=draft.case, reportedsubject=statement)
            for draft in drafts
            if draft.signal is not None
            for statement in statements.get(id(draft.signal), ())
        )
        for draft in drafts:
            if draft.signal is not None:
                draft.opening_event.description = (
                    f"Casus geopend op signaal {draft.signal.reference}"
                )

        decisions = [d for draft in drafts for d in draft.decisions] + self.loose_decisions
        insert(decisions)
        insert([answer for d in decisions for answer in d.answers_to_write])
        insert(self.participations)
        insert(self.notes)

        conferences = self.held + self.planned
        insert(conferences)
        agenda_items = []
        for conference in conferences:
            for order, (draft, question) in enumerate(self.agenda[id(conference)], 1):
                agenda_items.append(
                    AgendaItem(
                        conference=conference, case=draft.case, order=order, question=question
                    )
                )
        insert(agenda_items)
        insert(self.attendances)
        insert(self.decisions)

        insert(self.plans)
        insert(self.goals)
        insert(self.interventions)
        for event, intervention, template in self.named_events:
            event.category = history_category(intervention)
            event.description = template.format(
                name=history_name(intervention),
                owner=history_owner(intervention, event.category),
            )
        insert(self.reviews)

        self.events.sort(key=lambda event: event.created_at)
        insert(self.events)
        self.counts = {
            "organisations": len(self.orgs),
            "users": len(self.users),
            "areas": 1 + len(self.districts) + len(self.neighbourhoods),
            "addresses": len(self.addresses),
            "persons": len(self.persons),
            "businesses": len(self.businesses),
            "signals": len(signals),
            "reported subjects": len(self.statements),
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

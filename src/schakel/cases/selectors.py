"""Reading cases: always through the cases' own `visible_to` rule; every view of a person is audited.

The dossier also shows what apps above `cases` attach to a case (the plan and its interventions,
conference decisions). It reads them along the relations those apps declare (`case.plan`,
`case.decisions`) and through their own `visible_to` rules, so `cases` imports neither.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.functional import cached_property

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons
from schakel.intake.selectors import same_subjects
from schakel.triage.models import TriageDecision

from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .workflow import OPEN_STATUSES


def get_case_for_view(
    user,
    pk,
    *,
    purpose: Purpose = Purpose.CASE_HANDLING,
    action=AuditAction.VIEW,
    shows_persons: bool = True,
):
    """The case if the user may see it (404 otherwise, so existence is not revealed). The read
    of the case is audited, and of its persons too unless the page does not show them (a
    section of the case page without persons: `shows_persons=False`)."""
    try:
        case = (
            Case.objects.visible_to(user)
            .readable_by(user)
            .select_related("level", "lead_organisation", "host_organisation", "coordinator")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    # The case, then each of its persons unless the page does not show them: one insert.
    persons = case.persons.all() if shows_persons else []
    record_persons(user, action, persons, obj=case, purpose=purpose, with_object=True)
    return case


def _plan_of(case: Case):
    try:
        plan = case.plan
    except ObjectDoesNotExist:
        return None
    prefetch_related_objects([plan], "goals")
    return plan


class CaseDossier:
    """Everything on a case that this user's organisation may see, by data category.

    Every categorised part comes from its queryset's rule (`visible_to` filters, `readable_by`
    annotates the `shown_*` values), never from a check in a template or serializer. Each part
    is read when first asked for (`dossier.notes` or `dossier["notes"]`), so a section of the
    case page queries only what it shows.
    """

    def __init__(self, user, case: Case):
        self.user, self.case = user, case

    def __getitem__(self, name: str):
        if name.startswith("_") or not hasattr(type(self), name):
            raise KeyError(name)
        return getattr(self, name)

    @cached_property
    def plan(self):
        return _plan_of(self.case)

    @cached_property
    def persons(self) -> list:
        return list(self.case.persons.select_related("address"))

    @cached_property
    def addresses(self) -> list:
        return list(self.case.addresses.all())

    @cached_property
    def businesses(self) -> list:
        return list(self.case.businesses.all())

    @cached_property
    def areas(self) -> list:
        return list(self.case.areas.all())

    @cached_property
    def participations(self) -> list:
        return list(
            CaseParticipation.objects.readable_by(self.user).filter(
                case=self.case, ended_at__isnull=True
            )
        )

    @cached_property
    def notes(self) -> list:
        return list(CaseNote.objects.readable_by(self.user).filter(case=self.case))

    @cached_property
    def decisions(self) -> list:
        return list(self.case.decisions.visible_to(self.user).select_related("conference"))

    @cached_property
    def interventions(self) -> list:
        if self.plan is None:
            return []
        return list(
            self.plan.interventions.visible_to(self.user).select_related(
                "type", "owner_organisation", "owner", "goal", "plan__case"
            )
        )

    @cached_property
    def events(self) -> list:
        return list(
            CaseEvent.objects.visible_to(self.user).filter(case=self.case).select_related("actor")
        )

    @cached_property
    def triage_decisions(self) -> list:
        return list(
            TriageDecision.objects.readable_by(self.user)
            .filter(case=self.case)
            .select_related("level", "decided_by")
        )

    @cached_property
    def at_a_glance(self) -> dict:
        """Counts for the case's overview, linking to the sections that show them: no names."""
        try:
            plan = self.case.plan
        except ObjectDoesNotExist:
            plan = None
        counts = (
            plan.interventions.visible_to(self.user).open_and_overdue()
            if plan is not None
            else {"open": 0, "overdue": 0}
        )
        return {
            "persons": self.case.persons.count(),
            "addresses": self.case.addresses.count(),
            "open_interventions": counts["open"],
            "overdue_interventions": counts["overdue"],
            "notes": CaseNote.objects.readable_by(self.user).filter(case=self.case).count(),
        }

    @cached_property
    def hidden_categories(self) -> list:
        return sorted(policy.ALL_CATEGORIES - policy.allowed_categories(self.user))


def case_dossier(user, case: Case) -> CaseDossier:
    return CaseDossier(user, case)


def search_cases(user, query: str = "", status: str = ""):
    cases = Case.objects.visible_to(user).readable_by(user).select_related("level", "coordinator")
    if query:
        from django.db.models import Q

        cases = cases.filter(
            Q(reference__icontains=query)
            | Q(title__icontains=query)
            | Q(persons__surname__icontains=query)
            | Q(addresses__postcode__iexact=query.replace(" ", "").upper())
        ).distinct()
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-created_at")


def open_cases_on_subjects_of(signal, user) -> list[Case]:
    """Open cases about the signal's persons or addresses — only those the user may see, so
    that a duplicate hint never reveals a case outside the user's need-to-know."""
    subject = same_subjects(signal)
    if subject is None:
        return []
    return list(
        Case.objects.visible_to(user)
        .readable_by(user)
        .filter(subject, status__in=OPEN_STATUSES)
        .distinct()
    )

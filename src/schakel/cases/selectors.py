"""Reading cases: always through the cases' own `visible_to` rule; every view of a person is audited.

The dossier also shows what apps above `cases` attach to a case (the plan and its interventions,
conference decisions). It reads them along the relations those apps declare (`case.plan`,
`case.decisions`) and through their own `visible_to` rules, so `cases` imports neither.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.http import Http404

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons, record_read
from schakel.intake.selectors import same_subjects
from schakel.triage.models import TriageDecision

from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .workflow import OPEN_STATUSES


def get_case_for_view(
    user, pk, *, purpose: Purpose = Purpose.CASE_HANDLING, action=AuditAction.VIEW
):
    """The case if the user may see it (404 otherwise, so existence is not revealed)."""
    try:
        case = (
            Case.objects.visible_to(user)
            .readable_by(user)
            .select_related("level", "lead_organisation", "host_organisation", "coordinator")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record_read(user, action, obj=case, purpose=purpose)
    record_persons(user, action, case.persons.all(), obj=case, purpose=purpose)
    return case


def _plan_of(case: Case):
    try:
        plan = case.plan
    except ObjectDoesNotExist:
        return None
    prefetch_related_objects([plan], "goals")
    return plan


def case_dossier(user, case: Case) -> dict:
    """Everything on a case that this user's organisation may see, by data category.

    Every categorised part comes from its queryset's rule (`visible_to` filters, `readable_by`
    annotates the `shown_*` values), never from a check in a template or serializer.
    """
    plan = _plan_of(case)
    return {
        "persons": list(case.persons.select_related("address")),
        "addresses": list(case.addresses.all()),
        "businesses": list(case.businesses.all()),
        "areas": list(case.areas.all()),
        "participations": list(
            CaseParticipation.objects.readable_by(user).filter(case=case, ended_at__isnull=True)
        ),
        "notes": list(CaseNote.objects.readable_by(user).filter(case=case)),
        "decisions": list(case.decisions.visible_to(user).select_related("conference")),
        "interventions": []
        if plan is None
        else list(
            plan.interventions.visible_to(user).select_related(
                "type", "owner_organisation", "owner", "goal", "plan__case"
            )
        ),
        "events": list(
            CaseEvent.objects.visible_to(user).filter(case=case).select_related("actor")
        ),
        "triage_decisions": list(
            TriageDecision.objects.readable_by(user)
            .filter(case=case)
            .select_related("level", "decided_by")
        ),
        "plan": plan,
        "hidden_categories": sorted(policy.ALL_CATEGORIES - policy.allowed_categories(user)),
    }


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

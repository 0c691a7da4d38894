"""Triage decisions on the escalation ladder: recorded here, for a signal or for a case.

Triage knows neither signals nor cases beyond the decision's foreign keys: `intake` triages a
signal and `cases` rescales a case, each recording its decision through `record_decision`.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.errors import ValidationError
from schakel.organisations.models import DataCategory

from .models import CriterionAnswer, EscalationLevel, IntakeCriterion, TriageDecision


def default_review_date(level: EscalationLevel):
    return timezone.localdate() + timedelta(days=level.review_after_days)


def intake_criteria_met(answers: dict[IntakeCriterion, bool]) -> bool:
    """ZVH intake: every "all" criterion holds AND at least one "any" criterion holds. Without
    answers (a triage through the API that gives none) the criteria are not met."""
    if not answers:
        return False
    all_group = [a for c, a in answers.items() if c.group == IntakeCriterion.Group.ALL]
    any_group = [a for c, a in answers.items() if c.group == IntakeCriterion.Group.ANY]
    return all(all_group) and (not any_group or any(any_group))


@transaction.atomic
def record_decision(
    *,
    by,
    level: EscalationLevel,
    lead_organisation,
    reason: str,
    answers: dict[IntakeCriterion, bool],
    review_date=None,
    signal=None,
    case=None,
    reason_category: str = DataCategory.GENERAL,
) -> TriageDecision:
    """Record a decision with its criterion answers; the caller checks who may decide, and
    that the reason's category is one the decider may write."""
    if review_date is None:
        review_date = default_review_date(level)
    if review_date < timezone.localdate():
        raise ValidationError(_("The review date cannot lie in the past."))
    decision = TriageDecision.objects.create(
        signal=signal,
        case=case,
        level=level,
        lead_organisation=lead_organisation,
        reason=reason,
        reason_category=reason_category,
        review_date=review_date,
        criteria_met=intake_criteria_met(answers),
        decided_by=by,
    )
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(decision=decision, criterion=c, answer=a) for c, a in answers.items()
    )
    return decision


def attach_to_case(decision: TriageDecision, case) -> TriageDecision:
    """A signal's decision also belongs to the case opened on it."""
    decision.case = case
    decision.save(update_fields=["case"])
    return decision

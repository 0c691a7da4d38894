"""Triage on the escalation ladder: first for a signal, then scaling a case up or down."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction
from schakel.audit.services import record

from .models import CriterionAnswer, EscalationLevel, IntakeCriterion, TriageDecision


def default_review_date(level: EscalationLevel):
    return timezone.localdate() + timedelta(days=level.review_after_days)


def intake_criteria_met(answers: dict[IntakeCriterion, bool]) -> bool:
    """ZVH intake: every "all" criterion holds AND at least one "any" criterion holds."""
    all_group = [a for c, a in answers.items() if c.group == IntakeCriterion.Group.ALL]
    any_group = [a for c, a in answers.items() if c.group == IntakeCriterion.Group.ANY]
    return all(all_group) and (not any_group or any(any_group))


def _decide(*, by, level, lead_organisation, reason, review_date, answers, signal=None, case=None):
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
        review_date=review_date,
        criteria_met=intake_criteria_met(answers),
        decided_by=by,
    )
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(decision=decision, criterion=c, answer=a) for c, a in answers.items()
    )
    return decision


@transaction.atomic
def triage_signal(
    signal, *, by, level, lead_organisation, reason, answers, review_date=None
) -> TriageDecision:
    from schakel.intake.models import Signal

    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can triage this signal."),
    )
    if not signal.is_open:
        raise ValidationError(_("This signal has already been handled."))
    decision = _decide(
        by=by,
        level=level,
        lead_organisation=lead_organisation,
        reason=reason,
        review_date=review_date,
        answers=answers,
        signal=signal,
    )
    signal.status = Signal.Status.TRIAGED
    signal.save(update_fields=["status"])
    record(by, AuditAction.CHANGE, obj=signal, detail=f"triage niveau {level.number}")
    return decision


@transaction.atomic
def rescale_case(
    case, *, by, level, lead_organisation, reason, answers=None, review_date=None
) -> TriageDecision:
    """Scale a case up or down the ladder; recorded as a triage decision and in the history."""
    from schakel.cases.models import CaseEvent

    require(policy.can_manage_case(by, case), _("You may not change the level of this case."))
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    previous = case.level
    decision = _decide(
        by=by,
        level=level,
        lead_organisation=lead_organisation,
        reason=reason,
        review_date=review_date,
        answers=answers or {},
        case=case,
    )
    case.level = level
    case.lead_organisation = lead_organisation
    case.review_date = decision.review_date
    case.save(update_fields=["level", "lead_organisation", "review_date", "updated_at"])
    if previous is None or previous.number == level.number:
        verb = _("Level set to %(level)s")
    elif level.number > previous.number:
        verb = _("Scaled up to %(level)s")
    else:
        verb = _("Scaled down to %(level)s")
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.TRIAGE,
        description=(verb % {"level": level}) + f" — {reason}",
        actor=by,
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"niveau {level.number}")
    return decision

"""Every change to an advice question: ask, answer, turn into a signal."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.intake import services as intake_services
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify, safety_house_directors
from schakel.organisations.models import DataCategory, Organisation

from .models import AdviceQuestion


def answer_due(asked_on: datetime.date) -> datetime.date:
    """The answer term (`SCHAKEL_ADVICE_ANSWER_DAYS`, calendar days)."""
    return asked_on + datetime.timedelta(days=settings.SCHAKEL_ADVICE_ANSWER_DAYS)


def _link(question: AdviceQuestion) -> str:
    return reverse("advice:detail", args=[question.pk])


@transaction.atomic
def ask_advice(
    *,
    by,
    safety_house: Organisation,
    question: str,
    data_category: str = DataCategory.GENERAL,
    reported_subjects=(),
) -> AdviceQuestion:
    require(policy.may_ask_advice(by), _("You may not ask the Veiligheidshuis for advice."))
    require(
        policy.may_read_category(by, data_category),
        _("Your organisation may not record information in this category."),
    )
    if not safety_house.is_safety_house:
        raise ValidationError(_("Advice is asked of a Veiligheidshuis."))
    if not question.strip():
        raise ValidationError(_("Write your question."))
    advice = AdviceQuestion.objects.create(
        asked_by=by,
        organisation=by.organisation,
        safety_house=safety_house,
        question=question,
        data_category=data_category,
        due=answer_due(timezone.localdate()),
    )
    advice.reported_subjects.set(reported_subjects)
    record(by, AuditAction.CREATE, obj=advice, purpose=Purpose.SIGNAL_REPORTING)
    notify(
        safety_house_directors(safety_house),
        kind=NotificationKind.ADVICE_ASKED,
        link=_link(advice),
        due=advice.due,
    )
    return advice


@transaction.atomic
def answer_advice(advice: AdviceQuestion, *, by, answer: str) -> AdviceQuestion:
    require(
        policy.can_answer_advice(by, advice),
        _("Only the Veiligheidshuis that was asked can answer this question."),
    )
    if not advice.is_open:
        raise ValidationError(_("This question has already been answered."))
    if not answer.strip():
        raise ValidationError(_("Write your answer."))
    advice.answer = answer
    advice.answered_by = by
    advice.answered_at = timezone.now()
    advice.save(update_fields=["answer", "answered_by", "answered_at"])
    record(by, AuditAction.CHANGE, obj=advice, detail="advies gegeven")
    notify([advice.asked_by], kind=NotificationKind.ADVICE_ANSWERED, link=_link(advice))
    return advice


@transaction.atomic
def turn_advice_into_signal(advice: AdviceQuestion, *, by, category, urgency=None):
    """One step: the question and the answer become a signal of the asker to the same
    Veiligheidshuis, through `intake.services.create_signal` (and so under all its rules); the
    persons named go along as typed, for the Veiligheidshuis to establish."""
    require(
        policy.can_turn_advice_into_signal(by, advice),
        _("Only the asking organisation can turn this question into a signal."),
    )
    if advice.is_open:
        raise ValidationError(_("Wait for the answer before turning the question into a signal."))
    if advice.signal_id:
        raise ValidationError(_("This question has already been turned into a signal."))
    description = _("Question: %(question)s\n\nAdvice of the Veiligheidshuis: %(answer)s") % {
        "question": advice.question,
        "answer": advice.answer,
    }
    extra = {"urgency": urgency} if urgency else {}
    subjects = list(advice.reported_subjects.all())
    signal = intake_services.create_signal(
        by=by,
        category=category,
        description=description[:5000],
        receiving_organisation=advice.safety_house,
        data_category=advice.data_category,
        reported_subjects=subjects,
        addresses=[s.address for s in subjects if s.address_id],
        **extra,
    )
    advice.signal = signal
    advice.save(update_fields=["signal"])
    record(by, AuditAction.CHANGE, obj=advice, detail=f"signaal {signal.pk} gemaakt")
    return signal

"""Hand-overs of signals to the lead organisation of a triage (levels 1 and 2, issue 11).

`offer_handover` is called by `services.triage_signal` and is the only way a signal becomes
"doorverwezen" (referred). The lead accepts, declines with a reason, or reports done with a
result; a hand-over not accepted within its term falls back to the Veiligheidshuis
(`return_overdue_handovers`, run periodically by the worker). Every step records who and when,
is audited; the lead is notified of an offer, the Veiligheidshuis of a decline, a result and
a fall-back (no personal data in a notification).
"""

import datetime
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction
from schakel.audit.services import record
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify, safety_house_directors, users_of

from .models import Handover, Signal
from .workflow import HANDOVER_WORKFLOW, HandoverState, SignalStatus, require_transition

#: Days the lead organisation has to accept a hand-over, when the triage sets no earlier date.
ACCEPT_WITHIN_DAYS = 5


def _link(signal: Signal) -> str:
    return reverse("intake:detail", args=[signal.pk])


def _back_to_the_house(signal: Signal) -> None:
    require_transition(signal.status, SignalStatus.TRIAGED)
    signal.status = SignalStatus.TRIAGED
    signal.save(update_fields=["status"])


def offer_handover(signal: Signal, decision, *, by) -> Handover:
    """Hand the triaged signal to the decision's lead organisation; the caller (the triage)
    checked who may decide. The signal becomes referred."""
    require_transition(signal.status, SignalStatus.REFERRED)
    due = min(decision.review_date, timezone.localdate() + timedelta(days=ACCEPT_WITHIN_DAYS))
    handover = Handover.objects.create(
        signal=signal,
        decision=decision,
        organisation=decision.lead_organisation,
        due=due,
        offered_by=by,
    )
    signal.status = SignalStatus.REFERRED
    signal.save(update_fields=["status"])
    record(
        by,
        AuditAction.CREATE,
        obj=handover,
        detail=f"overdracht aan organisatie {handover.organisation_id}",
    )
    notify(
        users_of(handover.organisation_id, *policy.CASE_WORKING_ROLES),
        kind=NotificationKind.HANDOVER_OFFERED,
        link=_link(signal),
        due=due,
        key=f"handover:{handover.pk}:offered",
    )
    return handover


def _step(handover: Handover, by, to: str) -> Handover:
    require(
        policy.can_answer_handover(by, handover),
        _("Only the organisation this signal was handed over to can answer the hand-over."),
    )
    HANDOVER_WORKFLOW.require(handover.state, to)
    return handover


@transaction.atomic
def accept_handover(handover: Handover, *, by) -> Handover:
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    _step(handover, by, HandoverState.ACCEPTED)
    handover.state = HandoverState.ACCEPTED
    handover.accepted_by, handover.accepted_at = by, timezone.now()
    handover.save(update_fields=["state", "accepted_by", "accepted_at"])
    record(by, AuditAction.CHANGE, obj=handover, detail="overdracht aanvaard")
    return handover


@transaction.atomic
def decline_handover(handover: Handover, *, by, reason: str) -> Handover:
    handover = _conclude(
        handover,
        by,
        HandoverState.DECLINED,
        text=reason,
        fields=("declined_by", "declined_at", "decline_reason"),
        missing=_("Give the reason for declining."),
    )
    _back_to_the_house(handover.signal)
    record(by, AuditAction.CHANGE, obj=handover, detail="overdracht geweigerd")
    _tell_the_house(handover, NotificationKind.HANDOVER_DECLINED, "declined")
    return handover


@transaction.atomic
def complete_handover(handover: Handover, *, by, result: str) -> Handover:
    handover = _conclude(
        handover,
        by,
        HandoverState.DONE,
        text=result,
        fields=("done_by", "done_at", "result"),
        missing=_("Describe the result."),
    )
    record(by, AuditAction.CHANGE, obj=handover, detail="overdracht afgerond")
    _tell_the_house(handover, NotificationKind.HANDOVER_DONE, "done")
    return handover


def _conclude(handover: Handover, by, to: str, *, text: str, fields, missing) -> Handover:
    """The lead's last answer (declined or done) with its text, who and when."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    _step(handover, by, to)
    if not text.strip():
        raise ValidationError(missing)
    who, when, text_field = fields
    handover.state = to
    setattr(handover, who, by)
    setattr(handover, when, timezone.now())
    setattr(handover, text_field, text.strip())
    handover.save(update_fields=["state", *fields])
    return handover


def _tell_the_house(handover: Handover, kind: str, moment: str) -> None:
    """The Veiligheidshuis that received the signal hears how its hand-over ended."""
    notify(
        safety_house_directors(handover.signal.receiving_organisation_id),
        kind=kind,
        link=_link(handover.signal),
        due=handover.due if moment == "returned" else None,
        key=f"handover:{handover.pk}:{moment}",
    )


def return_overdue_handovers(today: datetime.date | None = None) -> int:
    """Hand-overs still offered after their term fall back to the Veiligheidshuis, which is
    told. Idempotent: a conditional update lets one worker take each hand-over."""
    today = today or timezone.localdate()
    returned = 0
    overdue = Handover.objects.filter(state=HandoverState.OFFERED, due__lt=today)
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            taken = Handover.objects.filter(pk=pk, state=HandoverState.OFFERED).update(
                state=HandoverState.RETURNED, returned_at=timezone.now()
            )
            if not taken:
                continue
            handover = Handover.objects.select_related("signal").get(pk=pk)
            _back_to_the_house(handover.signal)
            record(None, AuditAction.CHANGE, obj=handover, detail="overdracht teruggevallen")
            _tell_the_house(handover, NotificationKind.HANDOVER_OVERDUE, "returned")
            returned += 1
    return returned

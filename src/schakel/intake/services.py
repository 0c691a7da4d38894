"""Every change to a signal: register, triage, dismiss, and note that a case was opened.

This module is the only writer of a signal's status, along `workflow.ALLOWED_TRANSITIONS`;
the triage decision itself is recorded by `triage`.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.organisations.models import DataCategory, Organisation
from schakel.registry import services as registry_services
from schakel.registry.models import Person, ReportedSubject
from schakel.triage import services as triage_services
from schakel.triage.models import TriageDecision

from .models import Signal
from .references import assign_reference, placeholder_reference
from .workflow import SignalStatus, require_transition


@transaction.atomic
def create_signal(
    *,
    by,
    category,
    description: str,
    receiving_organisation: Organisation,
    urgency: str = Signal.Urgency.NORMAL,
    data_category: str = "general",
    persons=(),
    addresses=(),
    businesses=(),
    reported_subjects=(),
) -> Signal:
    """Register a signal. `persons` are known persons the reporter may already see (the API);
    `reported_subjects` are statements as typed, for the Veiligheidshuis to establish."""
    require(policy.works_on_cases(by), _("You may not register signals."))
    visible = Person.objects.visible_to(by)
    require(
        all(visible.filter(pk=person.pk).exists() for person in persons),
        _("You may only name persons you already see; describe others as you know them."),
    )
    if not receiving_organisation.is_safety_house:
        raise ValidationError(_("Signals are sent to a Veiligheidshuis."))
    signal = Signal.objects.create(
        reference=placeholder_reference(),
        category=category,
        description=description,
        data_category=data_category,
        urgency=urgency,
        reporting_organisation=by.organisation,
        receiving_organisation=receiving_organisation,
        reported_by=by,
    )
    assign_reference(signal, "S")
    signal.persons.set(persons)
    signal.addresses.set(addresses)
    signal.businesses.set(businesses)
    signal.reported_subjects.set(reported_subjects)
    record(by, AuditAction.CREATE, obj=signal, purpose=Purpose.SIGNAL_REPORTING)
    for person in persons:
        record(by, AuditAction.CREATE, obj=signal, person=person, purpose=Purpose.SIGNAL_REPORTING)
    return signal


@transaction.atomic
def establish_signal_subject(
    signal: Signal, statement: ReportedSubject, *, by, person: Person | None = None
) -> Person:
    """The receiving Veiligheidshuis decides who a reported subject of the signal is: a known
    person it may see, or a new person (`person=None`). Only then does the person join the
    signal; the person's record is not changed. Once a case is opened, this is done on the case.
    """
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can establish who a signal is about."),
    )
    if not signal.reported_subjects.filter(pk=statement.pk).exists():
        raise ValidationError(_("This report does not belong to this signal."))
    if signal.status == SignalStatus.CASE_OPENED:
        raise ValidationError(_("A case has been opened on this signal: decide on the case."))
    person = registry_services.establish_person(statement, by=by, person=person)
    signal.persons.add(person)
    record(
        by,
        AuditAction.CHANGE,
        obj=signal,
        person=person,
        purpose=Purpose.SUBJECT_MATCHING,
        detail=f"betrokkene vastgesteld uit melding {statement.pk}",
    )
    return person


@transaction.atomic
def triage_signal(
    signal: Signal,
    *,
    by,
    level,
    lead_organisation,
    reason,
    answers,
    review_date=None,
    reason_category: str = DataCategory.GENERAL,
) -> TriageDecision:
    """Triage a received signal: triage records the decision, the signal becomes 'triaged'.
    The reason carries its data category (`TriageDecision.objects.readable_by`)."""
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can triage this signal."),
    )
    require(
        policy.may_read_category(by, reason_category),
        _("Your organisation may not record information in this category."),
    )
    if signal.status != SignalStatus.RECEIVED:
        # triaged once: a signal back from a hand-over is not triaged again (open a case or
        # dismiss it)
        raise ValidationError(_("This signal has already been handled."))
    decision = triage_services.record_decision(
        by=by,
        level=level,
        lead_organisation=lead_organisation,
        reason=reason,
        reason_category=reason_category,
        review_date=review_date,
        answers=answers,
        signal=signal,
    )
    signal.status = SignalStatus.TRIAGED
    signal.save(update_fields=["status"])
    record(by, AuditAction.CHANGE, obj=signal, detail=f"triage niveau {level.number}")
    if hands_over(signal, level, lead_organisation):
        from .handovers import offer_handover

        offer_handover(signal, decision, by=by)
    return decision


def hands_over(signal: Signal, level, lead_organisation) -> bool:
    """A triage hands the signal over when its level has no Veiligheidshuis case (levels 1 and
    2) and it names a lead other than the receiving Veiligheidshuis."""
    return not level.opens_case and lead_organisation.pk != signal.receiving_organisation_id


@transaction.atomic
def dismiss_signal(signal: Signal, *, by, reason: str) -> Signal:
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can dismiss a signal."),
    )
    require_transition(signal.status, SignalStatus.DISMISSED)
    signal.status = SignalStatus.DISMISSED
    signal.save(update_fields=["status"])
    record(by, AuditAction.CHANGE, obj=signal, detail="afgewezen")
    return signal


def record_case_opened(signal: Signal) -> Signal:
    """The signal led to a case; `cases.services.open_case_from_signal` checks who may, and
    records the audit entry for the case it opens."""
    require_transition(signal.status, SignalStatus.CASE_OPENED)
    signal.status = SignalStatus.CASE_OPENED
    signal.save(update_fields=["status"])
    return signal

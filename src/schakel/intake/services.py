"""Registering signals, and the duplicate hints shown at triage."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case
from schakel.cases.references import assign_reference, placeholder_reference
from schakel.cases.workflow import OPEN_STATUSES
from schakel.organisations.models import Organisation

from .models import Signal


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
) -> Signal:
    require(policy.works_on_cases(by), _("You may not register signals."))
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
    record(by, AuditAction.CREATE, obj=signal, purpose=Purpose.SIGNAL_REPORTING)
    for person in persons:
        record(by, AuditAction.CREATE, obj=signal, person=person, purpose=Purpose.SIGNAL_REPORTING)
    return signal


@transaction.atomic
def dismiss_signal(signal: Signal, *, by, reason: str) -> Signal:
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can dismiss a signal."),
    )
    if not signal.is_open:
        raise ValidationError(_("This signal has already been handled."))
    signal.status = Signal.Status.DISMISSED
    signal.save(update_fields=["status"])
    record(by, AuditAction.CHANGE, obj=signal, detail="afgewezen")
    return signal


def duplicate_hints(signal: Signal, user) -> dict:
    """Other open signals and cases about the same persons or addresses — only those the user
    may see, so that a hint never reveals a case outside the user's need-to-know."""
    person_ids = list(signal.persons.values_list("pk", flat=True))
    address_ids = list(signal.addresses.values_list("pk", flat=True))
    if not person_ids and not address_ids:
        return {"signals": [], "cases": []}
    subject = Q(persons__in=person_ids) | Q(addresses__in=address_ids)
    signals = (
        Signal.objects.visible_to(user)
        .filter(subject, status__in=[Signal.Status.RECEIVED, Signal.Status.TRIAGED])
        .exclude(pk=signal.pk)
        .distinct()
    )
    cases = Case.objects.visible_to(user).filter(subject, status__in=OPEN_STATUSES).distinct()
    return {"signals": list(signals), "cases": list(cases)}

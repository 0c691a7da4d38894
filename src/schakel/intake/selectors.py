"""Reading signals through the access policy, with audit of every person shown."""

from django.db.models import Q
from django.http import Http404

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons, record_read
from schakel.registry.models import Person

from .models import Signal
from .workflow import OPEN_STATUSES


def get_signal_for_view(user, pk) -> Signal:
    try:
        signal = (
            Signal.objects.visible_to(user)
            .select_related("category", "reporting_organisation", "receiving_organisation")
            .get(pk=pk)
        )
    except (Signal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record_read(user, AuditAction.VIEW, obj=signal, purpose=Purpose.TRIAGE)
    record_persons(
        user,
        AuditAction.VIEW,
        signal.persons.filter(pk__in=Person.objects.visible_to(user).values("pk")),
        obj=signal,
        purpose=Purpose.TRIAGE,
    )
    return signal


def signals_for_list(user, status: str = ""):
    signals = Signal.objects.visible_to(user).select_related(
        "category", "reporting_organisation", "receiving_organisation"
    )
    if status:
        signals = signals.filter(status=status)
    return signals.order_by("-created_at")


def same_subjects(signal: Signal) -> Q | None:
    """A filter on the signal's persons and addresses (None when it names neither): for the
    duplicate hints on the signal page, here and in `cases.selectors`."""
    person_ids = list(signal.persons.values_list("pk", flat=True))
    address_ids = list(signal.addresses.values_list("pk", flat=True))
    if not person_ids and not address_ids:
        return None
    return Q(persons__in=person_ids) | Q(addresses__in=address_ids)


def duplicate_signals(signal: Signal, user) -> list[Signal]:
    """Other open signals about the same persons or addresses — only those the user may see,
    so that a hint never reveals a signal outside the user's need-to-know."""
    subject = same_subjects(signal)
    if subject is None:
        return []
    return list(
        Signal.objects.visible_to(user)
        .filter(subject, status__in=OPEN_STATUSES)
        .exclude(pk=signal.pk)
        .distinct()
    )

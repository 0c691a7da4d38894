"""Reading signals through the access policy, with audit of every person shown."""

from django.http import Http404

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons

from .models import Signal


def get_signal_for_view(user, pk) -> Signal:
    try:
        signal = (
            Signal.objects.visible_to(user)
            .select_related("category", "reporting_organisation", "receiving_organisation")
            .get(pk=pk)
        )
    except (Signal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record(user, AuditAction.VIEW, obj=signal, purpose=Purpose.TRIAGE)
    record_persons(
        user,
        AuditAction.VIEW,
        signal.persons.all(),
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

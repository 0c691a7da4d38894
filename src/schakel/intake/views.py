"""Signals: register and list. The page of one signal, where the Veiligheidshuis triages it, opens
a case or dismisses it, lives in `cases.signal_views`: opening a case is the cases' business, and
`cases` builds on `intake`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.audit.services import record
from schakel.registry.forms import AddressSubjectForm, PersonSubjectForm
from schakel.registry.subjects import statement_from_forms
from schakel.web.forms import submit

from . import selectors, services
from .forms import SignalForm
from .models import Signal


def _require_case_worker(user):
    if not policy.works_on_cases(user):
        raise PermissionDenied


@login_required
def signal_list(request):
    _require_case_worker(request.user)
    status = request.GET.get("status", "")
    if status not in Signal.Status.values:
        status = ""
    page = Paginator(selectors.signals_for_list(request.user, status), 25).get_page(
        request.GET.get("page")
    )
    record(
        request.user,
        AuditAction.LIST,
        object_type="intake.signal",
        detail=f"{len(page.object_list)} signalen, pagina {page.number}",
    )
    return render(
        request,
        "intake/signal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Signal.Status.choices,
        },
    )


@transaction.atomic
def _create_signal(user, data, person_form, address_form) -> Signal:
    """Register the signal with what the reporter typed about whom, or nothing.

    No person is looked up here: the Veiligheidshuis establishes who the signal is about.
    """
    statement = statement_from_forms(person_form, address_form, by=user)
    statements = [statement] if statement else []
    addresses = [statement.address] if statement and statement.address else []
    return services.create_signal(
        by=user, reported_subjects=statements, addresses=addresses, **data
    )


@login_required
def signal_create(request):
    _require_case_worker(request.user)
    form = SignalForm(request.POST or None, user=request.user)
    person_form = PersonSubjectForm(request.POST or None, prefix="person")
    address_form = AddressSubjectForm(request.POST or None, prefix="address")
    if all(f.is_valid() for f in (form, person_form, address_form)):
        registered = submit(
            request,
            form,
            lambda data: _create_signal(request.user, data, person_form, address_form),
            success=lambda signal: (
                _("Signal %(ref)s has been registered.") % {"ref": signal.reference}
            ),
        )
        if registered:
            signal = registered.result
            if Signal.objects.visible_to(request.user).filter(pk=signal.pk).exists():
                return redirect("intake:detail", signal.pk)
            return redirect("intake:list")
    return render(
        request,
        "intake/signal_form.html",
        {
            "form": form,
            "person_form": person_form,
            "address_form": address_form,
        },
    )

"""Signals: register, list, and (for the Veiligheidshuis) triage, open a case, or dismiss."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases import selectors as case_selectors
from schakel.cases import services as case_services
from schakel.cases.forms import OpenCaseForm
from schakel.cases.models import Case
from schakel.registry.forms import AddressSubjectForm, PersonSubjectForm
from schakel.registry.subjects import subjects_from_forms
from schakel.triage.forms import TriageForm
from schakel.web.forms import submit

from . import selectors, services
from .forms import DismissForm, SignalForm
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
    """Register the signal with its persons and addresses, or nothing."""
    persons, addresses = subjects_from_forms(
        person_form, address_form, by=user, purpose=Purpose.SIGNAL_REPORTING
    )
    return services.create_signal(by=user, persons=persons, addresses=addresses, **data)


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


def _detail_context(request, signal, **forms):
    user = request.user
    directs = policy.can_handle_signal(user, signal)
    context = {
        "signal": signal,
        "show_description": policy.signal_description_visible(user, signal),
        "persons": signal.persons.select_related("address"),
        "addresses": signal.addresses.all(),
        "hints": {
            "signals": selectors.duplicate_signals(signal, user),
            # TODO(issue 8): case data on the signal page; intake may not import cases.
            "cases": case_selectors.open_cases_on_subjects_of(signal, user),
        },
        "decisions": signal.triage_decisions.select_related(
            "level", "lead_organisation", "decided_by"
        ).prefetch_related("answers__criterion"),
        "directs": directs,
        "opened_cases": Case.objects.visible_to(user).filter(source_signal=signal),
    }
    if directs and signal.status == Signal.Status.RECEIVED:
        context["triage_form"] = forms.get("triage_form") or TriageForm(
            initial={"lead_organisation": user.organisation}
        )
    if directs and signal.status == Signal.Status.TRIAGED:
        context["open_form"] = forms.get("open_form") or OpenCaseForm(
            host=user.organisation, initial={"coordinator": user}
        )
    if directs and signal.is_open:
        context["dismiss_form"] = forms.get("dismiss_form") or DismissForm()
    return context


@login_required
def signal_detail(request, pk):
    signal = selectors.get_signal_for_view(request.user, pk)
    return render(request, "intake/signal_detail.html", _detail_context(request, signal))


@login_required
@require_POST
def signal_triage(request, pk):
    signal = selectors.get_signal_for_view(request.user, pk)
    form = TriageForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.triage_signal(
            signal,
            by=request.user,
            level=data["level"],
            lead_organisation=data["lead_organisation"],
            reason=data["reason"],
            review_date=data["review_date"],
            answers=form.answers(),
        ),
        success=_("Triage recorded."),
    ):
        return redirect("intake:detail", signal.pk)
    return render(
        request,
        "intake/signal_detail.html",
        _detail_context(request, signal, triage_form=form),
        status=400,
    )


@login_required
@require_POST
def signal_open_case(request, pk):
    signal = selectors.get_signal_for_view(request.user, pk)
    form = OpenCaseForm(request.POST, host=request.user.organisation)
    opened = submit(
        request,
        form,
        lambda data: case_services.open_case_from_signal(
            signal, by=request.user, title=data["title"], coordinator=data["coordinator"]
        ),
        success=lambda case: _("Case %(ref)s has been opened.") % {"ref": case.reference},
    )
    if opened:
        return redirect("cases:detail", opened.result.pk)
    return render(
        request,
        "intake/signal_detail.html",
        _detail_context(request, signal, open_form=form),
        status=400,
    )


@login_required
@require_POST
def signal_dismiss(request, pk):
    signal = selectors.get_signal_for_view(request.user, pk)
    form = DismissForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.dismiss_signal(signal, by=request.user, reason=data["reason"]),
        success=_("The signal has been dismissed."),
    ):
        return redirect("intake:detail", signal.pk)
    return render(
        request,
        "intake/signal_detail.html",
        _detail_context(request, signal, dismiss_form=form),
        status=400,
    )

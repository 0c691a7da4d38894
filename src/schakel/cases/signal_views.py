"""The page of one signal: read it and, for the Veiligheidshuis that received it, triage it, open a
case on it, or dismiss it.

It lives in `cases` rather than `intake` because it shows the cases on the signal's subjects and
opens a case, and `cases` builds on `intake` (docs/architecture.md). The URLs stay in the
`intake` namespace (`config/urls.py` joins `intake.urls` and `cases.signal_urls`).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy
from schakel.intake import handovers as handover_services
from schakel.intake import selectors as signal_selectors
from schakel.intake import services as signal_services
from schakel.intake.forms import DismissForm, HandoverDeclineForm, HandoverDoneForm
from schakel.intake.models import Handover, Signal
from schakel.intake.workflow import can_transition
from schakel.registry.forms import (
    attach_establish_forms,
    submit_establish,
)
from schakel.registry.models import Address, Person, ReportedSubject
from schakel.registry.selectors import statements_for_view
from schakel.triage.forms import TriageForm
from schakel.triage.models import TriageDecision
from schakel.web.forms import run_with_message, submit

from . import selectors, services
from .forms import OpenCaseForm
from .models import Case

TEMPLATE = "cases/signal_detail.html"


def _detail_context(request, signal, **forms):
    user = request.user
    directs = policy.can_handle_signal(user, signal)
    establishes = directs and signal.status != Signal.Status.CASE_OPENED
    statements = statements_for_view(
        user,
        signal.reported_subjects.select_related("person"),
        full=directs,
        candidates=establishes,
        obj=signal,
    )
    if establishes:
        attach_establish_forms(statements, forms.get("establish"))
    context = {
        "signal": signal,
        "show_description": policy.signal_description_visible(user, signal),
        # Known persons and address records only as far as the user may see them: the reporter
        # sees its own statements, not what the registry holds.
        "persons": signal.persons.filter(
            pk__in=Person.objects.visible_to(user).values("pk")
        ).select_related("address"),
        "addresses": signal.addresses.filter(pk__in=Address.objects.visible_to(user).values("pk")),
        "statements": statements,
        "hints": {
            "signals": signal_selectors.duplicate_signals(signal, user),
            "cases": selectors.open_cases_on_subjects_of(signal, user),
        },
        "decisions": TriageDecision.objects.readable_by(user)
        .filter(signal=signal)
        .select_related("level", "decided_by")
        .prefetch_related("answers__criterion"),
        "directs": directs,
        "opened_cases": Case.objects.visible_to(user).filter(source_signal=signal),
        "handovers": _handovers(user, signal, forms),
    }
    if directs and signal.status == Signal.Status.RECEIVED:
        context["triage_form"] = forms.get("triage_form") or TriageForm(
            user=user, initial={"lead_organisation": user.organisation}
        )
    if directs and signal.status == Signal.Status.TRIAGED:
        context["open_form"] = forms.get("open_form") or OpenCaseForm(
            host=user.organisation, initial={"coordinator": user}
        )
    if directs and can_transition(signal.status, Signal.Status.DISMISSED):
        context["dismiss_form"] = forms.get("dismiss_form") or DismissForm()
    return context


def _handovers(user, signal, forms) -> list[Handover]:
    """The hand-overs of the signal the user may see (the Veiligheidshuis all, a lead its own),
    each with the forms its lead may use in its state."""
    handovers = list(
        Handover.objects.visible_to(user)
        .filter(signal=signal)
        .select_related("organisation", "offered_by", "accepted_by", "declined_by", "done_by")
    )
    for handover in handovers:
        answers = policy.can_answer_handover(user, handover)
        handover.answers = answers and handover.state == Handover.State.OFFERED
        handover.reports = answers and handover.state == Handover.State.ACCEPTED
        if handover.answers:
            handover.decline_form = forms.get("decline_form") or HandoverDeclineForm()
        if handover.reports:
            handover.done_form = forms.get("done_form") or HandoverDoneForm()
    return handovers


def _rerender(request, signal, **forms):
    """The signal page again, with the refused form and its errors (400)."""
    return render(request, TEMPLATE, _detail_context(request, signal, **forms), status=400)


@login_required
def signal_detail(request, pk):
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    return render(request, TEMPLATE, _detail_context(request, signal))


@login_required
@require_POST
def signal_triage(request, pk):
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    form = TriageForm(request.POST, user=request.user)
    if submit(
        request,
        form,
        lambda data: signal_services.triage_signal(
            signal,
            by=request.user,
            level=data["level"],
            lead_organisation=data["lead_organisation"],
            reason=data["reason"],
            reason_category=data["reason_category"],
            review_date=data["review_date"],
            answers=form.answers(),
        ),
        success=_("Triage recorded."),
    ):
        return redirect("intake:detail", signal.pk)
    return _rerender(request, signal, triage_form=form)


@login_required
@require_POST
def signal_open_case(request, pk):
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    form = OpenCaseForm(request.POST, host=request.user.organisation)
    opened = submit(
        request,
        form,
        lambda data: services.open_case_from_signal(
            signal, by=request.user, title=data["title"], coordinator=data["coordinator"]
        ),
        success=lambda case: _("Case %(ref)s has been opened.") % {"ref": case.reference},
    )
    if opened:
        return redirect("cases:detail", opened.result.pk)
    return _rerender(request, signal, open_form=form)


@login_required
@require_POST
def signal_dismiss(request, pk):
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    form = DismissForm(request.POST)
    if submit(
        request,
        form,
        lambda data: signal_services.dismiss_signal(signal, by=request.user, reason=data["reason"]),
        success=_("The signal has been dismissed."),
    ):
        return redirect("intake:detail", signal.pk)
    return _rerender(request, signal, dismiss_form=form)


@login_required
@require_POST
def signal_establish_subject(request, pk, statement_pk):
    """Link a reported subject to a known person, or register a new person from it."""
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    statement = get_object_or_404(ReportedSubject.objects.filter(signals=signal), pk=statement_pk)
    done, form = submit_establish(
        request,
        statement,
        lambda person: signal_services.establish_signal_subject(
            signal, statement, by=request.user, person=person
        ),
    )
    if done:
        return redirect("intake:detail", signal.pk)
    return _rerender(request, signal, establish=(statement.pk, form))


def _handover(request, pk, handover_pk) -> tuple[Signal, Handover]:
    signal = signal_selectors.get_signal_for_view(request.user, pk)
    handover = get_object_or_404(
        Handover.objects.visible_to(request.user).filter(signal=signal), pk=handover_pk
    )
    return signal, handover


@login_required
@require_POST
def handover_accept(request, pk, handover_pk):
    signal, handover = _handover(request, pk, handover_pk)
    run_with_message(
        request,
        lambda: handover_services.accept_handover(handover, by=request.user),
        success=_("You have accepted the hand-over."),
    )
    return redirect("intake:detail", signal.pk)


@login_required
@require_POST
def handover_decline(request, pk, handover_pk):
    signal, handover = _handover(request, pk, handover_pk)
    form = HandoverDeclineForm(request.POST)
    if submit(
        request,
        form,
        lambda data: handover_services.decline_handover(
            handover, by=request.user, reason=data["reason"]
        ),
        success=_("You have declined the hand-over; the Veiligheidshuis has been told."),
    ):
        if Signal.objects.visible_to(request.user).filter(pk=signal.pk).exists():
            return redirect("intake:detail", signal.pk)
        return redirect("intake:list")
    return _rerender(request, signal, decline_form=form)


@login_required
@require_POST
def handover_done(request, pk, handover_pk):
    signal, handover = _handover(request, pk, handover_pk)
    form = HandoverDoneForm(request.POST)
    if submit(
        request,
        form,
        lambda data: handover_services.complete_handover(
            handover, by=request.user, result=data["result"]
        ),
        success=_("The result has been reported to the Veiligheidshuis."),
    ):
        return redirect("intake:detail", signal.pk)
    return _rerender(request, signal, done_form=form)

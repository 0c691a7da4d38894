"""Advice questions: the asker's list and form, the Veiligheidshuis's answer, one step to a
signal. Thin: the rules are in `services` and `querysets`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.audit.services import record, record_shown
from schakel.registry.forms import AddressSubjectForm, PersonSubjectForm
from schakel.registry.subjects import statement_from_forms
from schakel.web.forms import submit

from . import services
from .forms import AnswerForm, AskForm, ToSignalForm
from .models import AdviceQuestion


def _require_case_worker(user):
    if not policy.works_on_cases(user):
        raise PermissionDenied


@login_required
def question_list(request):
    _require_case_worker(request.user)
    questions = AdviceQuestion.objects.visible_to(request.user).select_related("organisation")
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    record(
        request.user,
        AuditAction.LIST,
        object_type="advice.advicequestion",
        detail=f"{len(page.object_list)} adviesvragen, pagina {page.number}",
    )
    return render(
        request,
        "advice/question_list.html",
        {
            "page": page,
            "questions": page.object_list,
            "may_ask": policy.may_ask_advice(request.user),
        },
    )


@transaction.atomic
def _ask(user, data, person_form, address_form) -> AdviceQuestion:
    """Persons named are kept as typed; nobody is looked up in the registry for the asker."""
    statement = statement_from_forms(person_form, address_form, by=user)
    return services.ask_advice(by=user, reported_subjects=[statement] if statement else [], **data)


@login_required
def ask(request):
    if not policy.may_ask_advice(request.user):
        raise PermissionDenied
    form = AskForm(request.POST or None, user=request.user)
    person_form = PersonSubjectForm(request.POST or None, prefix="person")
    address_form = AddressSubjectForm(request.POST or None, prefix="address")
    if all(f.is_valid() for f in (form, person_form, address_form)):
        asked = submit(
            request,
            form,
            lambda data: _ask(request.user, data, person_form, address_form),
            success=_("Your question has been sent to the Veiligheidshuis."),
        )
        if asked:
            return redirect("advice:detail", asked.result.pk)
    return render(
        request,
        "advice/ask.html",
        {"form": form, "person_form": person_form, "address_form": address_form},
        status=400 if request.method == "POST" else 200,
    )


def _visible(request, pk) -> AdviceQuestion:
    _require_case_worker(request.user)
    return get_object_or_404(
        AdviceQuestion.objects.visible_to(request.user).select_related(
            "organisation", "safety_house", "asked_by", "answered_by", "signal"
        ),
        pk=pk,
    )


def _render_detail(request, question, answer_form=None, signal_form=None, status=200):
    may_answer = question.is_open and policy.can_answer_advice(request.user, question)
    may_convert = (
        not question.is_open
        and not question.signal_id
        and policy.can_turn_advice_into_signal(request.user, question)
    )
    subjects = list(question.reported_subjects.all())
    # The question and each statement shown (personal data as typed), in one write.
    record_shown(request.user, AuditAction.VIEW, [(question, [])] + [(s, []) for s in subjects])
    return render(
        request,
        "advice/detail.html",
        {
            "question": question,
            # As typed, BSN masked, for the asker and the Veiligheidshuis alike: the advice
            # channel never matches anyone against the registry.
            "subjects": [{"statement": s, "bsn": s.masked_bsn} for s in subjects],
            "answer_form": (answer_form or AnswerForm()) if may_answer else None,
            "signal_form": (signal_form or ToSignalForm()) if may_convert else None,
        },
        status=status,
    )


@login_required
def detail(request, pk):
    question = _visible(request, pk)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if submit(
            request,
            form,
            lambda data: services.answer_advice(question, by=request.user, **data),
            success=_("The answer has been sent."),
        ):
            return redirect("advice:detail", question.pk)
        return _render_detail(request, question, answer_form=form, status=400)
    return _render_detail(request, question)


@login_required
@require_POST
def to_signal(request, pk):
    question = _visible(request, pk)
    form = ToSignalForm(request.POST)
    made = submit(
        request,
        form,
        lambda data: services.turn_advice_into_signal(question, by=request.user, **data),
        success=lambda signal: _("Signal %(ref)s has been registered.") % {"ref": signal.reference},
    )
    if made:
        return redirect("advice:detail", question.pk)
    return _render_detail(request, question, signal_form=form, status=400)

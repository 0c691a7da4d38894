"""Case conference pages: thin views that parse, call a service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.web.forms import run_with_message, submit

from . import selectors, services
from .forms import (
    AgendaItemForm,
    ConferenceForm,
    ConveneForm,
    DecisionForm,
    InviteForm,
    PutOnAgendaForm,
    ReviewForm,
)
from .models import Conference


def _to_detail(conference, anchor: str = ""):
    url = reverse("conferences:detail", args=[conference.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _decision_form(user, item, data=None):
    return DecisionForm(data, user=user, prefix=f"decision-{item.pk}")


def _review_form(intervention, data=None):
    return ReviewForm(data, prefix=f"review-{intervention.pk}")


def _render_detail(request, conference, bound=None):
    """The detail page; `bound` holds a submitted form with errors, keyed like the page's forms."""
    user = request.user
    bound = bound or {}
    data = selectors.conference_detail(user, conference)
    if data["can_run"] and data["is_planned"]:
        data["agenda_form"] = bound.get("agenda") or AgendaItemForm(
            cases=selectors.addable_cases(user, conference), user=user
        )
        data["invite_form"] = bound.get("invite") or InviteForm(
            users=selectors.invitable_users(conference)
        )
    if data["may_record"] and data["is_planned"]:
        for row in data["agenda"]:
            if not row["visible"]:
                continue
            item = row["item"]
            row["decision_form"] = bound.get(("decision", item.pk)) or _decision_form(user, item)
            row["review_forms"] = [
                (i, bound.get(("review", i.pk)) or _review_form(i)) for i in row["overdue"]
            ]
    data["statement"] = services.CONFIDENTIALITY_STATEMENT
    return render(request, "conferences/detail.html", data)


@login_required
def conference_list(request):
    conferences = list(selectors.conferences_for(request.user))
    context = {
        "planned": [c for c in conferences if c.status == Conference.Status.PLANNED],
        "past": [c for c in conferences if c.status != Conference.Status.PLANNED],
        "can_plan": policy.can_direct_cases(request.user),
    }
    return render(request, "conferences/list.html", context)


@login_required
def conference_create(request):
    user = request.user
    if not policy.can_direct_cases(user):
        raise PermissionDenied
    form = ConferenceForm(request.POST or None, user=user)
    planned = submit(
        request,
        form,
        lambda data: services.plan_conference(
            by=user,
            title=data["title"],
            starts_at=data["starts_at"],
            location=data["location"],
            chair=data["chair"],
        ),
        success=_("The case conference has been planned."),
    )
    if planned:
        return _to_detail(planned.result)
    status = 400 if form.is_bound else 200
    return render(request, "conferences/form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def convene(request, case_pk):
    """Convene a conference on one case: for who manages it (e.g. the HIT coordinator)."""
    user = request.user
    case = selectors.get_visible_case(user, case_pk)
    if not policy.can_manage_case(user, case):
        raise PermissionDenied
    form = ConveneForm(request.POST or None)
    convened = submit(
        request,
        form,
        lambda data: services.convene_on_case(case, by=user, **data),
        success=_("The case conference has been planned. Invite the partners."),
    )
    if convened:
        return _to_detail(convened.result, "attendees")
    return render(
        request,
        "conferences/convene.html",
        {"form": form, "case": case},
        status=400 if form.is_bound else 200,
    )


@login_required
def conference_detail(request, pk):
    return _render_detail(request, selectors.get_conference(request.user, pk))


@login_required
def conference_print(request, pk):
    conference = selectors.get_conference(request.user, pk)
    data = selectors.conference_detail(request.user, conference, action=AuditAction.PRINT)
    data["statement"] = services.CONFIDENTIALITY_STATEMENT
    return render(request, "conferences/print.html", data)


@login_required
@require_POST
def add_agenda_item(request, pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    form = AgendaItemForm(request.POST, cases=selectors.addable_cases(user, conference), user=user)
    if submit(
        request,
        form,
        lambda data: services.add_case_to_agenda(
            conference,
            data["case"],
            by=user,
            question=data["question"],
            question_category=data["question_category"],
        ),
        success=_("The case has been put on the agenda."),
    ):
        return _to_detail(conference, "agenda")
    return _render_detail(request, conference, {"agenda": form})


@login_required
@require_POST
def remove_agenda_item(request, pk, item_pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    item = selectors.get_agenda_item(user, conference, item_pk)
    run_with_message(
        request,
        lambda: services.remove_case_from_agenda(item, by=user),
        _("The case has been taken off the agenda."),
    )
    return _to_detail(conference, "agenda")


@login_required
@require_POST
def invite(request, pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    form = InviteForm(request.POST, users=selectors.invitable_users(conference))
    if submit(
        request,
        form,
        lambda data: services.invite_attendee(conference, data["user"], by=user),
        success=_("The attendee has been invited."),
    ):
        return _to_detail(conference, "attendees")
    return _render_detail(request, conference, {"invite": form})


@login_required
@require_POST
def accept_confidentiality(request, pk, attendance_pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    attendance = selectors.get_attendance(conference, attendance_pk)
    run_with_message(
        request,
        lambda: services.accept_confidentiality(attendance, by=user),
        _("The confidentiality statement has been accepted."),
    )
    return _to_detail(conference, "attendees")


@login_required
@require_POST
def record_attendance(request, pk, attendance_pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    attendance = selectors.get_attendance(conference, attendance_pk)
    run_with_message(
        request,
        lambda: services.record_attendance(
            attendance, by=user, presence=request.POST.get("presence", "")
        ),
        _("The attendance has been recorded."),
    )
    return _to_detail(conference, "attendees")


@login_required
@require_POST
def record_decision(request, pk, item_pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    item = selectors.get_agenda_item(user, conference, item_pk)
    form = _decision_form(user, item, request.POST)
    if submit(
        request,
        form,
        lambda data: services.record_decision(
            conference, item.case, by=user, text=data["text"], category=data["category"]
        ),
        success=_("The decision has been recorded."),
    ):
        return _to_detail(conference, f"item-{item.pk}")
    return _render_detail(request, conference, {("decision", item.pk): form})


@login_required
@require_POST
def review_action(request, pk, intervention_pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    intervention = selectors.get_reviewable_intervention(user, conference, intervention_pk)
    form = _review_form(intervention, request.POST)
    if submit(
        request,
        form,
        lambda data: services.review_action(
            conference,
            intervention,
            by=user,
            reason=data["reason"],
            explanation=data["explanation"],
        ),
        success=_("The review has been recorded."),
    ):
        return _to_detail(conference, f"review-{intervention.pk}")
    return _render_detail(request, conference, {("review", intervention.pk): form})


@login_required
@require_POST
def hold(request, pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    run_with_message(
        request,
        lambda: services.hold_conference(conference, by=user),
        _("The case conference has been marked as held."),
    )
    return _to_detail(conference)


@login_required
@require_POST
def minutes(request, pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    run_with_message(
        request,
        lambda: services.record_minutes(conference, by=user, text=request.POST.get("minutes", "")),
        _("The minutes have been saved."),
    )
    return _to_detail(conference, "minutes")


@login_required
@require_POST
def cancel(request, pk):
    user = request.user
    conference = selectors.get_conference(user, pk)
    run_with_message(
        request,
        lambda: services.cancel_conference(conference, by=user),
        _("The case conference has been cancelled."),
    )
    return _to_detail(conference)


@login_required
@require_POST
def put_case_on_agenda(request, case_pk):
    """From the case page: put this case on the agenda of a planned conference."""
    user = request.user
    case = selectors.get_visible_case(user, case_pk)
    form = PutOnAgendaForm(
        request.POST, conferences=selectors.plannable_conferences(user), user=user
    )
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.add_case_to_agenda(
                form.cleaned_data["conference"],
                case,
                by=user,
                question=form.cleaned_data["question"],
                question_category=form.cleaned_data["question_category"],
            ),
            _("The case has been put on the agenda."),
        )
    else:
        messages.error(request, _("Choose a planned case conference."))
    return redirect("cases:conferences", case.pk)

"""The action plan's forms on the case page: thin handlers that call `plans.services`.

A successful change redirects back to the case page with a message. A form that does not
validate, or that a service refuses, is shown again on a small page of its own with the input and
the errors (status 400), so nothing typed is lost. Cases and interventions the user may not see
give 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schakel.cases.models import Case
from schakel.web.forms import run_with_message, submit

from . import services
from .forms import GoalForm, InterventionForm, InterventionUpdateForm
from .models import Intervention


def _visible_case(user, pk) -> Case:
    try:
        return Case.objects.visible_to(user).select_related("host_organisation").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def _back_to_case(case_pk: int):
    return redirect("cases:plan", case_pk)


def _form_page(request, case, form, *, title, button, action, intervention=None):
    return render(
        request,
        "plans/plan_form_page.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "button": button,
            "action": action,
            "intervention": intervention,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_goal(request, pk):
    case = _visible_case(request.user, pk)
    form = GoalForm(request.POST if request.method == "POST" else None)
    if submit(
        request,
        form,
        lambda data: services.add_goal(case, request.user, data["description"]),
        success=_("The goal has been added to the plan."),
    ):
        return _back_to_case(case.pk)
    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Add a goal"),
        button=gettext_lazy("Add goal"),
        action=reverse("plans:add_goal", args=[case.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_intervention(request, pk):
    case = _visible_case(request.user, pk)
    form = InterventionForm(request.POST if request.method == "POST" else None, case=case)
    if submit(
        request,
        form,
        lambda data: services.add_intervention(case, request.user, **data),
        success=lambda _intervention: (
            _("Intervention '%(type)s' has been added to the plan.")
            % {"type": form.cleaned_data["type"]}
        ),
    ):
        return _back_to_case(case.pk)
    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Add an intervention"),
        button=gettext_lazy("Add intervention"),
        action=reverse("plans:add_intervention", args=[case.pk]),
    )


@login_required
@require_POST
def adopt_plan(request, pk):
    case = _visible_case(request.user, pk)
    run_with_message(
        request,
        lambda: services.adopt_plan(case, request.user),
        _("The action plan has been adopted."),
    )
    return _back_to_case(case.pk)


@login_required
@require_POST
def start_execution(request, pk):
    case = _visible_case(request.user, pk)
    run_with_message(
        request,
        lambda: services.start_execution(case, request.user),
        _("Execution of the action plan has started."),
    )
    return _back_to_case(case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def update_intervention(request, pk):
    try:
        intervention = (
            Intervention.objects.visible_to(request.user)
            .select_related("type", "plan__case", "owner_organisation")
            .get(pk=pk)
        )
    except Intervention.DoesNotExist:
        raise Http404 from None
    case = intervention.plan.case
    form = InterventionUpdateForm(
        request.POST if request.method == "POST" else None, intervention=intervention
    )
    if submit(
        request,
        form,
        lambda data: services.report_on_intervention(intervention, request.user, **data),
        success=lambda _updated: (
            _("Intervention '%(type)s' has been updated.") % {"type": intervention.type}
        ),
    ):
        return _back_to_case(case.pk)
    return _form_page(
        request,
        case,
        form,
        title=gettext_lazy("Report on an intervention"),
        button=pgettext_lazy("intervention progress", "Save"),
        action=reverse("plans:update_intervention", args=[intervention.pk]),
        intervention=intervention,
    )


@login_required
@require_POST
def toggle_goal(request, pk):
    """Mark a goal achieved, or undo that; the goal's case must be visible to the user."""
    from .models import Goal

    goal = Goal.objects.filter(plan__case__in=Case.objects.visible_to(request.user), pk=pk).first()
    if goal is None:
        raise Http404
    run_with_message(
        request,
        lambda: services.mark_goal_achieved(goal, request.user, achieved=not goal.achieved),
        _("The goal has been updated."),
    )
    return _back_to_case(goal.plan.case_id)

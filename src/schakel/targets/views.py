"""Pages of the person-oriented approach: thin handlers (parse, call a service or selector,
render). Lists and persons the user may not see give 404; a refused action is shown on its form.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.jobs.models import Job
from schakel.jobs.services import start_job
from schakel.plans.models import Intervention
from schakel.web.forms import run_with_message, submit

from . import charts, jobs, metrics, report, selectors, services
from .forms import (
    ActionCheckForm,
    ApplyRuleForm,
    AssessmentForm,
    BottleneckForm,
    BottleneckUpdateForm,
    ChangeCoordinatorForm,
    DecisionForm,
    ImportForm,
    LifeDomainTagForm,
    MeetingForm,
    MonthForm,
    OpenCaseForPersonForm,
    TheoryBoxForm,
)
from .models import (
    AssessmentInstrument,
    Bottleneck,
    Direction,
    EvaluationMeeting,
    ListMembership,
    MeetingAction,
    Proposal,
    TheoryBox,
)
from .querysets import may_work_with_target_person, may_work_with_target_person_on_list


def _require_lists(user) -> None:
    if not policy.may_use_target_lists(user):
        raise PermissionDenied


@login_required
def index(request):
    _require_lists(request.user)
    return render(
        request,
        "targets/index.html",
        {
            "lists": selectors.list_overview(request.user),
            "may_import": policy.may_import_registrations(request.user),
            "has_persons": ListMembership.objects.visible_to(request.user).exists(),
        },
    )


@login_required
def list_detail(request, pk):
    target_list = selectors.get_list(request.user, pk)
    manages = policy.may_manage_target_list(request.user, target_list)
    today = timezone.localdate()
    start = today.replace(day=1)
    return render(
        request,
        "targets/list_detail.html",
        {
            "target_list": target_list,
            "rule": target_list.rule,
            "rule_categories": target_list.rule.categories.all(),
            "manages": manages,
            "members": selectors.members(request.user, target_list),
            "flow": metrics.flow(target_list, start, today),
            "apply_form": ApplyRuleForm(initial={"as_of": today}) if manages else None,
            "applications": target_list.applications.select_related("applied_by")[:10]
            if manages
            else [],
            "sees_persons": ListMembership.objects.visible_to(request.user).exists(),
        },
    )


@login_required
@require_POST
def apply_rule(request, pk):
    target_list = selectors.get_list(request.user, pk)
    form = ApplyRuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("targets:list", pk=target_list.pk)
    applied = run_with_message(
        request,
        lambda: services.apply_rule(target_list, by=request.user, as_of=form.cleaned_data["as_of"]),
        _("The rule has been applied; decide on the proposals below."),
    )
    if not applied:
        return redirect("targets:list", pk=target_list.pk)
    return redirect("targets:application", pk=applied.result.pk)


@login_required
def application_detail(request, pk):
    application = selectors.get_application(request.user, pk)
    return render(
        request,
        "targets/application_detail.html",
        {"application": application, **selectors.application_proposals(request.user, application)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    try:
        proposal = Proposal.objects.select_related("application__target_list", "person").get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    application = selectors.get_application(request.user, proposal.application_id)
    target_list = application.target_list
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        direction=proposal.direction,
        initial={
            "direction": Direction.IN if proposal.direction == Direction.IN else Direction.OUT,
            "effective_on": timezone.localdate(),
            "reason": proposal.reason,
            "coordinator": request.user.pk
            if services.eligible_coordinators().filter(pk=request.user.pk).exists()
            else None,
        },
    )

    def decide(data):
        decided = {
            "by": request.user,
            "reason": data["reason"],
            "effective_on": data["effective_on"],
            "best_cards": data.get("best_cards"),
            "proposal": proposal,
        }
        if data["direction"] == Direction.IN:
            return services.include_on_list(
                target_list, proposal.person, coordinator=data.get("coordinator"), **decided
            )
        if data["direction"] == Direction.OUT:
            return services.remove_from_list(target_list, proposal.person, **decided)
        return services.record_not_included(target_list, proposal.person, **decided)

    if submit(request, form, decide, success=_("The decision has been recorded.")):
        return redirect(reverse("targets:application", args=[application.pk]) + f"#p{proposal.pk}")
    record(
        request.user,
        AuditAction.VIEW,
        obj=proposal,
        person=proposal.person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
    )
    return render(
        request,
        "targets/decide.html",
        {"proposal": proposal, "application": application, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def person_detail(request, pk):
    person, memberships = selectors.get_person(request.user, pk)
    context = selectors.person_page(request.user, person, memberships)
    context["tag_form"] = LifeDomainTagForm()
    context["manages_any"] = any(
        policy.may_manage_target_list(request.user, m.target_list) for m in memberships
    )
    # What the coordinator can do from here (issue 11): open a case or plan, convene a meeting.
    context["acts_for"] = {
        m.pk for m in memberships if policy.may_act_for_target_person(request.user, m)
    }
    context["open_cases"] = [
        (case, policy.can_manage_case(request.user, case))
        for case in Case.objects.visible_to(request.user)
        .filter(persons=person, status__in=OPEN_STATUSES)
        .order_by("-created_at")
    ]
    return render(request, "targets/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request, pk):
    """The coordinator opens a case (with its first goal) for a person on the list."""
    membership = _membership(request, pk)
    if not policy.may_act_for_target_person(request.user, membership):
        raise PermissionDenied
    form = OpenCaseForPersonForm(request.POST if request.method == "POST" else None)
    opened = submit(
        request,
        form,
        lambda data: services.open_case_for_person(membership, by=request.user, **data),
        success=_("The case has been opened. Invite the partners who take part."),
    )
    if opened:
        return redirect("cases:detail", opened.result.pk)
    return _person_form_page(
        request, membership, form, _("Open a case for this person"), _("Open case")
    )


def _person_form_page(request, membership: ListMembership, form, title: str, button: str):
    """A form about one person on a list; the page names the person, so it is audited."""
    record(
        request.user,
        AuditAction.VIEW,
        obj=membership,
        person=membership.person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
    )
    return render(
        request,
        "targets/form_page.html",
        {
            "person": membership.person,
            "form": form,
            "title": title,
            "button": button,
            "back": reverse("targets:person", args=[membership.person_id]),
        },
        status=400 if form.is_bound else 200,
    )


def _membership(request, pk) -> ListMembership:
    """A membership the user may see (else 404)."""
    try:
        return (
            ListMembership.objects.visible_to(request.user)
            .select_related("person", "target_list", "coordinator__organisation")
            .get(pk=pk)
        )
    except ListMembership.DoesNotExist:
        raise Http404 from None


def _person_for_work(request, pk, *, audit: bool = True):
    """The person, when the user may work with them (else 404); the page view is audited."""
    person, memberships = selectors.get_person(request.user, pk, audit=audit)
    if not may_work_with_target_person(request.user, person):
        raise Http404
    return person, memberships


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    person, _memberships = _person_for_work(request, pk)
    instruments = AssessmentInstrument.objects.filter(is_active=True)
    chosen = request.POST.get("instrument") or request.GET.get("instrument")
    instrument = None
    if chosen:
        instrument = instruments.filter(pk=chosen).first() if str(chosen).isdigit() else None
        if instrument is None:
            raise Http404
    if instrument is None:
        return render(
            request,
            "targets/assess_choose.html",
            {"person": person, "instruments": instruments},
        )
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        initial={"assessed_on": timezone.localdate()},
    )
    if submit(
        request,
        form,
        lambda data: services.record_assessment(
            person,
            by=request.user,
            instrument=instrument,
            assessed_on=data["assessed_on"],
            scores=form.scores(),
            note=data["note"],
        ),
        success=_("The assessment has been recorded."),
    ):
        return redirect(reverse("targets:person", args=[person.pk]) + "#life-domains")
    return render(
        request,
        "targets/assess.html",
        {"person": person, "instrument": instrument, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def person_trend(request, pk):
    person, _memberships = selectors.get_person(request.user, pk)
    instruments = selectors.trend(person)
    for entry in instruments:
        entry["chart"] = charts.trend_svg(
            [row["domain"].name for row in entry["rows"]],
            [a.assessed_on.isoformat() for a in entry["assessments"]],
            [row["values"] for row in entry["rows"]],
            entry["instrument"].scale_max,
            title=_("Scores per life domain over time (%(instrument)s)")
            % {"instrument": entry["instrument"]},
        )
    return render(
        request, "targets/person_trend.html", {"person": person, "instruments": instruments}
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_bottleneck(request, pk):
    person, memberships = _person_for_work(request, pk)
    lists = [m.target_list for m in memberships if m.is_active]
    form = BottleneckForm(
        request.POST if request.method == "POST" else None, lists=_queryset(lists)
    )
    if submit(
        request,
        form,
        lambda data: services.record_bottleneck(person, by=request.user, **data),
        success=_("The bottleneck has been recorded."),
    ):
        return redirect(reverse("targets:person", args=[person.pk]) + "#bottlenecks")
    return render(
        request,
        "targets/form_page.html",
        {
            "person": person,
            "form": form,
            "title": _("Record a bottleneck"),
            "button": _("Record bottleneck"),
            "back": reverse("targets:person", args=[person.pk]) + "#bottlenecks",
        },
        status=400 if form.is_bound else 200,
    )


def _queryset(lists):
    from .models import TargetList

    return TargetList.objects.filter(pk__in=[t.pk for t in lists])


@login_required
@require_POST
def update_bottleneck(request, pk):
    try:
        bottleneck = Bottleneck.objects.select_related("person").get(pk=pk)
    except Bottleneck.DoesNotExist:
        raise Http404 from None
    person, _memberships = _person_for_work(request, bottleneck.person_id, audit=False)
    if not may_work_with_target_person_on_list(request.user, person.pk, bottleneck.target_list_id):
        raise Http404
    form = BottleneckUpdateForm(request.POST)
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.update_bottleneck(bottleneck, by=request.user, **form.cleaned_data),
            _("The bottleneck has been updated."),
        )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(reverse("targets:person", args=[person.pk]) + "#bottlenecks")


@login_required
@require_POST
def tag_intervention(request, pk, intervention_pk):
    person, _memberships = _person_for_work(request, pk, audit=False)
    try:
        intervention = Intervention.objects.visible_to(request.user).get(pk=intervention_pk)
    except Intervention.DoesNotExist:
        raise Http404 from None
    form = LifeDomainTagForm(request.POST)
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.tag_intervention(
                intervention,
                by=request.user,
                person=person,
                life_domain=form.cleaned_data["life_domain"],
            ),
            _("The life domain of the intervention has been saved."),
        )
    else:
        messages.error(request, _("Choose a valid life domain."))
    return redirect(reverse("targets:person", args=[person.pk]) + "#plan")


@login_required
@require_http_methods(["GET", "POST"])
def change_coordinator(request, pk):
    try:
        membership = (
            ListMembership.objects.visible_to(request.user)
            .select_related("person", "target_list")
            .get(pk=pk)
        )
    except ListMembership.DoesNotExist:
        raise Http404 from None
    form = ChangeCoordinatorForm(request.POST if request.method == "POST" else None)
    if submit(
        request,
        form,
        lambda data: services.change_coordinator(membership, by=request.user, **data),
        success=_("The coordinator has been changed."),
    ):
        return redirect("targets:person", pk=membership.person_id)
    return _person_form_page(
        request, membership, form, _("Change the coordinator"), _("Change coordinator")
    )


@login_required
def workload(request):
    _require_lists(request.user)
    return render(request, "targets/workload.html", selectors.workload(request.user))


@login_required
def bottleneck_overview(request, pk):
    target_list = selectors.get_list(request.user, pk)
    today = timezone.localdate()
    summary = metrics.bottlenecks(target_list, today.replace(day=1), today)
    return render(
        request,
        "targets/bottlenecks.html",
        {
            "target_list": target_list,
            "summary": summary,
            "partners": sorted(
                ((_kind_label(k), n) for k, n in summary["partners"].items()), key=lambda x: -x[1]
            ),
            "rows": selectors.list_bottlenecks(request.user, target_list),
            "today": today,
        },
    )


def _kind_label(kind: str) -> str:
    from schakel.organisations.models import OrganisationKind

    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


@login_required
def recidivism(request, pk):
    target_list = selectors.get_list(request.user, pk)
    today = timezone.localdate()
    data = metrics.recidivism(target_list, today)
    chart = report.survival_chart(data["cohorts"])
    rows = metrics.recidivism_rows(data)
    return render(
        request,
        "targets/recidivism.html",
        {"target_list": target_list, "chart": chart, "rows": rows, "data": data},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    target_list = selectors.get_list(request.user, pk)
    manages = policy.may_manage_target_list(request.user, target_list)
    form = TheoryBoxForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if submit(
            request,
            form,
            lambda data: services.add_theory_box(target_list, by=request.user, **data),
            success=_("The box has been added to the program theory."),
        ):
            return redirect(reverse("targets:evaluation", args=[target_list.pk]) + "#theory")
    today = timezone.localdate()
    values = metrics.indicators(target_list, today.replace(day=1), today)
    theory = getattr(target_list, "program_theory", None)
    columns = []
    if theory is not None:
        for kind, label in TheoryBox.Kind.choices:
            boxes = list(theory.boxes.filter(kind=kind))
            for box in boxes:
                box.values = [values[c] for c in box.indicators if c in values]
            columns.append({"kind": kind, "label": label, "boxes": boxes})
    meetings = list(
        EvaluationMeeting.objects.filter(target_list=target_list)
        .select_related("recorded_by")
        .prefetch_related("actions")[:12]
    )
    return render(
        request,
        "targets/evaluation.html",
        {
            "target_list": target_list,
            "manages": manages,
            "theory": theory,
            "columns": [c for c in columns if c["kind"] != "condition"],
            "conditions": next((c for c in columns if c["kind"] == "condition"), None),
            "indicators": values.values(),
            "meetings": meetings,
            "form": form if manages else None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    target_list = selectors.get_list(request.user, pk)
    if not policy.may_manage_target_list(request.user, target_list):
        raise Http404
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate()},
    )
    recorded = submit(
        request,
        form,
        lambda data: services.record_meeting(
            target_list,
            by=request.user,
            held_on=data["held_on"],
            theme=data["theme"],
            insights=data["insights"],
            actions=form.actions(),
        ),
        success=_("The meeting has been recorded."),
    )
    if recorded:
        return redirect("targets:meeting", pk=recorded.result.pk)
    return render(
        request,
        "targets/form_page.html",
        {
            "form": form,
            "title": _("Record a monthly meeting"),
            "button": _("Record meeting"),
            "back": reverse("targets:evaluation", args=[target_list.pk]),
            "target_list": target_list,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def meeting_detail(request, pk):
    try:
        meeting = EvaluationMeeting.objects.select_related("target_list", "recorded_by").get(pk=pk)
    except EvaluationMeeting.DoesNotExist:
        raise Http404 from None
    target_list = selectors.get_list(request.user, meeting.target_list_id)
    manages = policy.may_manage_target_list(request.user, target_list)
    actions = list(meeting.actions.select_related("owner_organisation", "checked_in"))
    for action in actions:
        action.form = ActionCheckForm(action=action, prefix=f"a{action.pk}") if manages else None
    to_check = list(
        MeetingAction.objects.filter(
            meeting__target_list=target_list,
            meeting__held_on__lt=meeting.held_on,
            check_result=MeetingAction.Check.PENDING,
        ).select_related("meeting", "owner_organisation")
    )
    checked_here = list(meeting.checked_actions.select_related("meeting", "owner_organisation"))
    return render(
        request,
        "targets/meeting_detail.html",
        {
            "meeting": meeting,
            "target_list": target_list,
            "actions": actions,
            "to_check": to_check,
            "checked_here": checked_here,
            "manages": manages,
            "check_choices": [
                c for c in MeetingAction.Check.choices if c[0] != MeetingAction.Check.PENDING
            ],
        },
    )


@login_required
@require_POST
def check_action(request, pk):
    try:
        action = MeetingAction.objects.select_related("meeting__target_list").get(pk=pk)
    except MeetingAction.DoesNotExist:
        raise Http404 from None
    target_list = selectors.get_list(request.user, action.meeting.target_list_id)
    if not policy.may_manage_target_list(request.user, target_list):
        raise Http404
    form = ActionCheckForm(request.POST, action=action, prefix=f"a{action.pk}")
    if form.is_valid():
        if run_with_message(
            request,
            lambda: services.check_action(action, by=request.user, **form.cleaned_data),
            _("The check of the action has been recorded."),
        ):
            return redirect("targets:meeting", pk=form.cleaned_data["meeting"].pk)
    else:
        messages.error(request, _("Choose the later meeting and whether the action was done."))
    return redirect("targets:meeting", pk=action.meeting_id)


def _report_month(request) -> tuple[int, int]:
    form = MonthForm(request.GET or None)
    chosen = form.month()
    if chosen:
        return chosen
    today = timezone.localdate()
    return today.year, today.month


@login_required
def monthly_report(request, pk):
    target_list = selectors.get_list(request.user, pk)
    year, month = _report_month(request)
    data = report.build(target_list, year, month)
    return render(
        request,
        "targets/report.html",
        {
            "target_list": target_list,
            "report": data,
            "charts": report.svg_charts(data),
            "month_value": f"{year:04d}-{month:02d}",
            "month_form": MonthForm(initial={"maand": f"{year:04d}-{month:02d}"}),
        },
    )


@login_required
@require_POST
def monthly_report_pdf(request, pk):
    """Make the report's PDF as a background job; its page ends with the link to the file."""
    target_list = selectors.get_list(request.user, pk)
    year, month = _report_month(request)
    job = start_job(
        kind=jobs.REPORT_PDF,
        title=_("Monthly report %(list)s %(month)s (PDF)")
        % {"list": target_list.name[:120], "month": f"{year:04d}-{month:02d}"},
        by=request.user,
        params={"list": target_list.pk, "year": year, "month": month},
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
def monthly_report_pdf_download(request, job_pk):
    """The PDF a job made: only for the one who started it, and only while they may see the
    list (the report page's rule); every download is audited as an export."""
    job = get_object_or_404(
        Job.objects.visible_to(request.user),
        pk=job_pk,
        kind=jobs.REPORT_PDF,
        status=Job.Status.SUCCEEDED,
    )
    target_list = selectors.get_list(request.user, job.params["list"])
    path = jobs.report_pdf_path(job)
    if not path.exists():
        raise Http404
    year, month = job.params["year"], job.params["month"]
    record(
        request.user,
        AuditAction.EXPORT,
        obj=target_list,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"maandrapportage {year:04d}-{month:02d} (geaggregeerd)",
    )
    return FileResponse(
        path.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"maandrapportage-{target_list.pk}-{year:04d}-{month:02d}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_registrations(request):
    """Upload an extract; the background worker imports it (atomically) while the user watches
    its job's page, which ends with the result or each bad row with its line and reason."""
    if not policy.may_import_registrations(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(
            kind=jobs.REGISTRATIONS,
            title=_("Import of judicial registrations from %(file)s")
            % {"file": Path(upload.name).name[:120]},
            by=request.user,
            params={"source": form.cleaned_data["source"], "file_name": upload.name[:200]},
            upload=upload,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request, "targets/import.html", {"form": form}, status=400 if form.is_bound else 200
    )


# --- Work asked of a partner (issue 11): only that bottleneck or action, not the record. ----


@login_required
@require_http_methods(["GET", "POST"])
def asked_bottleneck(request, pk):
    """The partner asked to solve a bottleneck sees it (kind, description, contact) and answers
    it; the person's record and the list stay closed to it."""
    bottleneck = get_object_or_404(
        Bottleneck.objects.asked_of(request.user).select_related(
            "target_list", "raised_by", "asked_organisation"
        ),
        pk=pk,
    )
    if request.method == "POST":
        form = BottleneckUpdateForm(request.POST)
        if form.is_valid() and run_with_message(
            request,
            lambda: services.update_bottleneck(bottleneck, by=request.user, **form.cleaned_data),
            _("The bottleneck has been updated."),
        ):
            return redirect("targets:asked_bottleneck", pk=bottleneck.pk)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status."))
        bottleneck.refresh_from_db()
    record(
        request.user,
        AuditAction.VIEW,
        obj=bottleneck,
        person_id=bottleneck.person_id,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail="knelpunt gevraagd aan de partner",
    )
    return render(request, "targets/asked_bottleneck.html", {"bottleneck": bottleneck})


@login_required
def asked_action(request, pk):
    """The partner an evaluation action was agreed for sees it (no personal data)."""
    action = get_object_or_404(
        MeetingAction.objects.given_to(request.user).select_related(
            "meeting__target_list", "meeting__recorded_by", "checked_in"
        ),
        pk=pk,
    )
    return render(request, "targets/asked_action.html", {"action": action})

"""Pages of the area-based approach: thin handlers that call `areas.selectors` and `areas.services`.

Users without the area approach get 403; objects a user may not see give 404. A form that a
service refuses is shown again with the reason (status 400), so nothing typed is lost.
"""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.access import policy
from schakel.analytics import hotspots
from schakel.analytics.polygons import polygons_of
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons
from schakel.cases.models import Case
from schakel.incidents import maps
from schakel.plans.models import Intervention
from schakel.registry import services as registry_services
from schakel.web.forms import address_suggestions, run_with_message, submit

from . import services
from .forms import (
    AreaForm,
    BusinessForm,
    ChronicleEntryForm,
    CommitmentForm,
    FindingForm,
    GoalForm,
    HotspotCaseForm,
    InspectionForm,
    InspectionStatusForm,
    OutlineForm,
    OwnershipForm,
    PlanForm,
    PresenceForm,
    ResidentsMeetingForm,
    SurveyForm,
)
from .models import Finding, HotspotPlan, Presence, ResidentReport
from .selectors.areas import (
    addresses_in,
    area_outlines,
    area_tree_ids,
    areas_for,
    boundary_of,
    get_area,
    orientation_outlines,
)
from .selectors.chronicle import chronicle_items
from .selectors.incidents import HOTSPOT_MONTHS, area_emerging, area_hotspots, area_incidents
from .selectors.inspections import get_inspection, inspection_findings
from .selectors.method import method_report
from .selectors.owners import (
    get_registered_business,
    owner_register,
    owners_across_areas,
    owners_of_problem_addresses,
)
from .selectors.participation import (
    PRESENCE_MAP_DAYS,
    area_survey_results,
    get_survey,
    plan_survey_results,
    presence_geojson,
    presence_summary,
    recent_presence,
    survey_results,
    surveys_in,
)
from .selectors.plans import directs_plan, get_plan, plan_overview, plans_for
from .selectors.quickscan import quick_scan


def _require_area_user(user) -> None:
    if not policy.may_use_area_approach(user):
        raise PermissionDenied


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _cell_size(request) -> int:
    try:
        size = int(request.GET.get("cel", hotspots.DEFAULT_CELL_SIZE))
    except ValueError:
        return hotspots.DEFAULT_CELL_SIZE
    return size if size in hotspots.CELL_SIZES else hotspots.DEFAULT_CELL_SIZE


def _map_context(area=None, layers=(), *, own_outline=False, areas=()) -> dict:
    """The map of an area: its own outline, or (on the quick scan) those it is analysed by; or
    the outlines of several `areas` together (the public map: the installation's areas)."""
    if areas:
        outlines = [o for each in areas for o in area_outlines(each)]
    elif area is None:
        outlines = []
    elif own_outline:
        outlines = [b for b in [boundary_of(area)] if b is not None]
    else:
        outlines = area_outlines(area)
    outline = None
    if len(outlines) == 1:
        outline = outlines[0].geometry
    elif outlines:
        outline = {
            "type": "MultiPolygon",
            "coordinates": [polygon for o in outlines for polygon in polygons_of(o.geometry)],
        }
    return {"map_config": maps.map_config(layers=layers, outline=outline)}


def _drawing_map_context(area=None) -> dict:
    """The map of the outline form: the outlines to find one's way by (`orientation_outlines`);
    the area's own outline is in the form's field, which schakel/map-draw.js makes editable."""
    outlines = orientation_outlines(area)
    outline = None
    if len(outlines) == 1:
        outline = outlines[0].geometry
    elif outlines:
        outline = {
            "type": "MultiPolygon",
            "coordinates": [polygon for o in outlines for polygon in polygons_of(o.geometry)],
        }
    return {"map_config": maps.map_config(outline=outline)}


# --- Areas -----------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    _require_area_user(user)
    return render(
        request,
        "areas/index.html",
        {
            "areas": areas_for(user).order_by("kind", "name"),
            "plans": plans_for(user).order_by("-starts_on"),
            "can_define": policy.can_define_areas(user),
            "directs": policy.can_direct_area_approach(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_create(request):
    _require(policy.can_define_areas(request.user))
    form = AreaForm(request.POST or None)
    defined = submit(
        request,
        form,
        lambda data: services.define_area(by=request.user, **data),
        success=_("The area has been added."),
    )
    if defined:
        return redirect("areas:detail", defined.result.pk)
    return render(
        request,
        "areas/area_form.html",
        {"form": form, **_drawing_map_context()},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_outline(request, pk):
    area = get_area(request.user, pk)
    _require(policy.can_define_areas(request.user))
    boundary = boundary_of(area)
    initial = {"outline": json.dumps(boundary.geometry)} if boundary else None
    form = OutlineForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: services.set_outline(area, by=request.user, outline=data["outline"]),
        success=_("The outline has been saved."),
    ):
        return redirect("areas:detail", area.pk)
    return render(
        request,
        "areas/area_form.html",
        {"form": form, "area": area, **_drawing_map_context(area)},
        status=400 if form.is_bound else 200,
    )


@login_required
def area_detail(request, pk):
    user = request.user
    area = get_area(user, pk)
    cell_size = _cell_size(request)
    scan = quick_scan(user, area, cell_size=cell_size)
    if scan["sees_cases"]:
        record(
            user,
            AuditAction.LIST,
            obj=area,
            purpose=Purpose.AREA_QUICK_SCAN,
            detail=f"casussen {len(scan['cases'])} signalen {len(scan['signals'])}",
        )
    if scan.get("resident_reports"):
        record(
            user,
            AuditAction.LIST,
            object_type="areas.residentreport",
            detail="meldingen " + ",".join(str(r.pk) for r in scan["resident_reports"]),
            purpose=Purpose.AREA_QUICK_SCAN,
        )
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "scan": scan,
            "cell_size": cell_size,
            "cell_sizes": hotspots.CELL_SIZES,
            "can_define": policy.can_define_areas(user),
            "directs": policy.can_direct_area_approach(user),
            "class_legend": maps.class_legend(),
            "pattern_legend": maps.pattern_legend(),
            "surveys": area_survey_results(area, scan["tree"]),
            "presence": presence_summary(
                area,
                timezone.localdate() - datetime.timedelta(days=PRESENCE_MAP_DAYS),
                timezone.localdate(),
                scan["tree"],
            ),
            "may_log_presence": policy.may_log_presence(user),
            **_map_context(area, _quick_scan_layers(area, scan, cell_size)),
        },
    )


def _quick_scan_layers(area, scan, cell_size) -> list[dict]:
    """The hot spots (in the page) and the emerging hot spots (fetched when switched on)."""
    emerging_url = reverse("areas:emerging_geojson", args=[area.pk])
    return [
        maps.layer("hotspots", "classes", label=_("Hot spots"), data=scan["hotspots"].geojson),
        maps.layer(
            "emerging",
            "patterns",
            label=_("Emerging hot spots"),
            url=f"{emerging_url}?cel={cell_size}",
            shown=False,
        ),
        maps.layer(
            "presence",
            "presence",
            label=_("Visible presence (90 days)"),
            data=presence_geojson(area, scan["tree"]),
            code_labels=dict(Presence.Kind.choices),
        ),
    ]


@login_required
def area_hotspots_geojson(request, pk):
    """The significant Gi* cells of the area as GeoJSON (WGS84): aggregates, no personal data.
    The area page embeds the same cells; this is for GIS tools and the browser tests."""
    area = get_area(request.user, pk)
    since = timezone.now() - datetime.timedelta(days=30 * HOTSPOT_MONTHS)
    result = area_hotspots(
        area_incidents(area, since=since), cell_size=_cell_size(request), since=since
    )
    return JsonResponse(result.geojson | {"summary": result.summary})


@login_required
def area_emerging_geojson(request, pk):
    """Emerging hot-spot cells of the area (last twelve full months) as GeoJSON (WGS84), with
    the stable pattern codes of `incidents:emerging_geojson`: aggregates, no personal data."""
    area = get_area(request.user, pk)
    return JsonResponse(area_emerging(area, cell_size=_cell_size(request)))


# --- Hot-spot plans --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    area = get_area(request.user, pk)
    _require(policy.can_direct_area_approach(request.user))
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=365)},
    )
    made = submit(
        request,
        form,
        lambda data: services.create_plan(by=request.user, area=area, **data),
        success=_("The hot-spot plan has been made."),
    )
    if made:
        return redirect("areas:plan", made.result.pk)
    return _form_page(
        request,
        form,
        title=_("New hot-spot plan for %(area)s") % {"area": area},
        back=reverse("areas:detail", args=[area.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_plan(request.user, pk)
    _require(directs_plan(request.user, plan))
    form = PlanForm(request.POST or None, instance=plan)
    if submit(
        request,
        form,
        # The host of a plan stays who it was; the form only shows it.
        lambda data: services.update_plan(
            HotspotPlan.objects.get(pk=plan.pk),
            by=request.user,
            **{name: value for name, value in data.items() if name != "host_organisation"},
        ),
        success=_("The plan has been saved."),
    ):
        return redirect("areas:plan", plan.pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(plan)s") % {"plan": plan},
        back=reverse("areas:plan", args=[plan.pk]),
    )


def _form_page(request, form, *, title, back):
    return render(
        request,
        "areas/form_page.html",
        {"form": form, "title": title, "back": back},
        status=400 if form.is_bound else 200,
    )


@login_required
def plan_detail(request, pk, **bound_forms):
    """The plan: goals, cases, interventions, inspections, and its evaluation — sign-offs,
    residents' meetings, surveys and presence. `bound_forms` are forms sent back with errors."""
    user = request.user
    plan = get_plan(user, pk)
    overview = plan_overview(user, plan)
    if overview["cases"]:
        record(
            user,
            AuditAction.LIST,
            obj=plan,
            purpose=Purpose.AREA_APPROACH,
            detail="casussen " + ",".join(str(c.pk) for c in overview["cases"]),
        )
    today = timezone.localdate()
    context = {
        "plan": plan,
        "overview": overview,
        "commitments": list(plan.commitments.select_related("organisation")),
        "meetings": list(plan.residents_meetings.all()),
        "surveys": plan_survey_results(plan),
        "presence": presence_summary(plan.area, plan.starts_on, min(plan.ends_on, today)),
    }
    if overview["can_direct"]:
        context["goal_form"] = bound_forms.get("goal_form") or GoalForm(
            initial={
                "target_percent": -30,
                "baseline_start": plan.starts_on - datetime.timedelta(days=365),
                "baseline_end": plan.starts_on - datetime.timedelta(days=1),
                "measure_start": plan.starts_on,
                "measure_end": plan.ends_on,
            }
        )
        context["case_form"] = bound_forms.get("case_form") or HotspotCaseForm(user=user, plan=plan)
        context["commitment_form"] = bound_forms.get("commitment_form") or CommitmentForm(
            plan=plan, initial={"signed_on": today}
        )
        context["meeting_form"] = bound_forms.get("meeting_form") or ResidentsMeetingForm(
            initial={"held_on": today}
        )
    status = 400 if bound_forms else 200
    return render(request, "areas/plan_detail.html", context, status=status)


@login_required
@require_POST
def plan_add_goal(request, pk):
    plan = get_plan(request.user, pk)
    form = GoalForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.add_goal(plan, by=request.user, **data),
        success=_("The goal has been added."),
    ):
        return redirect("areas:plan", plan.pk)
    return plan_detail(request, pk, goal_form=form)


@login_required
@require_POST
def plan_add_case(request, pk):
    plan = get_plan(request.user, pk)
    form = HotspotCaseForm(request.POST, user=request.user, plan=plan)
    if submit(
        request,
        form,
        lambda data: services.add_hotspot_case(plan, by=request.user, case=data["case"]),
        success=_("The case has been added to the plan."),
    ):
        return redirect("areas:plan", plan.pk)
    return plan_detail(request, pk, case_form=form)


# --- Joint inspections -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request, pk):
    user = request.user
    area = get_area(user, pk)
    _require(policy.can_direct_area_approach(user))
    plan_pk = request.GET.get("plan")
    initial = {"planned_for": timezone.localdate() + datetime.timedelta(days=14)}
    if plan_pk and plan_pk.isdigit():
        plan = HotspotPlan.objects.filter(pk=plan_pk, area=area).first()
        if plan is not None:
            initial.update(
                plan=plan,
                host_organisation=plan.host_organisation,
                partners=list(plan.partners.all()),
            )
    form = InspectionForm(request.POST or None, user=user, area=area, initial=initial)
    planned = submit(
        request,
        form,
        lambda data: services.plan_inspection(by=user, area=area, **data),
        success=_("The joint inspection has been planned."),
    )
    if planned:
        return redirect("areas:inspection", planned.result.pk)
    return _form_page(
        request,
        form,
        title=_("Plan a joint inspection in %(area)s") % {"area": area},
        back=reverse("areas:detail", args=[area.pk]),
    )


@login_required
def inspection_detail(request, pk, finding_form=None):
    user = request.user
    inspection = get_inspection(user, pk)
    findings = list(inspection_findings(user, inspection))
    record(
        user,
        AuditAction.VIEW,
        obj=inspection,
        purpose=Purpose.JOINT_INSPECTION,
        detail=f"bevindingen {len(findings)}",
    )
    directs = policy.can_direct_inspection(user, inspection)
    # A follow-up's details show only where the user may see that intervention and case.
    visible_interventions = set(
        Intervention.objects.visible_to(user)
        .filter(pk__in=[f.intervention_id for f in findings if f.intervention_id])
        .values_list("pk", flat=True)
    )
    visible_cases = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[f.case_id for f in findings if f.case_id])
        .values_list("pk", flat=True)
    )
    context = {
        "visible_interventions": visible_interventions,
        "visible_cases": visible_cases,
        "inspection": inspection,
        "addresses": list(inspection.addresses.all()),
        "partners": list(inspection.partners.all()),
        "findings": findings,
        "hidden_findings": inspection.findings.count() - len(findings),
        "directs": directs,
    }
    if policy.can_record_finding(user, inspection) and inspection.status != "cancelled":
        context["finding_form"] = finding_form or FindingForm(user=user, inspection=inspection)
    if directs and inspection.status == "planned":
        context["status_form"] = InspectionStatusForm()
    return render(
        request,
        "areas/inspection_detail.html",
        context,
        status=400 if finding_form is not None else 200,
    )


@login_required
@require_POST
def inspection_status(request, pk):
    inspection = get_inspection(request.user, pk)
    form = InspectionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        run_with_message(
            request,
            lambda: services.set_inspection_status(
                inspection, by=request.user, status=form.cleaned_data["status"]
            ),
            _("The inspection status has been saved."),
        )
    return redirect("areas:inspection", inspection.pk)


@login_required
@require_POST
def finding_add(request, pk):
    user = request.user
    inspection = get_inspection(user, pk)
    form = FindingForm(request.POST, user=user, inspection=inspection)
    if submit(
        request,
        form,
        lambda data: services.record_finding(inspection, by=user, **data),
        success=_("The finding has been recorded."),
    ):
        return redirect("areas:inspection", inspection.pk)
    return inspection_detail(request, pk, finding_form=form)


@login_required
@require_POST
def finding_follow_up(request, pk):
    user = request.user
    try:
        finding = Finding.objects.visible_to(user).select_related("inspection").get(pk=pk)
    except (Finding.DoesNotExist, ValueError):
        raise Http404 from None
    run_with_message(
        request,
        lambda: services.follow_up_finding(finding, by=user),
        lambda intervention: _follow_up_planned(user, intervention),
    )
    return redirect("areas:inspection", finding.inspection_id)


def _follow_up_planned(user, intervention) -> str:
    """The follow-up's details, where the user may see that intervention; else only the case."""
    case = intervention.plan.case
    if Intervention.objects.visible_to(user).filter(pk=intervention.pk).exists():
        return _("Follow-up planned: %(type)s, deadline %(deadline)s, on case %(ref)s.") % {
            "type": intervention.type,
            "deadline": intervention.deadline.strftime("%d-%m-%Y"),
            "ref": case.reference,
        }
    return _("Follow-up planned on case %(ref)s.") % {"ref": case.reference}


# --- Owners ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def owners(request, pk):
    user = request.user
    area = get_area(user, pk)
    directs = policy.can_direct_area_approach(user) and policy.works_on_cases(user)
    form = OwnershipForm(request.POST or None, user=user, area=area) if directs else None
    if request.method == "POST":
        _require(directs)
        if submit(
            request,
            form,
            lambda _data: services.register_ownership(by=user, **form.owner_data()),
            success=_("The owner has been registered."),
        ):
            return redirect("areas:owners", area.pk)
    result = owners_of_problem_addresses(user, area)
    persons = [row["owner"] for row in result["rows"] if row["kind"] == "person"]
    record_persons(user, AuditAction.VIEW, persons, obj=area, purpose=Purpose.AREA_OWNERS)
    return render(
        request,
        "areas/owners.html",
        {"area": area, "result": result, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def address_search(request, pk):
    """Suggestions for the owners form's premises picker: addresses in the area, for those who
    may register owners there. A POST, so that what is typed never lands in a URL or a log."""
    user = request.user
    area = get_area(user, pk)
    _require(policy.can_direct_area_approach(user) and policy.works_on_cases(user))
    options = address_suggestions(addresses_in(area), request.POST.get("q", ""))
    return JsonResponse({"options": options})


@login_required
@require_http_methods(["GET"])
def owners_all(request):
    """Owners with problem premises across every area the user may open (same rule as an area's
    owners page), and for those who keep it, the businesses of the owner register."""
    user = request.user
    _require_area_user(user)
    result = owners_across_areas(user)
    persons = [row["owner"] for row in result["rows"] if row["kind"] == "person"]
    record_persons(
        user, AuditAction.VIEW, persons, purpose=Purpose.AREA_OWNERS, detail="alle gebieden"
    )
    register = Paginator(owner_register(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "areas/owners_all.html",
        {"result": result, "page": register, "keeps_register": policy.may_register_owners(user)},
    )


def _back_to_owners(request):
    """Back to the area's owners page the user came from (`?gebied=`), else to all owners."""
    area_id = request.GET.get("gebied", "")
    if area_id.isdigit() and areas_for(request.user).filter(pk=area_id).exists():
        return reverse("areas:owners", args=[area_id])
    return reverse("areas:owners_all")


@login_required
@require_http_methods(["GET", "POST"])
def business_create(request):
    user = request.user
    _require(policy.may_register_owners(user))
    form = BusinessForm(request.POST or None)
    duplicate = {}

    def register(_data):
        try:
            return registry_services.register_business(by=user, **form.business_data())
        except registry_services.DuplicateBusiness as error:
            duplicate["existing"] = error.existing
            raise

    if submit(
        request,
        form,
        register,
        success=_("The business has been registered. Link it as owner by its KvK number."),
    ):
        return redirect(_back_to_owners(request))
    return render(
        request,
        "areas/business_form.html",
        {
            "form": form,
            "title": _("Register a business"),
            "back": _back_to_owners(request),
            "existing": duplicate.get("existing"),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_edit(request, pk):
    user = request.user
    _require(policy.may_register_owners(user))
    business = get_registered_business(user, pk)
    form = BusinessForm(request.POST or None, initial=BusinessForm.initial_for(business))
    duplicate = {}

    def change(_data):
        try:
            return registry_services.change_business(business, by=user, **form.business_data())
        except registry_services.DuplicateBusiness as error:
            duplicate["existing"] = error.existing
            raise

    if submit(request, form, change, success=_("The business has been saved.")):
        return redirect(_back_to_owners(request))
    return render(
        request,
        "areas/business_form.html",
        {
            "form": form,
            "business": business,
            "title": _("Change business %(name)s") % {"name": business.name},
            "back": _back_to_owners(request),
            "existing": duplicate.get("existing"),
        },
        status=400 if form.is_bound else 200,
    )


# --- Chronicle -------------------------------------------------------------------------------


def _record_chronicle(user, area, items, action):
    case_ids = sorted({item.case.pk for item in items if item.case is not None})
    if case_ids or action == AuditAction.PRINT:
        record(
            user,
            action,
            obj=area,
            purpose=Purpose.CHRONICLE,
            detail="kroniek casussen " + ",".join(str(pk) for pk in case_ids),
        )


@login_required
@require_http_methods(["GET", "POST"])
def chronicle(request, pk):
    user = request.user
    area = get_area(user, pk)
    directs = policy.can_direct_area_approach(user)
    form = ChronicleEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        _require(directs)
        if submit(
            request,
            form,
            lambda data: services.add_chronicle_entry(area, by=user, **data),
            success=_("The entry has been added to the chronicle."),
        ):
            return redirect("areas:chronicle", area.pk)
    items = chronicle_items(user, area)
    _record_chronicle(user, area, items, AuditAction.VIEW)
    return render(
        request,
        "areas/chronicle.html",
        {"area": area, "items": items, "form": form if directs else None},
        status=400 if form.is_bound else 200,
    )


@login_required
def chronicle_print(request, pk):
    user = request.user
    area = get_area(user, pk)
    items = chronicle_items(user, area)
    if any(item.case is not None for item in items):
        _record_chronicle(user, area, items, AuditAction.PRINT)
    return render(request, "areas/chronicle_print.html", {"area": area, "items": items})


# --- Residents' reports (inside) ----------------------------------------------------------------


@login_required
@require_POST
def resident_report_status(request, pk):
    user = request.user
    _require(policy.may_read_resident_reports(user))
    try:
        report = ResidentReport.objects.get(pk=pk)
    except (ResidentReport.DoesNotExist, ValueError):
        raise Http404 from None
    run_with_message(
        request,
        lambda: services.set_resident_report_status(
            report, by=user, status=request.POST.get("status", "")
        ),
        _("The report has been updated."),
    )
    if report.area_id:
        return redirect(reverse("areas:detail", args=[report.area_id]) + "#residents")
    return redirect("areas:index")


# --- Commitment, residents' meetings, surveys, presence, the method report (issue 13) --------


@login_required
@require_POST
def plan_add_commitment(request, pk):
    plan = get_plan(request.user, pk)
    _require(directs_plan(request.user, plan))
    form = CommitmentForm(request.POST, plan=plan)
    if submit(
        request,
        form,
        lambda data: services.record_commitment(plan, by=request.user, **data),
        success=_("The sign-off has been recorded."),
    ):
        return redirect(reverse("areas:plan", args=[plan.pk]) + "#commitment")
    return plan_detail(request, pk, commitment_form=form)


@login_required
@require_POST
def plan_add_meeting(request, pk):
    plan = get_plan(request.user, pk)
    _require(directs_plan(request.user, plan))
    form = ResidentsMeetingForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.record_residents_meeting(plan, by=request.user, **data),
        success=_("The residents' meeting has been recorded."),
    ):
        return redirect(reverse("areas:plan", args=[plan.pk]) + "#residents")
    return plan_detail(request, pk, meeting_form=form)


@login_required
def plan_method_report(request, pk):
    """The method and lessons report (HTML): no personal data, to repeat the approach."""
    plan = get_plan(request.user, pk)
    return render(
        request, "areas/method_report.html", {"report": method_report(request.user, plan)}
    )


@login_required
def plan_method_report_pdf(request, pk):
    from django.http import HttpResponse

    from .method_report import render_pdf

    plan = get_plan(request.user, pk)
    response = HttpResponse(
        render_pdf(method_report(request.user, plan)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="methode-en-lessen-{plan.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def area_surveys(request, pk):
    """The area's neighbourhood surveys with their results; directors open a new one."""
    user = request.user
    area = get_area(user, pk)
    directs = policy.can_direct_area_approach(user)
    form = SurveyForm(request.POST or None) if directs else None
    if request.method == "POST":
        _require(directs)
        opened = submit(
            request,
            form,
            lambda data: services.open_survey(area, by=user, **data),
            success=_("The survey is open. Share its public link with the residents."),
        )
        if opened:
            return redirect("areas:survey", opened.result.pk)
    if form is not None and not form.is_bound:
        today = timezone.localdate()
        form.initial = {"opens_on": today, "closes_on": today + datetime.timedelta(days=28)}
    surveys = [survey_results(s) for s in surveys_in(area).order_by("-opens_on", "-pk")]
    return render(
        request,
        "areas/surveys.html",
        {"area": area, "surveys": surveys, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def survey_detail(request, pk):
    survey = get_survey(request.user, pk)
    get_area(request.user, survey.area_id)
    return render(
        request,
        "areas/survey_detail.html",
        {
            "survey": survey,
            "results": survey_results(survey),
            "public_url": request.build_absolute_uri(reverse("public:survey", args=[survey.token])),
            "is_open": survey.is_open_on(timezone.localdate()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def presence_log(request, pk):
    """Log visible presence in a few taps on a phone: what, where, when, how long."""
    user = request.user
    area = get_area(user, pk)
    _require(policy.may_log_presence(user))
    tree = area_tree_ids(area)
    choices = areas_for(user).filter(pk__in=tree).order_by("kind", "name")
    form = PresenceForm(request.POST or None, areas=choices)
    if submit(
        request,
        form,
        lambda data: services.log_presence(by=user, **data),
        success=_("Your presence has been logged."),
    ):
        return redirect("areas:presence", area.pk)
    if not form.is_bound:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form.initial = {
            "area": area,
            "started_at": now - datetime.timedelta(hours=1),
            "minutes": 60,
        }
    return render(
        request,
        "areas/presence.html",
        {
            "area": area,
            "form": form,
            "recent": list(recent_presence(area, tree, days=14)[:20]),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def area_presence_geojson(request, pk):
    """Presence with a location in the last 90 days, as GeoJSON points: organisation, kind,
    day and duration — never who logged it."""
    area = get_area(request.user, pk)
    return JsonResponse(presence_geojson(area))

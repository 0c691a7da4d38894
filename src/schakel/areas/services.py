"""Every change in the area-based approach: areas, hot-spot plans and goals, joint inspections,
findings and their follow-up, owners, the chronicle, and residents' reports.

Each function checks `access.policy`, validates, writes in one transaction and records one audit
entry (details carry ids, never personal data). A finding's follow-up goes through the case and
plan services, so the case history and its audit trail are the same as for any other case.
"""

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import PermissionDenied, ValidationError, require
from schakel.analytics.polygons import bounding_box, geometry_to_rd, wgs84_to_rd
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_status_change
from schakel.cases import services as case_services
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.organisations.models import Organisation
from schakel.plans import services as plan_services
from schakel.plans.models import Intervention
from schakel.registry.models import Address, Area, Business, Person
from schakel.registry.validators import normalise_postcode

from . import resident_mail
from .cbs_boundaries import CbsArea
from .geojson import parse_outline
from .models import (
    AreaBoundary,
    ChronicleEntry,
    Finding,
    HotspotPlan,
    JointInspection,
    NeighbourhoodSurvey,
    Ownership,
    PlanCommitment,
    PlanGoal,
    Presence,
    ResidentReport,
    ResidentsMeeting,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .selectors.plans import directs_plan
from .workflow import (
    InspectionStatus,
    ResidentReportStatus,
    require_inspection_transition,
    require_report_transition,
)

CBS_CODE_PATTERNS = {
    Area.Kind.MUNICIPALITY: re.compile(r"GM\d{4}"),
    Area.Kind.DISTRICT: re.compile(r"WK\d{6}"),
    Area.Kind.NEIGHBOURHOOD: re.compile(r"BU\d{8}"),
}


# --- Areas -----------------------------------------------------------------------------------


def _check_cbs_code(kind: str, code: str, area: Area | None = None) -> str:
    code = (code or "").strip().upper()
    if not code:
        return ""
    pattern = CBS_CODE_PATTERNS.get(kind)
    if pattern is None:
        raise ValidationError(
            _("Only municipalities, districts and neighbourhoods have a CBS code.")
        )
    if not pattern.fullmatch(code):
        raise ValidationError(
            _("%(code)s is not a CBS code of this kind: use GM + 4, WK + 6 or BU + 8 digits.")
            % {"code": code[:16]}
        )
    clash = Area.objects.filter(cbs_code=code)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError(_("Another area already has CBS code %(code)s.") % {"code": code})
    return code


def _save_outline(area: Area, geometry: dict) -> AreaBoundary:
    x_min, y_min, x_max, y_max = bounding_box(geometry_to_rd(geometry))
    boundary, _created = AreaBoundary.objects.update_or_create(
        area=area,
        defaults={
            "geometry": geometry,
            "x_min": x_min,
            "y_min": y_min,
            "x_max": x_max,
            "y_max": y_max,
        },
    )
    return boundary


@transaction.atomic
def define_area(
    *, by, name: str, kind: str, cbs_code: str = "", parent: Area | None = None, outline: str = ""
) -> Area:
    """A new area: a CBS wijk/buurt (by its code), or an outline drawn or pasted as GeoJSON."""
    require(policy.can_define_areas(by), _("You may not define areas."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the area a name."))
    if kind not in Area.Kind.values:
        raise ValidationError(_("Choose a valid kind of area."))
    code = _check_cbs_code(kind, cbs_code)
    geometry = parse_outline(outline) if (outline or "").strip() else None
    if not code and geometry is None:
        raise ValidationError(_("Give a CBS code or an outline (or both)."))
    area = Area.objects.create(name=name, kind=kind, cbs_code=code, parent=parent)
    if geometry is not None:
        _save_outline(area, geometry)
    record(by, AuditAction.CREATE, obj=area, purpose=Purpose.AREA_APPROACH)
    return area


@transaction.atomic
def set_outline(area: Area, *, by, outline: str) -> AreaBoundary:
    require(policy.can_define_areas(by), _("You may not change areas."))
    boundary = _save_outline(area, parse_outline(outline))
    record(by, AuditAction.CHANGE, obj=area, detail="omtrek", purpose=Purpose.AREA_APPROACH)
    return boundary


@transaction.atomic
def import_cbs_boundaries(cbs_areas: list[CbsArea], *, by=None) -> dict[str, int]:
    """Create or update the CBS municipalities, districts and neighbourhoods read from a
    boundaries file (`cbs_boundaries.read_boundaries`) with their outlines: an area is found by
    its CBS code, takes the file's name and parent, and its outline is replaced.

    All or nothing: a district or neighbourhood whose parent is neither in the file nor in
    Schakel refuses the whole import. `by` is the user, or None for the command line and the
    demo (the audit entry then says "anoniem"); one audit entry sums the import up."""
    if by is not None:
        require(policy.can_define_areas(by), _("You may not define areas."))
    codes = {a.code for a in cbs_areas} | {a.parent_code for a in cbs_areas if a.parent_code}
    existing = {area.cbs_code: area for area in Area.objects.filter(cbs_code__in=codes)}
    in_file = {a.code for a in cbs_areas}
    errors, new_municipalities = [], {}
    for cbs_area in cbs_areas:
        parent = cbs_area.parent_code
        if not parent or parent in in_file or parent in existing:
            continue
        if cbs_area.kind == Area.Kind.DISTRICT and cbs_area.municipality_name:
            new_municipalities[parent] = cbs_area.municipality_name
            continue
        errors.append(
            _(
                "Feature %(n)s (%(code)s) lies in %(parent)s, which is neither in the file nor "
                "in Schakel: import the districts (wijken) with the neighbourhoods."
            )
            % {"n": cbs_area.features[0], "code": cbs_area.code, "parent": parent}
        )
    if errors:
        raise ValidationError(errors)
    for code, name in sorted(new_municipalities.items()):
        existing[code] = Area.objects.create(name=name, kind=Area.Kind.MUNICIPALITY, cbs_code=code)
    created = updated = 0
    for cbs_area in cbs_areas:  # municipalities first, then districts, then neighbourhoods
        parent = existing.get(cbs_area.parent_code)
        area = existing.get(cbs_area.code)
        if area is None:
            area = Area.objects.create(
                name=cbs_area.name, kind=cbs_area.kind, cbs_code=cbs_area.code, parent=parent
            )
            existing[cbs_area.code] = area
            created += 1
        else:
            area.name, area.kind = cbs_area.name, cbs_area.kind
            if cbs_area.kind != Area.Kind.MUNICIPALITY:  # a municipality keeps its place
                area.parent = parent
            area.save(update_fields=["name", "kind", "parent"])
            updated += 1
        _save_outline(area, cbs_area.geometry)
    summary = {
        "created": created,
        "updated": updated,
        "outlines": len(cbs_areas),
        "municipalities_added": len(new_municipalities),
    }
    record(
        by,
        AuditAction.CHANGE,
        object_type="registry.area",
        purpose=Purpose.AREA_APPROACH,
        detail=(
            f"CBS-grenzen ingelezen: {created} nieuw, {updated} bijgewerkt, "
            f"{len(cbs_areas)} omtrekken"
        ),
    )
    return summary


# --- Hot-spot plans ----------------------------------------------------------------------------


def _require_plan_director(plan: HotspotPlan, by) -> None:
    require(
        directs_plan(by, plan),
        _("Only the plan's area director or its Veiligheidshuis can change this plan."),
    )


def _check_period(starts_on, ends_on) -> None:
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        raise ValidationError(_("The end date must lie after the start date."))


@transaction.atomic
def create_plan(
    *,
    by,
    area: Area,
    title: str,
    host_organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    problem: str = "",
    norms: str = "",
    partners=(),
    is_public: bool = False,
    public_summary: str = "",
    steering_group: str = "",
    what_worked: str = "",
    what_did_not_work: str = "",
) -> HotspotPlan:
    """The plan that a quick scan yields; the user who makes it directs it."""
    require(policy.can_direct_area_approach(by), _("You may not make hot-spot plans."))
    if not host_organisation.is_safety_house:
        raise ValidationError(_("A hot-spot plan is hosted by a Veiligheidshuis."))
    if not (title or "").strip():
        raise ValidationError(_("Give the plan a title."))
    _check_period(starts_on, ends_on)
    plan = HotspotPlan.objects.create(
        area=area,
        title=title.strip(),
        host_organisation=host_organisation,
        coordinator=by,
        starts_on=starts_on,
        ends_on=ends_on,
        problem=problem,
        norms=norms,
        is_public=is_public,
        public_summary=public_summary,
        steering_group=steering_group,
        what_worked=what_worked,
        what_did_not_work=what_did_not_work,
    )
    plan.partners.set(partners)
    record(
        by, AuditAction.CREATE, obj=plan, detail=f"gebied {area.pk}", purpose=Purpose.AREA_APPROACH
    )
    return plan


@transaction.atomic
def update_plan(plan: HotspotPlan, *, by, partners=None, **fields) -> HotspotPlan:
    _require_plan_director(plan, by)
    allowed = {
        "title",
        "problem",
        "norms",
        "starts_on",
        "ends_on",
        "is_public",
        "public_summary",
        "steering_group",
        "what_worked",
        "what_did_not_work",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(plan, name, value)
    if not plan.title.strip():
        raise ValidationError(_("Give the plan a title."))
    _check_period(plan.starts_on, plan.ends_on)
    plan.save()
    if partners is not None:
        plan.partners.set(partners)
    record(by, AuditAction.CHANGE, obj=plan, purpose=Purpose.AREA_APPROACH)
    return plan


@transaction.atomic
def add_goal(
    plan: HotspotPlan,
    *,
    by,
    description: str,
    target_percent: int,
    baseline_start: datetime.date,
    baseline_end: datetime.date,
    measure_start: datetime.date,
    measure_end: datetime.date,
    incident_category: str = "",
) -> PlanGoal:
    """A measurable goal, e.g. 'overlast −30 % in 12 months against the year before'."""
    _require_plan_director(plan, by)
    if not (description or "").strip():
        raise ValidationError(_("Describe the goal."))
    if target_percent is None or not -100 <= target_percent <= 1000 or target_percent == 0:
        raise ValidationError(_("Give a target change between -100 % and +1000 %, not 0."))
    if baseline_end <= baseline_start or measure_end <= measure_start:
        raise ValidationError(_("Each period must end after it starts."))
    if measure_start < baseline_end:
        raise ValidationError(_("The measurement period starts after the baseline period ends."))
    goal = PlanGoal.objects.create(
        plan=plan,
        description=description.strip(),
        incident_category=(incident_category or "").strip(),
        target_percent=target_percent,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        measure_start=measure_start,
        measure_end=measure_end,
    )
    record(
        by, AuditAction.CREATE, obj=goal, detail=f"plan {plan.pk}", purpose=Purpose.AREA_APPROACH
    )
    return goal


@transaction.atomic
def add_hotspot_case(plan: HotspotPlan, *, by, case: Case) -> None:
    """Put a case the user may see on the plan as a hot-spot case."""
    _require_plan_director(plan, by)
    require(
        Case.objects.visible_to(by).filter(pk=case.pk).exists(), _("You may not see this case.")
    )
    plan.cases.add(case)
    record(by, AuditAction.CHANGE, obj=plan, detail=f"hotspotcasus {case.pk}")


# --- Joint inspections ---------------------------------------------------------------------------


@transaction.atomic
def plan_inspection(
    *,
    by,
    area: Area,
    title: str,
    host_organisation: Organisation,
    planned_for: datetime.date,
    addresses,
    partners,
    briefing: str = "",
    plan: HotspotPlan | None = None,
) -> JointInspection:
    require(policy.can_direct_area_approach(by), _("You may not plan joint inspections."))
    if not host_organisation.is_safety_house:
        raise ValidationError(_("A joint inspection is hosted by a Veiligheidshuis."))
    if plan is not None and plan.area_id != area.pk:
        raise ValidationError(_("Choose a plan of this area."))
    addresses, partners = list(addresses), list(partners)
    if not addresses:
        raise ValidationError(_("Choose at least one address to visit."))
    if len(partners) < 2:
        raise ValidationError(_("A joint inspection needs at least two partners."))
    if not (title or "").strip():
        raise ValidationError(_("Give the inspection a title."))
    inspection = JointInspection.objects.create(
        area=area,
        plan=plan,
        title=title.strip(),
        host_organisation=host_organisation,
        coordinator=by,
        planned_for=planned_for,
        briefing=briefing,
    )
    inspection.addresses.set(addresses)
    inspection.partners.set(partners)
    record(
        by,
        AuditAction.CREATE,
        obj=inspection,
        detail=f"gebied {area.pk} adressen {len(addresses)} partners {len(partners)}",
        purpose=Purpose.JOINT_INSPECTION,
    )
    return inspection


@transaction.atomic
def set_inspection_status(inspection: JointInspection, *, by, status: str) -> JointInspection:
    """Planned → done (the visit took place) or cancelled, along `workflow.py`."""
    require(policy.can_direct_inspection(by, inspection), _("You may not change this inspection."))
    if status not in InspectionStatus.values:
        raise ValidationError(_("Choose a valid status."))
    inspection = JointInspection.objects.select_for_update().get(pk=inspection.pk)
    require_inspection_transition(inspection.status, status)
    if status == InspectionStatus.DONE and inspection.planned_for > timezone.localdate():
        raise ValidationError(_("A visit that lies in the future cannot be done yet."))
    previous = inspection.status
    inspection.status = status
    inspection.completed_at = timezone.now() if status == InspectionStatus.DONE else None
    inspection.save(update_fields=["status", "completed_at"])
    record_status_change(by, inspection, previous, status, purpose=Purpose.JOINT_INSPECTION)
    return inspection


@transaction.atomic
def record_finding(
    inspection: JointInspection,
    *,
    by,
    address: Address,
    finding_type,
    organisation: Organisation | None = None,
    description: str = "",
) -> Finding:
    """What a partner found at an address. Partners record their own; the director any partner's."""
    require(
        policy.can_record_finding(by, inspection),
        _("You may not record findings for this inspection."),
    )
    organisation = organisation or by.organisation
    if organisation.pk != by.organisation_id and not policy.can_direct_inspection(by, inspection):
        raise PermissionDenied(_("You may only record findings of your own organisation."))
    if inspection.status == InspectionStatus.CANCELLED:
        raise ValidationError(_("This inspection was cancelled."))
    if not inspection.addresses.filter(pk=address.pk).exists():
        raise ValidationError(_("This address is not part of the inspection."))
    if not inspection.partners.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(org)s does not take part in this inspection.") % {"org": organisation}
        )
    if not finding_type.is_active:
        raise ValidationError(_("This finding type is no longer in the catalogue."))
    if not policy.may_see_category(by, finding_type.data_category) and (
        organisation.pk != by.organisation_id
    ):
        raise ValidationError(_("Your organisation may not record information in this category."))
    finding = Finding.objects.create(
        inspection=inspection,
        address=address,
        organisation=organisation,
        finding_type=finding_type,
        description=(description or "").strip(),
        recorded_by=by,
    )
    record(
        by,
        AuditAction.CREATE,
        obj=finding,
        detail=f"controle {inspection.pk} adres {address.pk} type {finding_type.pk}",
        purpose=Purpose.JOINT_INSPECTION,
    )
    return finding


def _owning_organisation(finding: Finding, owner_kind: str) -> Organisation:
    """Who carries out the follow-up: the finding partner if it is of the owning kind, else a
    participating partner of that kind, else any active organisation of that kind."""
    if finding.organisation.kind == owner_kind:
        return finding.organisation
    partner = finding.inspection.partners.filter(kind=owner_kind, is_active=True).first()
    if partner is not None:
        return partner
    other = Organisation.objects.filter(kind=owner_kind, is_active=True).order_by("pk").first()
    if other is None:
        raise ValidationError(
            _("No organisation of the kind that owns this follow-up takes part in Schakel.")
        )
    return other


def _case_for_address(finding: Finding, by, today: datetime.date) -> Case:
    """An open case about the address that the user manages, or a new one of the host house."""
    inspection = finding.inspection
    existing = (
        Case.objects.visible_to(by)
        .filter(addresses=finding.address, status__in=OPEN_STATUSES)
        .order_by("created_at")
    )
    for case in existing:
        if policy.can_manage_case(by, case):
            return case
    return case_services.open_case(
        by=by,
        title=_("Joint inspection %(area)s: premises follow-up") % {"area": inspection.area},
        host_organisation=inspection.host_organisation,
        lead_organisation=inspection.host_organisation,
        coordinator=by,
        review_date=today + datetime.timedelta(days=28),
        addresses=[finding.address],
        areas=[inspection.area],
        participants=[(by.organisation, _("Area director of the joint inspection"))],
        description=_("Case opened on finding #%(finding)s of joint inspection #%(inspection)s")
        % {"finding": finding.pk, "inspection": inspection.pk},
        purpose=Purpose.JOINT_INSPECTION,
    )


@transaction.atomic
def follow_up_finding(finding: Finding, *, by, today: datetime.date | None = None) -> Intervention:
    """Turn a finding into its follow-up: a case about the address (an open one the user manages,
    or a new one hosted by the inspection's Veiligheidshuis), the owning partner and the finding
    partner invited, and the catalogue's intervention planned with the deadline of the legal term
    from the visit."""
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection__area", "inspection__plan", "finding_type", "address")
        .get(pk=finding.pk)
    )
    inspection = finding.inspection
    require(
        policy.can_direct_inspection(by, inspection),
        _("Only the inspection's area director can start the follow-up."),
    )
    if finding.intervention_id is not None:
        raise ValidationError(_("This finding already has its follow-up."))
    intervention_type = finding.finding_type.intervention_type
    if intervention_type is None:
        raise ValidationError(_("This kind of finding calls for no follow-up intervention."))
    today = today or timezone.localdate()
    owner = _owning_organisation(finding, intervention_type.owner_kind)
    case = _case_for_address(finding, by, today)
    # The partner that carries out the follow-up, and the partner that found it, take part.
    for organisation, purpose in (
        (owner, _("Follow-up of a joint inspection finding")),
        (finding.organisation, _("Finding at a joint inspection")),
    ):
        if (
            organisation.pk != case.host_organisation_id
            and not case.participations.filter(
                organisation=organisation, ended_at__isnull=True
            ).exists()
        ):
            case_services.invite_organisation(
                case, by=by, organisation=organisation, purpose=purpose
            )
    deadline = max(
        inspection.planned_for + datetime.timedelta(days=finding.finding_type.legal_term_days),
        today,
    )
    intervention = plan_services.add_intervention(
        case,
        by,
        type=intervention_type,
        owner_organisation=owner,
        deadline=deadline,
        description=_("Follow-up of finding #%(finding)s (joint inspection #%(inspection)s).")
        % {"finding": finding.pk, "inspection": inspection.pk},
        today=today,
    )
    finding.case = case
    finding.intervention = intervention
    finding.save(update_fields=["case", "intervention"])
    if inspection.plan_id is not None:
        inspection.plan.cases.add(case)
    record(
        by,
        AuditAction.CHANGE,
        obj=finding,
        detail=f"opvolging casus {case.pk} interventie {intervention.pk}",
        purpose=Purpose.JOINT_INSPECTION,
    )
    return intervention


# --- Owners ---------------------------------------------------------------------------------


@transaction.atomic
def register_ownership(
    *, by, address: Address, person=None, business=None, since=None
) -> Ownership:
    require(policy.can_direct_area_approach(by), _("You may not register owners."))
    if (person is None) == (business is None):
        raise ValidationError(_("Choose either a person or a business as the owner."))
    if person is not None:
        require(
            Person.objects.visible_to(by).filter(pk=person.pk).exists(),
            _("You may not see this person."),
        )
    if business is not None:
        require(
            Business.objects.visible_to(by).filter(pk=business.pk).exists(),
            _("You may not see this business."),
        )
    if Ownership.objects.filter(address=address, person=person, business=business).exists():
        raise ValidationError(_("This owner is already registered for these premises."))
    ownership = Ownership.objects.create(
        address=address, person=person, business=business, since=since
    )
    record(
        by,
        AuditAction.CREATE,
        obj=ownership,
        person=person,
        detail=f"adres {address.pk}",
        purpose=Purpose.AREA_OWNERS,
    )
    return ownership


# --- Chronicle -------------------------------------------------------------------------------


@transaction.atomic
def add_chronicle_entry(
    area: Area, *, by, date: datetime.date, title: str, text: str = ""
) -> ChronicleEntry:
    """A manual line in the kroniek; general information only (it is read by every partner)."""
    require(policy.can_direct_area_approach(by), _("You may not write in the chronicle."))
    if not (title or "").strip():
        raise ValidationError(_("Give the entry a title."))
    if date > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError(_("The date lies too far in the future."))
    entry = ChronicleEntry.objects.create(
        area=area, date=date, title=title.strip(), text=(text or "").strip(), author=by
    )
    record(by, AuditAction.CREATE, obj=entry, detail=f"gebied {area.pk}", purpose=Purpose.CHRONICLE)
    return entry


# --- Residents -------------------------------------------------------------------------------


def _area_of_point(x: float, y: float) -> Area | None:
    """The smallest outlined area containing the point (neighbourhood before district)."""
    from schakel.analytics.polygons import points_in_polygons

    candidates = AreaBoundary.objects.filter(
        x_min__lte=x, x_max__gte=x, y_min__lte=y, y_max__gte=y
    ).select_related("area")
    best, best_size = None, None
    for boundary in candidates:
        if points_in_polygons([x], [y], geometry_to_rd(boundary.geometry))[0]:
            size = (boundary.x_max - boundary.x_min) * (boundary.y_max - boundary.y_min)
            if best_size is None or size < best_size:
                best, best_size = boundary.area, size
    return best


def area_of_address(address: Address) -> Area | None:
    """The innermost area the premises lie in (issue 13: reports at two addresses in Lindehof were
    filed under the enclosing neighbourhood). With a location (BAG x/y) that is the smallest
    outlined area holding it — when that lies inside the address's own area, or the address has
    none; otherwise, and without a location, the address's own area."""
    if address.x is not None and address.y is not None:
        found = _area_of_point(address.x, address.y)
        if found is not None:
            if address.area_id is None:
                return found
            ancestor, seen = found, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == address.area_id:
                    return found
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
    return address.area


@transaction.atomic
def submit_resident_report(
    *,
    category: str,
    description: str,
    postcode: str = "",
    house_number: int | None = None,
    house_number_addition: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    contact_email: str = "",
) -> ResidentReport:
    """A resident's report from the public page: an address or a point, never an identity.

    The address is matched against the known premises; a point is placed in the smallest area
    whose outline contains it. Nothing about the sender is stored except an optional e-mail.
    """
    if category not in ResidentReport.Category.values:
        raise ValidationError(_("Choose what your report is about."))
    description = (description or "").strip()
    if len(description) < 10:
        raise ValidationError(
            _("Describe what is going on in a few words (at least 10 characters).")
        )
    has_address = bool(postcode) and house_number is not None
    has_point = latitude is not None and longitude is not None
    if not has_address and not has_point:
        raise ValidationError(_("Give a postcode and house number, or choose a point on the map."))
    report = ResidentReport(
        category=category, description=description, contact_email=(contact_email or "").strip()
    )
    if has_address:
        report.postcode = normalise_postcode(postcode)
        report.house_number = house_number
        report.house_number_addition = (house_number_addition or "").strip().upper()
        report.address = Address.objects.filter(
            postcode=report.postcode,
            house_number=house_number,
            house_number_addition=report.house_number_addition,
        ).first()
        if report.address is not None:
            report.area = area_of_address(report.address)
    if has_point:
        x, y = wgs84_to_rd([longitude], [latitude])
        report.latitude, report.longitude = latitude, longitude
        report.x, report.y = float(x[0]), float(y[0])
        if report.area is None:
            report.area = _area_of_point(report.x, report.y)
    report.save()
    record(
        None,
        AuditAction.CREATE,
        obj=report,
        detail=f"gebied {report.area_id or '-'}",
        purpose=Purpose.RESIDENT_REPORT,
    )
    resident_mail.acknowledge(report)
    return report


@transaction.atomic
def set_resident_report_status(report: ResidentReport, *, by, status: str) -> ResidentReport:
    require(policy.may_read_resident_reports(by), _("You may not handle residents' reports."))
    if status not in ResidentReportStatus.values:
        raise ValidationError(_("Choose a valid status."))
    report = ResidentReport.objects.select_for_update().get(pk=report.pk)
    require_report_transition(report.status, status)
    previous = report.status
    report.status = status
    report.save(update_fields=["status"])
    record_status_change(by, report, previous, status)
    if status == ResidentReportStatus.HANDLED:
        resident_mail.tell_handled(report)
    return report


# --- Commitment, residents' meetings, neighbourhood surveys, visible presence (issue 13) -------


@transaction.atomic
def record_commitment(
    plan: HotspotPlan,
    *,
    by,
    organisation: Organisation,
    signed_by: str,
    signed_on: datetime.date,
    mandate: str,
    today: datetime.date | None = None,
) -> PlanCommitment:
    """A partner's management signs the plan off; a later sign-off of the same partner replaces
    the earlier one (a renewed mandate), and the audit log keeps both."""
    _require_plan_director(plan, by)
    today = today or timezone.localdate()
    partners = set(plan.partners.values_list("pk", flat=True)) | {plan.host_organisation_id}
    if organisation.pk not in partners:
        raise ValidationError(_("Only the plan's Veiligheidshuis and its partners sign it off."))
    if not (signed_by or "").strip() or not (mandate or "").strip():
        raise ValidationError(_("Say who signed off (their function) and with what mandate."))
    if signed_on is None or signed_on > today:
        raise ValidationError(_("A sign-off cannot lie in the future."))
    commitment, created = PlanCommitment.objects.update_or_create(
        plan=plan,
        organisation=organisation,
        defaults={
            "signed_by": signed_by.strip(),
            "signed_on": signed_on,
            "mandate": mandate.strip(),
            "recorded_by": by,
        },
    )
    record(
        by,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        obj=commitment,
        detail=f"plan {plan.pk} partner {organisation.pk}",
        purpose=Purpose.AREA_APPROACH,
    )
    return commitment


@transaction.atomic
def record_residents_meeting(
    plan: HotspotPlan,
    *,
    by,
    held_on: datetime.date,
    participants: str,
    agreements: str,
    follow_up: str = "",
    follow_up_by: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ResidentsMeeting:
    _require_plan_director(plan, by)
    today = today or timezone.localdate()
    if held_on is None or held_on > today:
        raise ValidationError(_("Record a meeting once it has been held."))
    if not (participants or "").strip() or not (agreements or "").strip():
        raise ValidationError(_("Say who took part and what was agreed."))
    if follow_up_by is not None and follow_up_by < held_on:
        raise ValidationError(_("The follow-up cannot be due before the meeting."))
    meeting = ResidentsMeeting.objects.create(
        plan=plan,
        held_on=held_on,
        participants=participants.strip(),
        agreements=agreements.strip(),
        follow_up=(follow_up or "").strip(),
        follow_up_by=follow_up_by,
        recorded_by=by,
    )
    record(
        by, AuditAction.CREATE, obj=meeting, detail=f"plan {plan.pk}", purpose=Purpose.AREA_APPROACH
    )
    return meeting


@transaction.atomic
def open_survey(
    area: Area, *, by, title: str, opens_on: datetime.date, closes_on: datetime.date
) -> NeighbourhoodSurvey:
    """A buurtpeiling for an area and period, with the questionnaire's active statements."""
    require(policy.can_direct_area_approach(by), _("You may not open neighbourhood surveys."))
    if not (title or "").strip():
        raise ValidationError(_("Give the survey a title."))
    if opens_on is None or closes_on is None or closes_on < opens_on:
        raise ValidationError(_("The survey must close on or after the day it opens."))
    questions = list(SurveyQuestion.objects.filter(is_active=True))
    if not questions:
        raise ValidationError(
            _("The questionnaire has no active statements; ask the administrator.")
        )
    survey = NeighbourhoodSurvey.objects.create(
        area=area, title=title.strip(), opens_on=opens_on, closes_on=closes_on, created_by=by
    )
    survey.questions.set(questions)
    record(
        by,
        AuditAction.CREATE,
        obj=survey,
        detail=f"gebied {area.pk}",
        purpose=Purpose.AREA_APPROACH,
    )
    return survey


@transaction.atomic
def answer_survey(
    survey: NeighbourhoodSurvey,
    answers: dict[int, int | None],
    *,
    today: datetime.date | None = None,
) -> SurveyResponse:
    """An anonymous response: the statements answered on the 1–5 scale ("don't know" left out).
    Nothing about the respondent is stored, not even the time of day."""
    today = today or timezone.localdate()
    if not survey.is_open_on(today):
        raise ValidationError(_("This survey is closed."))
    statement_ids = set(survey.questions.values_list("pk", flat=True))
    given = {qid: value for qid, value in answers.items() if value is not None}
    if not given:
        raise ValidationError(_("Answer at least one statement."))
    for qid, value in given.items():
        if qid not in statement_ids or value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Choose an answer from the scale."))
    response = SurveyResponse.objects.create(survey=survey, answered_on=today)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question_id=qid, value=value)
        for qid, value in given.items()
    )
    return response


#: A presence entry may be logged up to this long after it started (the same or the next day).
PRESENCE_LOG_WINDOW = datetime.timedelta(days=7)


@transaction.atomic
def log_presence(
    *,
    by,
    area: Area,
    kind: str,
    started_at: datetime.datetime,
    minutes: int,
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Presence:
    """Visible presence in the area, logged by a professional on the street (seed 004)."""
    require(policy.may_log_presence(by), _("You may not log presence in areas."))
    if kind not in Presence.Kind.values:
        raise ValidationError(_("Choose what kind of presence it was."))
    if minutes is None or not 1 <= minutes <= 24 * 60:
        raise ValidationError(_("Give the duration in minutes, at most a day."))
    now = timezone.now()
    if started_at is None or started_at > now + datetime.timedelta(minutes=5):
        raise ValidationError(_("Log presence when it has started, not ahead."))
    if started_at < now - PRESENCE_LOG_WINDOW:
        raise ValidationError(_("Presence can be logged up to a week afterwards."))
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))
    if latitude is not None and not (50.5 <= latitude <= 53.7 and 3.2 <= longitude <= 7.3):
        raise ValidationError(_("The location lies outside the Netherlands."))
    presence = Presence.objects.create(
        area=area,
        organisation_id=by.organisation_id,
        logged_by=by,
        kind=kind,
        place=(place or "").strip(),
        started_at=started_at,
        minutes=minutes,
        latitude=latitude,
        longitude=longitude,
    )
    record(
        by,
        AuditAction.CREATE,
        obj=presence,
        detail=f"gebied {area.pk}",
        purpose=Purpose.AREA_APPROACH,
    )
    return presence

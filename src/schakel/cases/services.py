"""Every change to a case: open, move through the workflow, invite partners, add notes, close.

Each function checks the access policy, writes in one transaction, appends to the case history
and records an audit entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_status_change
from schakel.intake.models import Signal

from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .references import assign_reference, placeholder_reference
from .workflow import CaseStatus, can_transition


def _log(case, by, kind, description, from_status="", to_status=""):
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        description=description,
        actor=by,
        from_status=from_status,
        to_status=to_status,
    )


@transaction.atomic
def open_case_from_signal(signal: Signal, *, by, title: str, coordinator=None) -> Case:
    """Open a case on a triaged signal: subjects, level and lead come from the signal's triage."""
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can open a case on this signal."),
    )
    decision = signal.triage_decisions.order_by("-decided_at", "-id").first()
    if signal.status != Signal.Status.TRIAGED or decision is None:
        raise ValidationError(_("Triage the signal before opening a case."))
    coordinator = coordinator or by
    case = Case.objects.create(
        reference=placeholder_reference(),
        title=title,
        host_organisation=signal.receiving_organisation,
        lead_organisation=decision.lead_organisation,
        coordinator=coordinator,
        level=decision.level,
        review_date=decision.review_date,
        source_signal=signal,
    )
    assign_reference(case, "C")
    case.persons.set(signal.persons.all())
    case.addresses.set(signal.addresses.all())
    case.businesses.set(signal.businesses.all())
    decision.case = case
    decision.save(update_fields=["case"])
    for organisation in {signal.reporting_organisation, decision.lead_organisation}:
        if organisation != case.host_organisation:
            CaseParticipation.objects.create(
                case=case, organisation=organisation, invited_by=by, purpose=_("Signal and lead")
            )
    _log(
        case,
        by,
        CaseEvent.Kind.STATUS,
        _("Case opened on signal %(ref)s") % {"ref": signal.reference},
        to_status=CaseStatus.REGISTERED,
    )
    _log(
        case,
        by,
        CaseEvent.Kind.TRIAGE,
        _("Triage: level %(level)s, lead %(lead)s")
        % {"level": decision.level, "lead": decision.lead_organisation},
        from_status=CaseStatus.REGISTERED,
        to_status=CaseStatus.TRIAGE,
    )
    case.status = CaseStatus.TRIAGE
    case.save(update_fields=["status"])
    signal.status = Signal.Status.CASE_OPENED
    signal.save(update_fields=["status"])
    record(by, AuditAction.CREATE, obj=case, purpose=Purpose.CASE_OPENING)
    for person in case.persons.all():
        record(by, AuditAction.CREATE, obj=case, person=person, purpose=Purpose.CASE_OPENING)
    return case


@transaction.atomic
def change_status(case: Case, *, by, to_status: str, reason: str = "") -> Case:
    """Move a case one step along `workflow.ALLOWED_TRANSITIONS`."""
    require(policy.can_manage_case(by, case), _("You may not change the status of this case."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can_transition(case.status, to_status):
        raise ValidationError(
            _("A case cannot go from '%(from)s' to '%(to)s'.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(to_status).label}
        )
    previous = case.status
    case.status = to_status
    fields = ["status", "updated_at"]
    if to_status in {CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.REFERRED}:
        if not reason.strip():
            raise ValidationError(_("Give a reason for closing, rejecting or referring."))
        case.closing_reason = reason
        fields.append("closing_reason")
    case.save(update_fields=fields)
    description = _("Status: %(from)s → %(to)s") % {
        "from": CaseStatus(previous).label,
        "to": CaseStatus(to_status).label,
    }
    if reason:
        description += f" — {reason}"
    _log(case, by, CaseEvent.Kind.STATUS, description, previous, to_status)
    record_status_change(by, case, previous, to_status)
    return case


def advance_to(case: Case, *, by, to_status: str, reason: str = "") -> Case:
    """Change status only if the case is not already there (used by conferences and plans)."""
    if case.status == to_status:
        return case
    return change_status(case, by=by, to_status=to_status, reason=reason)


@transaction.atomic
def invite_organisation(case: Case, *, by, organisation, purpose: str = "") -> CaseParticipation:
    require(policy.can_manage_case(by, case), _("You may not invite partners to this case."))
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if case.participations.filter(organisation=organisation, ended_at__isnull=True).exists():
        raise ValidationError(_("%(org)s already takes part in this case.") % {"org": organisation})
    participation = CaseParticipation.objects.create(
        case=case, organisation=organisation, invited_by=by, purpose=purpose
    )
    _log(
        case,
        by,
        CaseEvent.Kind.PARTICIPATION,
        _("%(org)s invited to take part") % {"org": organisation},
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"deelname organisatie {organisation.pk}")
    return participation


@transaction.atomic
def end_participation(participation: CaseParticipation, *, by) -> None:
    case = participation.case
    require(policy.can_manage_case(by, case), _("You may not change who takes part."))
    if participation.ended_at is not None:
        raise ValidationError(_("This participation has already ended."))
    participation.ended_at = timezone.now()
    participation.save(update_fields=["ended_at"])
    _log(
        case,
        by,
        CaseEvent.Kind.PARTICIPATION,
        _("%(org)s no longer takes part") % {"org": participation.organisation},
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"einde deelname {participation.pk}")


@transaction.atomic
def add_note(case: Case, *, by, category: str, text: str) -> CaseNote:
    require(
        Case.objects.visible_to(by).filter(pk=case.pk).exists(), _("You may not see this case.")
    )
    require(
        policy.may_see_category(by, category),
        _("Your organisation may not record information in this category."),
    )
    note = CaseNote.objects.create(
        case=case, category=category, text=text, author=by, organisation=by.organisation
    )
    record(by, AuditAction.CREATE, obj=note, detail=f"casus {case.pk}")
    return note


@transaction.atomic
def add_subjects(case: Case, *, by, persons=(), addresses=(), businesses=()) -> None:
    require(policy.can_manage_case(by, case), _("You may not change this case."))
    case.persons.add(*persons)
    case.addresses.add(*addresses)
    case.businesses.add(*businesses)
    for person in persons:
        record(by, AuditAction.CHANGE, obj=case, person=person, detail="persoon toegevoegd")

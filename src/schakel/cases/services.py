"""Every change to a case: open, move through the workflow, rescale, invite partners, add notes.

This module is the only writer of a case and of its history: other apps open cases, move them
along and add history lines through the functions here. Each function checks the access
policy, writes in one transaction, appends to the case history and records an audit entry.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_status_change
from schakel.intake import services as intake_services
from schakel.intake.models import Signal
from schakel.intake.references import assign_reference, placeholder_reference
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify, users_of
from schakel.organisations.models import DataCategory
from schakel.registry import services as registry_services
from schakel.registry.models import Person, ReportedSubject
from schakel.triage import services as triage_services
from schakel.triage.models import TriageDecision

from . import closing
from .models import Case, CaseEvent, CaseNote, CaseParticipation
from .workflow import ENDING_STATUSES, CaseStatus, require_transition


def add_history(
    case: Case,
    *,
    by,
    kind: str,
    description: str,
    from_status: str = "",
    to_status: str = "",
    category: str = DataCategory.GENERAL,
) -> CaseEvent:
    """Append one line to the case history: the only way a history line is written.

    A line carries the data category of what it reveals (a reason's category, or the category
    that the involvement of the organisation it names reveals); partners read only the lines in
    their categories (`CaseEvent.objects.visible_to`). Callers keep personal data out of it and
    reveal at most one category per line.
    """
    if category not in DataCategory.values:
        raise ValidationError(_("Choose a data category."))
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        description=description,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        category=category,
    )


def _require_writable_category(by, category: str) -> None:
    """A user writes a text only in a category their organisation may read."""
    if category not in DataCategory.values:
        raise ValidationError(_("Choose a data category."))
    require(
        policy.may_read_category(by, category),
        _("Your organisation may not record information in this category."),
    )


def _add_reason(case: Case, *, by, kind: str, reason: str, category: str) -> None:
    """A free-text reason is its own history line, in its own category: the line it explains
    (a status change, a level) stays readable for everyone on the case."""
    if reason:
        add_history(
            case,
            by=by,
            kind=kind,
            description=_("Reason: %(reason)s") % {"reason": reason},
            category=category,
        )


@transaction.atomic
def open_case(
    *,
    by,
    title: str,
    host_organisation,
    lead_organisation,
    coordinator,
    review_date,
    description: str,
    purpose: str,
    level=None,
    source_signal: Signal | None = None,
    persons=(),
    addresses=(),
    businesses=(),
    areas=(),
    reported_subjects=(),
    participants: Iterable[tuple] = (),
) -> Case:
    """Open a case in 'registered' with its subjects and partners; the callers check who may.

    `description` is the first history line (why the case was opened), `purpose` the audit
    purpose, `participants` (organisation, purpose) pairs of partners that take part besides
    the host.
    """
    case = Case.objects.create(
        reference=placeholder_reference(),
        title=title,
        host_organisation=host_organisation,
        lead_organisation=lead_organisation,
        coordinator=coordinator,
        level=level,
        review_date=review_date,
        source_signal=source_signal,
    )
    assign_reference(case, "C")
    case.persons.set(persons)
    case.addresses.set(addresses)
    case.businesses.set(businesses)
    case.areas.set(areas)
    case.reported_subjects.set(reported_subjects)
    invited = {host_organisation.pk}
    for organisation, participation_purpose in participants:
        if organisation.pk not in invited:
            invited.add(organisation.pk)
            CaseParticipation.objects.create(
                case=case, organisation=organisation, invited_by=by, purpose=participation_purpose
            )
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.STATUS,
        description=description,
        to_status=CaseStatus.REGISTERED,
    )
    record(by, AuditAction.CREATE, obj=case, purpose=purpose)
    for person in case.persons.all():
        record(by, AuditAction.CREATE, obj=case, person=person, purpose=purpose)
    return case


@transaction.atomic
def open_case_from_signal(signal: Signal, *, by, title: str, coordinator=None) -> Case:
    """Open a case on a triaged signal: subjects, level and lead come from the signal's triage."""
    require(
        policy.can_handle_signal(by, signal),
        _("Only the receiving Veiligheidshuis can open a case on this signal."),
    )
    # The signal's row is locked, so a simultaneous request waits and then finds the case.
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status == Signal.Status.CASE_OPENED or signal.cases.exists():
        raise ValidationError(_("A case has already been opened on this signal."))
    decision = signal.triage_decisions.order_by("-decided_at", "-id").first()
    if signal.status != Signal.Status.TRIAGED or decision is None:
        raise ValidationError(_("Triage the signal before opening a case."))
    try:
        case = open_case(
            by=by,
            title=title,
            host_organisation=signal.receiving_organisation,
            lead_organisation=decision.lead_organisation,
            coordinator=coordinator or by,
            level=decision.level,
            review_date=decision.review_date,
            source_signal=signal,
            persons=signal.persons.all(),
            addresses=signal.addresses.all(),
            businesses=signal.businesses.all(),
            reported_subjects=signal.reported_subjects.all(),
            participants=[
                (signal.reporting_organisation, _("Signal and lead")),
                (decision.lead_organisation, _("Signal and lead")),
            ],
            description=_("Case opened on signal %(ref)s") % {"ref": signal.reference},
            purpose=Purpose.CASE_OPENING,
        )
    except IntegrityError as error:
        # The database's one_case_per_signal: the last line should the lock above be bypassed.
        if not Case.objects.filter(source_signal=signal).exists():
            raise
        raise ValidationError(_("A case has already been opened on this signal.")) from error
    triage_services.attach_to_case(decision, case)
    require_transition(case.status, CaseStatus.TRIAGE)
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.TRIAGE,
        description=_("Triage: level %(level)s, lead %(lead)s")
        % {"level": decision.level, "lead": decision.lead_organisation},
        from_status=CaseStatus.REGISTERED,
        to_status=CaseStatus.TRIAGE,
        category=decision.lead_organisation.involvement_category,
    )
    case.status = CaseStatus.TRIAGE
    case.save(update_fields=["status"])
    intake_services.record_case_opened(signal)
    return case


@transaction.atomic
def change_status(
    case: Case,
    *,
    by,
    to_status: str,
    reason: str = "",
    reason_category: str = DataCategory.GENERAL,
    item_reasons: dict[str, tuple[str, str]] | None = None,
) -> Case:
    """Move a case one step along `workflow.ALLOWED_TRANSITIONS`; the reason carries the data
    category its author gives it.

    Ending a case (closed, rejected, referred) with work still open (`closing.open_items`) needs
    `item_reasons`: per open item's key a (reason, category) pair. Each item gets its end state
    and its reason is a history line in that category."""
    require(policy.can_manage_case(by, case), _("You may not change the status of this case."))
    reason = (reason or "").strip()
    _require_writable_category(by, reason_category)
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_transition(case.status, to_status)
    previous = case.status
    if to_status in ENDING_STATUSES:
        if not reason.strip():
            raise ValidationError(_("Give a reason for closing, rejecting or referring."))
        _end_open_work(case, by=by, item_reasons=item_reasons or {})
    case.status = to_status
    fields = ["status", "updated_at"]
    if to_status in ENDING_STATUSES:
        case.closing_reason = reason
        case.closing_reason_category = reason_category
        fields += ["closing_reason", "closing_reason_category"]
    case.save(update_fields=fields)
    description = _("Status: %(from)s → %(to)s") % {
        "from": CaseStatus(previous).label,
        "to": CaseStatus(to_status).label,
    }
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.STATUS,
        description=description,
        from_status=previous,
        to_status=to_status,
    )
    _add_reason(case, by=by, kind=CaseEvent.Kind.STATUS, reason=reason, category=reason_category)
    record_status_change(by, case, previous, to_status)
    return case


def _end_open_work(case: Case, *, by, item_reasons: dict[str, tuple[str, str]]) -> None:
    """End every open item of the case for the reason given for it; none may be left out."""
    items = closing.open_items(case, by)
    missing = [i.label for i in items if not (item_reasons.get(i.key, ("",))[0] or "").strip()]
    if missing:
        raise ValidationError(
            _("Work is still open on this case. Give a reason for ending each item: %(items)s.")
            % {"items": "; ".join(missing)}
        )
    for item in items:
        reason, category = item_reasons[item.key]
        _require_writable_category(by, category)
        item.end(by)
        add_history(
            case,
            by=by,
            kind=CaseEvent.Kind.PLAN,
            description=_("Reason for ending %(item)s: %(reason)s")
            % {"item": item.named, "reason": reason.strip()},
            category=category,
        )


def advance_to(
    case: Case,
    *,
    by,
    to_status: str,
    reason: str = "",
    reason_category: str = DataCategory.GENERAL,
) -> Case:
    """Change status only if the case is not already there (used by conferences and plans)."""
    if case.status == to_status:
        return case
    return change_status(
        case, by=by, to_status=to_status, reason=reason, reason_category=reason_category
    )


@transaction.atomic
def rescale_case(
    case: Case,
    *,
    by,
    level,
    lead_organisation,
    reason,
    answers=None,
    review_date=None,
    reason_category: str = DataCategory.GENERAL,
) -> TriageDecision:
    """Scale a case up or down the ladder: triage records the decision, the case and its
    history follow it."""
    require(policy.can_manage_case(by, case), _("You may not change the level of this case."))
    _require_writable_category(by, reason_category)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    previous, previous_lead = case.level, case.lead_organisation
    decision = triage_services.record_decision(
        by=by,
        level=level,
        lead_organisation=lead_organisation,
        reason=reason,
        reason_category=reason_category,
        review_date=review_date,
        answers=answers or {},
        case=case,
    )
    case.level = level
    case.lead_organisation = lead_organisation
    case.review_date = decision.review_date
    case.save(update_fields=["level", "lead_organisation", "review_date", "updated_at"])
    if previous is None or previous.number == level.number:
        verb = _("Level set to %(level)s")
    elif level.number > previous.number:
        verb = _("Scaled up to %(level)s")
    else:
        verb = _("Scaled down to %(level)s")
    add_history(case, by=by, kind=CaseEvent.Kind.TRIAGE, description=verb % {"level": level})
    if lead_organisation != previous_lead:
        add_history(
            case,
            by=by,
            kind=CaseEvent.Kind.TRIAGE,
            description=_("Lead: %(lead)s") % {"lead": lead_organisation},
            category=lead_organisation.involvement_category,
        )
    _add_reason(
        case, by=by, kind=CaseEvent.Kind.TRIAGE, reason=reason.strip(), category=reason_category
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"niveau {level.number}")
    return decision


@transaction.atomic
def invite_organisation(
    case: Case,
    *,
    by,
    organisation,
    purpose: str = "",
    purpose_category: str = DataCategory.GENERAL,
) -> CaseParticipation:
    """Invite a partner; its purpose carries a data category, and the history line naming it
    the category its involvement reveals."""
    require(policy.can_manage_case(by, case), _("You may not invite partners to this case."))
    _require_writable_category(by, purpose_category)
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if case.participations.filter(organisation=organisation, ended_at__isnull=True).exists():
        raise ValidationError(_("%(org)s already takes part in this case.") % {"org": organisation})
    participation = CaseParticipation.objects.create(
        case=case,
        organisation=organisation,
        invited_by=by,
        purpose=purpose,
        purpose_category=purpose_category,
    )
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.PARTICIPATION,
        description=_("%(org)s invited to take part") % {"org": organisation},
        category=organisation.involvement_category,
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"deelname organisatie {organisation.pk}")
    return participation


@transaction.atomic
def end_participation(
    participation: CaseParticipation,
    *,
    by,
    reason: str,
    reason_category: str = DataCategory.GENERAL,
) -> CaseParticipation:
    """End a partner's participation, for a reason (its own history line, in its category).

    The partner's case workers are notified (with the action: a rolled-back end tells nobody).
    """
    case = participation.case
    require(policy.can_manage_case(by, case), _("You may not change who takes part."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for ending this participation."))
    _require_writable_category(by, reason_category)
    participation = CaseParticipation.objects.select_for_update().get(pk=participation.pk)
    if participation.ended_at is not None:
        raise ValidationError(_("This participation has already ended."))
    participation.ended_at = timezone.now()
    participation.ended_by = by
    participation.end_reason = reason
    participation.end_reason_category = reason_category
    participation.save(update_fields=["ended_at", "ended_by", "end_reason", "end_reason_category"])
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.PARTICIPATION,
        description=_("%(org)s no longer takes part") % {"org": participation.organisation},
        category=participation.organisation.involvement_category,
    )
    _add_reason(
        case, by=by, kind=CaseEvent.Kind.PARTICIPATION, reason=reason, category=reason_category
    )
    record(by, AuditAction.CHANGE, obj=case, detail=f"einde deelname {participation.pk}")
    # The partner's case workers hear that their organisation no longer takes part; the link
    # goes to their dashboard (the case is no longer theirs to open), the text names nothing.
    notify(
        [u for u in users_of(participation.organisation_id, *policy.CASE_WORKING_ROLES) if u != by],
        kind=NotificationKind.PARTICIPATION_ENDED,
        link=reverse("dashboard:home"),
        key=f"participation-ended:{participation.pk}",
    )
    return participation


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


@transaction.atomic
def add_reported_subjects(case: Case, *, by, statements=(), addresses=()) -> None:
    """Add what a manager of the case typed about whom; the host's staff establish who it is."""
    require(policy.can_manage_case(by, case), _("You may not change this case."))
    case.reported_subjects.add(*statements)
    case.addresses.add(*addresses)
    record(by, AuditAction.CHANGE, obj=case, detail=f"{len(statements)} betrokkene(n) gemeld")


@transaction.atomic
def establish_case_subject(
    case: Case, statement: ReportedSubject, *, by, person: Person | None = None
) -> Person:
    """The hosting Veiligheidshuis decides who a reported subject of the case is: a known person
    it may see, or a new person (`person=None`). Only then does the person join the case (and
    the signal it was reported on); the person's record is not changed."""
    require(
        policy.can_establish_case_subjects(by, case),
        _("Only the Veiligheidshuis that runs this case can establish who it is about."),
    )
    if not case.reported_subjects.filter(pk=statement.pk).exists():
        raise ValidationError(_("This report does not belong to this case."))
    person = registry_services.establish_person(statement, by=by, person=person)
    case.persons.add(person)
    signal = case.source_signal
    if signal is not None and signal.reported_subjects.filter(pk=statement.pk).exists():
        signal.persons.add(person)
    record(
        by,
        AuditAction.CHANGE,
        obj=case,
        person=person,
        purpose=Purpose.SUBJECT_MATCHING,
        detail=f"betrokkene vastgesteld uit melding {statement.pk}",
    )
    return person

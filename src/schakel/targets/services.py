"""Every change in the person-oriented approach: apply a rule, decide inflow and outflow,
assess life domains, record and solve bottlenecks, tag interventions, record the monthly meeting.

Each function checks the access policy, validates, writes in one transaction and records an
audit entry (with the person, never personal data in `detail`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons, record_status_change
from schakel.cases import services as case_services
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES, CaseStatus
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify
from schakel.organisations.models import Role, User
from schakel.plans import services as plan_services
from schakel.plans.models import Intervention
from schakel.registry.models import Person

from . import selection
from .models import (
    Assessment,
    AssessmentInstrument,
    AssessmentScore,
    Bottleneck,
    Direction,
    EvaluationMeeting,
    InterventionLifeDomain,
    JudicialRegistration,
    ListDecision,
    ListMembership,
    MeetingAction,
    OffenceCategory,
    Proposal,
    RuleApplication,
    TargetGroupRule,
    TargetList,
    TheoryBox,
)
from .querysets import may_work_with_target_person, may_work_with_target_person_on_list
from .workflow import FINISHED_BOTTLENECK_STATUSES, BottleneckStatus, require_transition

# --- Applying a rule ---------------------------------------------------------------------


def registrations_by_person(rule: TargetGroupRule, persons=None) -> dict:
    """person pk -> (date of birth, [selection.Registration]) for registrations the rule could count."""
    rows = JudicialRegistration.objects.filter(
        offence_category__in=rule.categories.all(), decision__in=rule.decisions or []
    )
    if persons is not None:
        rows = rows.filter(person__in=persons)
    result: dict[int, tuple] = {}
    for row in rows.values_list(
        "person_id",
        "person__date_of_birth",
        "registration_id",
        "offence_category__code",
        "decision",
        "offence_date",
        "decision_date",
    ):
        person_id, born, reg_id, category, decision, offence, decided = row
        entry = result.setdefault(person_id, (born, []))
        entry[1].append(selection.Registration(reg_id, category, decision, offence, decided))
    return result


def describe(outcome: selection.Outcome, names: dict[str, str] | None = None) -> str:
    """A reason in words, e.g. '2 counting registrations (woninginbraak) decided 1 Mar 2023 – ...'."""
    names = names or {}
    window = _("window %(start)s – %(end)s") % {
        "start": outcome.window_start.isoformat(),
        "end": outcome.as_of.isoformat(),
    }
    if outcome.meets or outcome.failure == "count":
        kinds = ", ".join(names.get(c, c) for c in outcome.categories) or "–"
        text = ngettext(
            "%(n)d counting registration (%(kinds)s) in the %(window)s",
            "%(n)d counting registrations (%(kinds)s) in the %(window)s",
            len(outcome.counted),
        ) % {"n": len(outcome.counted), "kinds": kinds, "window": window}
        if outcome.counted:
            latest = outcome.counted[-1].decision_date
            text += "; " + _("latest decided on %(date)s") % {"date": latest.isoformat()}
        if not outcome.meets:
            text += "; " + _("the rule asks for at least %(n)d") % {"n": outcome.min_count}
        return text
    return {
        "too_young": _("younger than the rule's minimum age (%(age)s)"),
        "too_old": _("older than the rule's maximum age (%(age)s)"),
        "no_birth_date": _("date of birth unknown; the rule sets an age%(age)s"),
    }[outcome.failure] % {"age": outcome.age if outcome.age is not None else ""}


def proposals_for(target_list: TargetList | None, rule: TargetGroupRule, as_of: datetime.date):
    """(inflow, outflow) as lists of selection.Proposal for a list (or a bare rule) on a date."""
    spec = rule.spec()
    members = (
        set(
            ListMembership.objects.filter(
                target_list=target_list, ended_on__isnull=True
            ).values_list("person_id", flat=True)
        )
        if target_list
        else set()
    )
    persons = registrations_by_person(rule)
    missing = members - set(persons)
    for person_id, born in Person.objects.filter(pk__in=missing).values_list("pk", "date_of_birth"):
        persons[person_id] = (born, [])
    return selection.propose(spec, persons, members, as_of)


def category_names() -> dict[str, str]:
    return dict(OffenceCategory.objects.values_list("code", "name"))


@transaction.atomic
def apply_rule(target_list: TargetList, *, by, as_of: datetime.date) -> RuleApplication:
    """Apply the list's rule on a date and keep the proposed inflow and outflow with reasons."""
    require(
        policy.may_manage_target_list(by, target_list),
        _("Only the list's team and its Veiligheidshuis staff apply its rule."),
    )
    if as_of > timezone.localdate():
        raise ValidationError(_("The rule cannot be applied on a date in the future."))
    inflow, outflow = proposals_for(target_list, target_list.rule, as_of)
    application = RuleApplication.objects.create(
        target_list=target_list, as_of=as_of, applied_by=by
    )
    names = category_names()
    Proposal.objects.bulk_create(
        Proposal(
            application=application,
            person_id=p.person,
            direction=p.direction,
            reason=describe(p.outcome, names),
        )
        for p in inflow + outflow
    )
    record(
        by,
        AuditAction.LIST,
        obj=application,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"regel {target_list.rule_id} per {as_of}: {len(inflow)} in, {len(outflow)} uit",
    )
    persons = Person.objects.filter(pk__in=[p.person for p in inflow + outflow])
    record_persons(
        by, AuditAction.LIST, persons, purpose=Purpose.PERSON_ORIENTED_APPROACH, obj=application
    )
    return application


# --- Decisions ---------------------------------------------------------------------------


def eligible_coordinators():
    return User.objects.filter(role=Role.COORDINATOR, is_active=True).select_related("organisation")


def _open_decision(target_list: TargetList, *, by, reason: str, effective_on, person):
    """The checks every list decision shares; returns the cleaned reason, the date it takes
    effect and the person's current membership (locked), if any."""
    require(
        policy.may_manage_target_list(by, target_list),
        _("Only the list's team and its Veiligheidshuis staff decide on inflow and outflow."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    effective_on = effective_on or timezone.localdate()
    if effective_on > timezone.localdate() + datetime.timedelta(days=31):
        raise ValidationError(_("A decision takes effect within a month."))
    active = (
        ListMembership.objects.select_for_update()
        .filter(target_list=target_list, person=person, ended_on__isnull=True)
        .first()
    )
    return reason, effective_on, active


def _record_decision(
    target_list: TargetList,
    person: Person,
    *,
    by,
    direction: str,
    reason: str,
    effective_on: datetime.date,
    best_cards,
    coordinator,
    proposal: Proposal | None,
) -> ListDecision:
    if proposal is not None and (
        proposal.application.target_list_id != target_list.pk or proposal.person_id != person.pk
    ):
        raise ValidationError(_("This proposal belongs to another list or person."))
    decision = ListDecision.objects.create(
        target_list=target_list,
        person=person,
        direction=direction,
        effective_on=effective_on,
        decided_by=by,
        best_cards=best_cards,
        coordinator=coordinator,
        reason=reason,
        proposal=proposal,
    )
    record(
        by,
        AuditAction.CREATE,
        obj=decision,
        person=person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"lijst {target_list.pk} besluit {direction}",
    )
    return decision


@transaction.atomic
def include_on_list(
    target_list: TargetList,
    person: Person,
    *,
    by,
    reason: str,
    best_cards=None,
    coordinator=None,
    effective_on: datetime.date | None = None,
    proposal: Proposal | None = None,
) -> ListDecision:
    """Inflow: the person comes on the list with one accountable coordinator, and the partner
    that holds the best cards is named."""
    reason, effective_on, active = _open_decision(
        target_list, by=by, reason=reason, effective_on=effective_on, person=person
    )
    if active is not None:
        raise ValidationError(_("This person is already on the list."))
    if best_cards is None:
        raise ValidationError(_("Name the partner that holds the best cards."))
    if coordinator is None:
        raise ValidationError(_("Every person on a list gets one accountable coordinator."))
    if not eligible_coordinators().filter(pk=coordinator.pk).exists():
        raise ValidationError(
            _("The coordinator must be an active user with the coordinator role.")
        )
    decision = _record_decision(
        target_list,
        person,
        by=by,
        direction=Direction.IN,
        reason=reason,
        effective_on=effective_on,
        best_cards=best_cards,
        coordinator=coordinator,
        proposal=proposal,
    )
    ListMembership.objects.create(
        target_list=target_list,
        person=person,
        coordinator=coordinator,
        included_on=effective_on,
        inclusion=decision,
    )
    _tell_coordinator(coordinator, person, by=by)
    return decision


def _tell_coordinator(coordinator, person: Person, *, by) -> None:
    """The (new) coordinator hears of it without polling; the notification names nobody."""
    if coordinator.pk != by.pk:
        notify(
            [coordinator],
            kind=NotificationKind.COORDINATOR_ASSIGNED,
            link=reverse("targets:person", args=[person.pk]),
        )


@transaction.atomic
def remove_from_list(
    target_list: TargetList,
    person: Person,
    *,
    by,
    reason: str,
    effective_on: datetime.date | None = None,
    best_cards=None,
    proposal: Proposal | None = None,
) -> ListDecision:
    """Outflow: the person's membership ends on the date the decision takes effect."""
    reason, effective_on, active = _open_decision(
        target_list, by=by, reason=reason, effective_on=effective_on, person=person
    )
    if active is None:
        raise ValidationError(_("This person is not on the list."))
    if effective_on < active.included_on:
        raise ValidationError(_("Outflow cannot take effect before inflow."))
    decision = _record_decision(
        target_list,
        person,
        by=by,
        direction=Direction.OUT,
        reason=reason,
        effective_on=effective_on,
        best_cards=best_cards,
        coordinator=None,
        proposal=proposal,
    )
    active.ended_on = effective_on
    active.exit = decision
    active.save(update_fields=["ended_on", "exit"])
    return decision


@transaction.atomic
def record_not_included(
    target_list: TargetList,
    person: Person,
    *,
    by,
    reason: str,
    effective_on: datetime.date | None = None,
    best_cards=None,
    proposal: Proposal | None = None,
) -> ListDecision:
    """A proposed person is not put on the list (e.g. another approach already runs): the
    decision and its reason are kept, no membership is made."""
    reason, effective_on, active = _open_decision(
        target_list, by=by, reason=reason, effective_on=effective_on, person=person
    )
    if active is not None:
        raise ValidationError(_("This person is already on the list."))
    return _record_decision(
        target_list,
        person,
        by=by,
        direction=Direction.NOT_IN,
        reason=reason,
        effective_on=effective_on,
        best_cards=best_cards,
        coordinator=None,
        proposal=proposal,
    )


@transaction.atomic
def change_coordinator(
    membership: ListMembership, *, by, coordinator, reason: str
) -> ListMembership:
    """(Re)assign the person's accountable coordinator: a recorded list decision (who, when,
    why; audited, in the person's list history); the new coordinator is told after the commit."""
    require(
        policy.may_manage_target_list(by, membership.target_list),
        _("Only the list's team and its Veiligheidshuis staff assign coordinators."),
    )
    membership = ListMembership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This person is no longer on the list."))
    if not eligible_coordinators().filter(pk=coordinator.pk).exists():
        raise ValidationError(
            _("The coordinator must be an active user with the coordinator role.")
        )
    if coordinator.pk == membership.coordinator_id:
        raise ValidationError(_("This is already the person's coordinator."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the change."))
    decision = _record_decision(
        membership.target_list,
        membership.person,
        by=by,
        direction=Direction.COORDINATOR,
        reason=reason,
        effective_on=timezone.localdate(),
        best_cards=None,
        coordinator=coordinator,
        proposal=None,
    )
    membership.coordinator = coordinator
    membership.save(update_fields=["coordinator"])
    _tell_coordinator(coordinator, membership.person, by=by)
    record(
        by,
        AuditAction.CHANGE,
        obj=membership,
        person=membership.person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"coordinator {coordinator.pk} besluit {decision.pk}",
    )
    return membership


def _require_acts_for(by, membership: ListMembership) -> None:
    require(
        policy.may_act_for_target_person(by, membership),
        _(
            "Only the person's coordinator and the list's Veiligheidshuis can do this, while the "
            "person is on the list."
        ),
    )


@transaction.atomic
def open_case_for_person(membership: ListMembership, *, by, title: str, goal: str = "") -> Case:
    """The coordinator opens a case for a person on the list: hosted by the list's
    Veiligheidshuis, coordinated by the person's accountable coordinator, led by the
    coordinator's organisation; the list decision is its triage, so it starts in 'triage'.
    With `goal`, the action plan starts with that goal. Partners are invited on the case."""
    _require_acts_for(by, membership)
    target_list = membership.target_list
    if target_list.host_organisation_id is None:
        raise ValidationError(_("This list has no Veiligheidshuis; a case needs one to host it."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the case a working title."))
    # Two submits at once (a double click) must not both find no open case: the person's row
    # is locked until this transaction ends, so the second waits and then finds the first.
    Person.objects.select_for_update().filter(pk=membership.person_id).first()
    coordinator = membership.coordinator
    running = Case.objects.filter(
        persons=membership.person,
        host_organisation_id=target_list.host_organisation_id,
        status__in=OPEN_STATUSES,
    ).first()
    if running is not None:
        raise ValidationError(
            _("A case is already open for this person: %(ref)s.") % {"ref": running.reference}
        )
    case = case_services.open_case(
        by=by,
        title=title,
        host_organisation=target_list.host_organisation,
        lead_organisation=coordinator.organisation,
        coordinator=coordinator,
        review_date=timezone.localdate() + datetime.timedelta(days=30),
        description=_("Case opened for a person on the list %(list)s") % {"list": target_list.name},
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        persons=[membership.person],
        participants=[(coordinator.organisation, _("Accountable coordinator"))],
    )
    case_services.change_status(case, by=by, to_status=CaseStatus.TRIAGE)
    case.refresh_from_db()
    if (goal or "").strip():
        plan_services.add_goal(case, by, goal)
    return case


# --- Working with a person ---------------------------------------------------------------


def _require_works_with(by, person: Person) -> None:
    require(
        may_work_with_target_person(by, person),
        _("Only the person's coordinator and the list's team can do this."),
    )


@transaction.atomic
def record_assessment(
    person: Person,
    *,
    by,
    instrument: AssessmentInstrument,
    assessed_on: datetime.date,
    scores: dict[int, int | None],
    note: str = "",
) -> Assessment:
    """Scores per domain pk of the instrument; a domain left empty was not assessed."""
    _require_works_with(by, person)
    if not instrument.is_active:
        raise ValidationError(_("This instrument version is no longer in use."))
    if assessed_on > timezone.localdate():
        raise ValidationError(_("An assessment cannot be dated in the future."))
    domains = {d.pk: d for d in instrument.domains.all()}
    levels = {k for k, _label in instrument.scale}
    given = {pk: s for pk, s in scores.items() if s is not None}
    if not given:
        raise ValidationError(_("Score at least one life domain."))
    if set(given) - set(domains):
        raise ValidationError(_("A score belongs to a domain of another instrument."))
    if any(s not in levels for s in given.values()):
        raise ValidationError(_("A score lies outside the instrument's scale."))
    assessment = Assessment.objects.create(
        person=person, instrument=instrument, assessed_on=assessed_on, assessed_by=by, note=note
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, domain=domains[pk], score=s)
        for pk, s in given.items()
    )
    record(
        by,
        AuditAction.CREATE,
        obj=assessment,
        person=person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
    )
    return assessment


@transaction.atomic
def record_bottleneck(
    person: Person,
    *,
    by,
    target_list: TargetList,
    kind: str,
    description: str,
    asked_organisation,
) -> Bottleneck:
    _require_works_with(by, person)
    if not ListMembership.objects.filter(target_list=target_list, person=person).exists():
        raise ValidationError(_("This person is not on that list."))
    if not (description or "").strip():
        raise ValidationError(_("Describe the bottleneck."))
    bottleneck = Bottleneck.objects.create(
        person=person,
        target_list=target_list,
        kind=kind,
        description=description.strip(),
        asked_organisation=asked_organisation,
        raised_by=by,
        raised_on=timezone.localdate(),
    )
    record(
        by,
        AuditAction.CREATE,
        obj=bottleneck,
        person=person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=kind,
    )
    return bottleneck


@transaction.atomic
def update_bottleneck(
    bottleneck: Bottleneck, *, by, status: str, resolution: str = ""
) -> Bottleneck:
    require(
        may_work_with_target_person_on_list(by, bottleneck.person_id, bottleneck.target_list_id)
        or Bottleneck.objects.asked_of(by).filter(pk=bottleneck.pk).exists(),
        _("Only the person's coordinator, the list's team and the partner asked can do this."),
    )
    if status not in BottleneckStatus.values:
        raise ValidationError(_("Unknown status."))
    bottleneck = Bottleneck.objects.select_for_update().get(pk=bottleneck.pk)
    if status != bottleneck.status or not bottleneck.is_open:
        require_transition(bottleneck.status, status)
    finished = status in FINISHED_BOTTLENECK_STATUSES
    if finished and not (resolution or "").strip():
        raise ValidationError(_("Say how the bottleneck was solved, or why it cannot be."))
    previous = bottleneck.status
    bottleneck.status = status
    bottleneck.resolution = (resolution or "").strip() or bottleneck.resolution
    bottleneck.resolved_on = timezone.localdate() if finished else None
    bottleneck.save(update_fields=["status", "resolution", "resolved_on"])
    record_status_change(
        by,
        bottleneck,
        previous,
        status,
        person=bottleneck.person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
    )
    return bottleneck


@transaction.atomic
def tag_intervention(intervention, *, by, person: Person, life_domain: str):
    """Tag an intervention of the person's plan with the life domain it works on ('' removes)."""
    _require_works_with(by, person)
    if (
        not Intervention.objects.visible_to(by)
        .filter(pk=intervention.pk, plan__case__persons=person)
        .exists()
    ):
        raise ValidationError(_("This intervention is not on this person's plan."))
    if not life_domain:
        InterventionLifeDomain.objects.filter(intervention=intervention).delete()
    else:
        InterventionLifeDomain.objects.update_or_create(
            intervention=intervention, defaults={"life_domain": life_domain, "tagged_by": by}
        )
    record(
        by,
        AuditAction.CHANGE,
        obj=intervention,
        person=person,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"leefgebied {life_domain or '-'}",
    )


# --- Monthly evaluation ------------------------------------------------------------------


def _require_manages(by, target_list: TargetList) -> None:
    require(
        policy.may_manage_target_list(by, target_list),
        _("Only the list's team and its Veiligheidshuis staff record the evaluation."),
    )


@transaction.atomic
def record_meeting(
    target_list: TargetList,
    *,
    by,
    held_on: datetime.date,
    theme: str,
    insights: str,
    actions: list[tuple[str, object]] = (),
) -> EvaluationMeeting:
    """A meeting record; `actions` are (description, partner organisation or None)."""
    _require_manages(by, target_list)
    if not theme.strip() or not insights.strip():
        raise ValidationError(_("A meeting record needs its theme and insights."))
    meeting = EvaluationMeeting.objects.create(
        target_list=target_list,
        held_on=held_on,
        theme=theme.strip(),
        insights=insights.strip(),
        recorded_by=by,
    )
    for description, organisation in actions:
        if description.strip():
            MeetingAction.objects.create(
                meeting=meeting, description=description.strip(), owner_organisation=organisation
            )
    record(by, AuditAction.CREATE, obj=meeting, purpose=Purpose.PERSON_ORIENTED_APPROACH)
    return meeting


@transaction.atomic
def check_action(
    action: MeetingAction, *, by, meeting: EvaluationMeeting, result: str, note: str = ""
) -> MeetingAction:
    """In a later meeting: was the action agreed earlier carried out?"""
    _require_manages(by, action.meeting.target_list)
    if (
        meeting.target_list_id != action.meeting.target_list_id
        or meeting.held_on <= action.meeting.held_on
    ):
        raise ValidationError(_("An action is checked in a later meeting of the same list."))
    if result not in MeetingAction.Check.values or result == MeetingAction.Check.PENDING:
        raise ValidationError(_("Choose whether the action was done."))
    action.check_result = result
    action.check_note = (note or "").strip()
    action.checked_in = meeting
    action.save(update_fields=["check_result", "check_note", "checked_in"])
    record(
        by,
        AuditAction.CHANGE,
        obj=action,
        purpose=Purpose.PERSON_ORIENTED_APPROACH,
        detail=f"controle {result}",
    )
    return action


@transaction.atomic
def add_theory_box(target_list: TargetList, *, by, kind: str, text: str, indicators: list[str]):
    from .metrics import INDICATORS
    from .models import ProgramTheory

    _require_manages(by, target_list)
    if kind not in TheoryBox.Kind.values or not text.strip():
        raise ValidationError(_("A box needs its kind and text."))
    if set(indicators) - set(INDICATORS):
        raise ValidationError(_("Unknown indicator."))
    theory, _created = ProgramTheory.objects.get_or_create(
        target_list=target_list,
        defaults={"title": _("Program theory %(list)s") % {"list": target_list.name}},
    )
    order = (
        theory.boxes.filter(kind=kind).order_by("-order").values_list("order", flat=True).first()
        or 0
    ) + 1
    box = TheoryBox.objects.create(
        theory=theory, kind=kind, text=text.strip(), indicators=list(indicators), order=order
    )
    record(by, AuditAction.CREATE, obj=box, purpose=Purpose.PERSON_ORIENTED_APPROACH)
    return box


def first_new_offences(
    person_index: dict[int, datetime.date], until: datetime.date
) -> dict[int, datetime.date]:
    """person pk -> date of the first new offence after the index date (acquittals don't count)."""
    from .models import JudicialDecision

    firsts: dict[int, datetime.date] = {}
    rows = (
        JudicialRegistration.objects.filter(
            person_id__in=list(person_index), offence_date__lte=until
        )
        .exclude(decision=JudicialDecision.ACQUITTAL)
        .values_list("person_id", "offence_date")
    )
    by_person = defaultdict(list)
    for person_id, offence in rows:
        by_person[person_id].append(offence)
    for person_id, index in person_index.items():
        after = [d for d in by_person.get(person_id, ()) if d > index]
        if after:
            firsts[person_id] = min(after)
    return firsts

"""Every change to a case conference: plan, set the agenda, invite, sign, decide, review, hold.

Each function checks the access policy, writes in one transaction and records an audit entry.
Who runs a conference: the Veiligheidshuis directors of the hosting house, and its chair. Who
may record decisions and reviews in it: the chair, and attendees who accepted the
confidentiality statement — and each of them only on cases and data categories they may see.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import policy
from schakel.access.errors import ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case, CaseEvent
from schakel.cases.services import add_history, advance_to
from schakel.cases.workflow import CaseStatus
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.services import notify
from schakel.organisations.models import DataCategory
from schakel.plans.models import Intervention

from .models import ActionReview, AgendaItem, Attendance, Conference, Decision
from .workflow import ConferenceStatus, require_transition

CONFIDENTIALITY_STATEMENT = gettext_lazy(
    "I will keep confidential everything that is shared in this case conference. I use the "
    "information only for the purpose of this conference and the approach agreed in it, I do "
    "not pass it on outside my organisation's need-to-know, and I do not take notes about "
    "persons out of the meeting other than the decisions recorded in Schakel."
)


def can_run_conference(user, conference: Conference) -> bool:
    """The hosting Veiligheidshuis's directors and the chair set the agenda, invite and close."""
    if not policy.works_on_cases(user):
        return False
    if conference.chair_id == user.pk:
        return True
    return policy.can_direct_cases(user) and (
        conference.host_organisation_id == user.organisation_id
    )


def may_record_in(user, conference: Conference) -> bool:
    """The chair, or an attendee who signed the confidentiality statement."""
    if not policy.works_on_cases(user):
        return False
    if conference.chair_id == user.pk:
        return True
    return conference.attendees.filter(
        user=user, confidentiality_accepted_at__isnull=False
    ).exists()


def _require_planned(conference: Conference) -> None:
    if conference.status != ConferenceStatus.PLANNED:
        raise ValidationError(
            _("This case conference is %(status)s; it can no longer be changed.")
            % {"status": conference.get_status_display().lower()}
        )


def _require_runs(user, conference: Conference) -> None:
    require(
        can_run_conference(user, conference),
        _("Only the chair or the hosting Veiligheidshuis can change this case conference."),
    )


@transaction.atomic
def plan_conference(*, by, title: str, starts_at, location: str = "", chair=None) -> Conference:
    """Plan a conference hosted by the planner's Veiligheidshuis; the chair attends it."""
    require(policy.can_direct_cases(by), _("Only Veiligheidshuis directors can plan conferences."))
    chair = chair or by
    if not (policy.can_direct_cases(chair) and chair.organisation_id == by.organisation_id):
        raise ValidationError(_("The chair must be a director of your Veiligheidshuis."))
    return _create_conference(
        by=by,
        title=title,
        starts_at=starts_at,
        location=location,
        host=by.organisation,
        chair=chair,
        detail=f"voorzitter {chair.pk}",
    )


def _create_conference(*, by, title, starts_at, location, host, chair, detail) -> Conference:
    """A checked new conference whose chair attends it (audited with `detail`)."""
    if not (title or "").strip():
        raise ValidationError(_("Give the conference a title."))
    if starts_at is None:
        raise ValidationError(_("Give the date and time of the conference."))
    if timezone.localdate(starts_at) < timezone.localdate():
        raise ValidationError(_("A case conference cannot be planned on a day that has passed."))
    title = title.strip()
    # A second submission of the same form (a double click, a reload) is not a second
    # conference: one house, one title, one moment (a unique constraint, for simultaneous ones).
    twice = _("This case conference has already been planned.")
    same = Conference.objects.filter(host_organisation=host, title=title, starts_at=starts_at)
    if same.exists():
        raise ValidationError(twice)
    try:
        with transaction.atomic():
            conference = Conference.objects.create(
                title=title,
                starts_at=starts_at,
                location=(location or "").strip(),
                host_organisation=host,
                chair=chair,
            )
    except IntegrityError:
        raise ValidationError(twice) from None
    Attendance.objects.create(conference=conference, user=chair, organisation=chair.organisation)
    record(by, AuditAction.CREATE, obj=conference, purpose=Purpose.CASE_CONFERENCE, detail=detail)
    return conference


@transaction.atomic
def convene_on_case(case: Case, *, by, title: str, starts_at, location: str = "") -> Conference:
    """Convene a conference on one case: its manager (e.g. the HIT coordinator, who is not
    Veiligheidshuis staff) plans it, chairs it and puts the case on its agenda; then invites
    the partners who take part (`invite_attendee`)."""
    require(
        policy.can_manage_case(by, case),
        _("Only who manages this case can convene a case conference on it."),
    )
    if not case.is_open:
        raise ValidationError(_("Only open cases can be put on the agenda."))
    conference = _create_conference(
        by=by,
        title=title,
        starts_at=starts_at,
        location=location,
        host=case.host_organisation,
        chair=by,
        detail=f"voorzitter {by.pk} casus {case.pk}",
    )
    add_case_to_agenda(conference, case, by=by)
    return conference


@transaction.atomic
def add_case_to_agenda(
    conference: Conference,
    case: Case,
    *,
    by,
    question: str = "",
    question_category: str = DataCategory.GENERAL,
) -> AgendaItem:
    """Put an open case on the agenda; a case still in triage moves on to the conference step.
    The question carries the data category its author gives it."""
    _require_runs(by, conference)
    if question_category not in DataCategory.values:
        raise ValidationError(_("Choose a data category."))
    require(
        policy.may_read_category(by, question_category),
        _("Your organisation may not record information in this category."),
    )
    _require_planned(conference)
    require(
        Case.objects.visible_to(by).filter(pk=case.pk).exists(),
        _("You may not see this case."),
    )
    case.refresh_from_db(fields=["status"])  # the caller's copy may be stale
    if not case.is_open:
        raise ValidationError(_("Only open cases can be put on the agenda."))
    if conference.agenda.filter(case=case).exists():
        raise ValidationError(_("This case is already on the agenda."))
    last = conference.agenda.aggregate(last=Max("order"))["last"]
    item = AgendaItem.objects.create(
        conference=conference,
        case=case,
        order=(last or 0) + 1,
        question=(question or "").strip(),
        question_category=question_category,
    )
    # Only those who manage the case move it along its workflow; anyone else who may run the
    # conference can still discuss it.
    if case.status == CaseStatus.TRIAGE and policy.can_manage_case(by, case):
        advance_to(case, by=by, to_status=CaseStatus.CONFERENCE)
        case.refresh_from_db(fields=["status"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"agenda casus {case.pk}",
    )
    return item


@transaction.atomic
def remove_case_from_agenda(item: AgendaItem, *, by) -> None:
    """Take a case off the agenda again, as long as nothing was decided on it there."""
    conference = item.conference
    _require_runs(by, conference)
    _require_planned(conference)
    if conference.decisions.filter(case_id=item.case_id).exists():
        raise ValidationError(_("Decisions were recorded on this case; it stays on the agenda."))
    if conference.reviews.filter(intervention__plan__case_id=item.case_id).exists():
        raise ValidationError(_("Actions of this case were reviewed; it stays on the agenda."))
    case_id = item.case_id
    item.delete()
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"agenda casus {case_id} verwijderd",
    )


@transaction.atomic
def invite_attendee(conference: Conference, user, *, by) -> Attendance:
    """Invite a professional whose organisation takes part in an agenda case, or of the host."""
    _require_runs(by, conference)
    _require_planned(conference)
    if not policy.works_on_cases(user):
        raise ValidationError(_("Only professionals who work on cases can attend."))
    agenda_cases = Case.objects.filter(agenda_items__conference=conference)
    takes_part = (
        user.organisation_id == conference.host_organisation_id
        or agenda_cases.filter(
            participations__organisation_id=user.organisation_id,
            participations__ended_at__isnull=True,
        ).exists()
        or agenda_cases.filter(coordinator_id=user.pk).exists()
    )
    if not takes_part:
        raise ValidationError(
            _("%(org)s takes part in none of the cases on the agenda.") % {"org": user.organisation}
        )
    if conference.attendees.filter(user=user).exists():
        raise ValidationError(_("This person is already invited."))
    attendance = Attendance.objects.create(
        conference=conference, user=user, organisation=user.organisation
    )
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"uitgenodigd gebruiker {user.pk} organisatie {user.organisation_id}",
    )
    notify(
        [user],
        kind=NotificationKind.CONFERENCE_INVITATION,
        link=reverse("conferences:detail", args=[conference.pk]),
        due=timezone.localdate(conference.starts_at),
    )
    return attendance


@transaction.atomic
def hand_attendance_to(attendance: Attendance, *, by, to) -> Attendance:
    """A team lead sends a colleague of the same organisation in an invitee's place ("Mijn
    werk"): the invitation passes to the colleague, who signs the confidentiality statement
    anew and is told; the chair's seat is not handed on this way. Audited."""
    attendance = (
        Attendance.objects.select_for_update().select_related("conference").get(pk=attendance.pk)
    )
    conference = attendance.conference
    require(
        policy.leads_organisation_work(by) and by.organisation_id == attendance.organisation_id,
        _("Only a team lead of the invited organisation can send a colleague instead."),
    )
    if not policy.may_reassign_work_to(by, to) or not policy.works_on_cases(to):
        raise ValidationError(_("Choose an active colleague of your own organisation."))
    _require_planned(conference)
    if attendance.user_id == conference.chair_id:
        raise ValidationError(_("The chair's invitation cannot be handed to someone else."))
    if to.pk == attendance.user_id:
        raise ValidationError(_("This colleague is already invited."))
    if conference.attendees.filter(user=to).exists():
        raise ValidationError(_("This colleague is already invited."))
    previous = attendance.user_id
    attendance.user = to
    attendance.confidentiality_accepted_at = None
    attendance.save(update_fields=["user", "confidentiality_accepted_at"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"uitnodiging van gebruiker {previous} naar gebruiker {to.pk}",
    )
    if to.pk != by.pk:
        notify(
            [to],
            kind=NotificationKind.CONFERENCE_INVITATION,
            link=reverse("conferences:detail", args=[conference.pk]),
            due=timezone.localdate(conference.starts_at),
        )
    return attendance


@transaction.atomic
def accept_confidentiality(attendance: Attendance, *, by) -> Attendance:
    """The attendee signs the statement; the chair may record it for someone in the room."""
    conference = attendance.conference
    for_self = attendance.user_id == by.pk
    require(
        policy.works_on_cases(by) and (for_self or conference.chair_id == by.pk),
        _("Only the attendee, or the chair for an attendee present, can accept the statement."),
    )
    _require_planned(conference)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.confidentiality_accepted_at is not None:
        raise ValidationError(_("The confidentiality statement has already been accepted."))
    attendance.confidentiality_accepted_at = timezone.now()
    attendance.presence = Attendance.Presence.PRESENT
    attendance.save(update_fields=["confidentiality_accepted_at", "presence"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=(
            f"geheimhoudingsverklaring aanwezige {attendance.pk}"
            + ("" if for_self else " vastgelegd door voorzitter")
        ),
    )
    return attendance


@transaction.atomic
def record_attendance(attendance: Attendance, *, by, presence: str) -> Attendance:
    """The chair or the hosting house records who was present, absent, or absent with
    apologies; whoever signed the confidentiality statement was present."""
    conference = attendance.conference
    _require_runs(by, conference)
    _require_planned(conference)
    if presence not in Attendance.Presence.values:
        raise ValidationError(_("Choose present, absent or absent with apologies."))
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if (
        attendance.confidentiality_accepted_at is not None
        and presence != Attendance.Presence.PRESENT
    ):
        raise ValidationError(
            _("This attendee accepted the confidentiality statement in the meeting: present.")
        )
    attendance.presence = presence
    attendance.save(update_fields=["presence"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"aanwezigheid {attendance.pk} {presence}",
    )
    return attendance


def may_be_held(conference: Conference, today=None) -> bool:
    """A conference is marked held on or after the day it takes place, never before."""
    today = today or timezone.localdate()
    return timezone.localdate(conference.starts_at) <= today


@transaction.atomic
def record_decision(
    conference: Conference, case: Case, *, by, text: str, category: str = DataCategory.GENERAL
) -> Decision:
    """Record a decision on an agenda case, tagged with a category the recorder may see."""
    require(
        may_record_in(by, conference),
        _("Accept the confidentiality statement before recording decisions."),
    )
    _require_planned(conference)
    if not conference.agenda.filter(case=case).exists():
        raise ValidationError(_("This case is not on the agenda of this conference."))
    require(
        Case.objects.visible_to(by).filter(pk=case.pk).exists(), _("You may not see this case.")
    )
    if category not in DataCategory.values:
        raise ValidationError(_("Choose a data category."))
    require(
        policy.may_see_category(by, category),
        _("Your organisation may not record information in this category."),
    )
    if not (text or "").strip():
        raise ValidationError(_("Write down the decision."))
    decision = Decision.objects.create(
        conference=conference, case=case, text=text.strip(), category=category, recorded_by=by
    )
    # The history is read by every participant, whatever the category: no decision text here.
    add_history(
        case,
        by=by,
        kind=CaseEvent.Kind.DECISION,
        description=_("Decision recorded in case conference %(title)s of %(date)s")
        % {
            "title": conference.title,
            "date": date_format(timezone.localtime(conference.starts_at), "SHORT_DATE_FORMAT"),
        },
    )
    record(
        by,
        AuditAction.CREATE,
        obj=decision,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"overleg {conference.pk} casus {case.pk} categorie {category}",
    )
    return decision


@transaction.atomic
def review_action(
    conference: Conference, intervention: Intervention, *, by, reason: str, explanation: str = ""
) -> ActionReview:
    """Record why an open intervention of an agenda case was not done."""
    require(
        may_record_in(by, conference),
        _("Accept the confidentiality statement before reviewing actions."),
    )
    _require_planned(conference)
    require(
        Intervention.objects.visible_to(by).filter(pk=intervention.pk).exists(),
        _("You may not see this intervention."),
    )
    if not conference.agenda.filter(case_id=intervention.plan.case_id).exists():
        raise ValidationError(_("This intervention's case is not on the agenda."))
    if not intervention.is_open:
        raise ValidationError(_("Only open interventions are reviewed."))
    if reason not in ActionReview.Reason.values:
        raise ValidationError(_("Choose why the action was not done."))
    explanation = (explanation or "").strip()
    if reason == ActionReview.Reason.OTHER and not explanation:
        raise ValidationError(_("Explain the reason when you choose 'other'."))
    if conference.reviews.filter(intervention=intervention).exists():
        raise ValidationError(_("This action has already been reviewed in this conference."))
    review = ActionReview.objects.create(
        conference=conference,
        intervention=intervention,
        reason=reason,
        explanation=explanation,
        recorded_by=by,
    )
    record(
        by,
        AuditAction.CREATE,
        obj=review,
        purpose=Purpose.CASE_CONFERENCE,
        detail=f"overleg {conference.pk} interventie {intervention.pk} reden {reason}",
    )
    return review


@transaction.atomic
def record_minutes(conference: Conference, *, by, text: str) -> Conference:
    """The general minutes (not about one case): every attendee reads them, so they hold
    general information only; case decisions are recorded per case with their category."""
    _require_runs(by, conference)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    _require_planned(conference)
    text = (text or "").strip()
    if len(text) > 20000:
        raise ValidationError(_("Keep the minutes under 20,000 characters."))
    conference.minutes = text
    conference.save(update_fields=["minutes"])
    record(
        by, AuditAction.CHANGE, obj=conference, purpose=Purpose.CASE_CONFERENCE, detail="notulen"
    )
    return conference


@transaction.atomic
def hold_conference(conference: Conference, *, by) -> Conference:
    """Mark the conference as held; its minutes are then final."""
    _require_runs(by, conference)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_transition(conference.status, ConferenceStatus.HELD)
    if not may_be_held(conference):
        raise ValidationError(
            _("A case conference cannot be marked held before its date (%(date)s).")
            % {"date": date_format(timezone.localtime(conference.starts_at), "SHORT_DATE_FORMAT")}
        )
    if not conference.attendees.filter(confidentiality_accepted_at__isnull=False).exists():
        raise ValidationError(
            _("A conference is held with at least one attendee who accepted confidentiality.")
        )
    conference.status = ConferenceStatus.HELD
    conference.save(update_fields=["status"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail="status held",
    )
    return conference


@transaction.atomic
def cancel_conference(conference: Conference, *, by) -> Conference:
    """Cancel a planned conference on which nothing was decided yet."""
    _require_runs(by, conference)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_transition(conference.status, ConferenceStatus.CANCELLED)
    if conference.decisions.exists() or conference.reviews.exists():
        raise ValidationError(
            _("Decisions or reviews were recorded; mark the conference as held instead.")
        )
    conference.status = ConferenceStatus.CANCELLED
    conference.save(update_fields=["status"])
    record(
        by,
        AuditAction.CHANGE,
        obj=conference,
        purpose=Purpose.CASE_CONFERENCE,
        detail="status cancelled",
    )
    return conference

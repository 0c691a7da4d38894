"""Reading case conferences: always through `access.policy`; every view of persons is audited.

A conference brings partners with different need-to-know around one table, so its agenda is
shown per user: cases the user may not see appear only as "a case you may not see", and
decisions and interventions are filtered by the user's data categories.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.organisations.models import DataCategory, User
from schakel.plans.models import Intervention, InterventionStatus

from .models import ActionReview, AgendaItem, Attendance, Conference, Decision
from .services import can_run_conference, may_be_held, may_record_in

OPEN_INTERVENTION_STATUSES = [InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS]


def conferences_for(user):
    """The conferences a user may see, newest first."""
    return (
        Conference.objects.visible_to(user)
        .select_related("chair", "host_organisation")
        .order_by("-starts_at")
    )


def get_conference(user, pk) -> Conference:
    """The conference if the user may see it; 404 otherwise, so existence is not revealed."""
    try:
        return (
            Conference.objects.visible_to(user)
            .select_related("chair", "host_organisation")
            .get(pk=pk)
        )
    except (Conference.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_agenda_item(user, conference: Conference, pk) -> AgendaItem:
    """An agenda item of a case the user may see (404 for cases outside their need-to-know)."""
    try:
        return conference.agenda.select_related("case").get(
            pk=pk, case__in=Case.objects.visible_to(user)
        )
    except (AgendaItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attendance(conference: Conference, pk) -> Attendance:
    try:
        return conference.attendees.select_related("user", "organisation").get(pk=pk)
    except (Attendance.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_reviewable_intervention(user, conference: Conference, pk):
    """A visible intervention whose case is on this conference's agenda."""
    try:
        return (
            Intervention.objects.visible_to(user)
            .select_related("plan__case", "type")
            .get(pk=pk, plan__case__agenda_items__conference=conference)
        )
    except (Intervention.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visible_case(user, pk) -> Case:
    try:
        return Case.objects.visible_to(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def addable_cases(user, conference: Conference):
    """Open cases the user may see that are not yet on the agenda."""
    return (
        Case.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .exclude(agenda_items__conference=conference)
        .order_by("reference")
    )


def invitable_users(conference: Conference):
    """Case workers of the host and of organisations taking part in an agenda case."""
    agenda_cases = Case.objects.filter(agenda_items__conference=conference)
    organisation_ids = {conference.host_organisation_id}
    organisation_ids.update(
        agenda_cases.filter(participations__ended_at__isnull=True).values_list(
            "participations__organisation_id", flat=True
        )
    )
    return (
        User.objects.filter(
            Q(organisation_id__in=organisation_ids)
            | Q(coordinated_cases__in=agenda_cases.values("pk")),
            is_active=True,
            role__in=policy.CASE_WORKING_ROLES,
        )
        .exclude(pk__in=conference.attendees.values("user_id"))
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "last_name", "first_name")
    )


def plannable_conferences(user):
    """Planned conferences the user may put a case on: the ones they run."""
    conferences = (
        Conference.objects.visible_to(user)
        .filter(status=Conference.Status.PLANNED)
        .select_related("host_organisation")
        .order_by("starts_at")
    )
    return [c for c in conferences if can_run_conference(user, c)]


def conference_detail(user, conference: Conference, *, action=AuditAction.VIEW) -> dict:
    """The agenda, decisions and open actions of a conference as this user may see them.

    Writes one audit entry for the conference and one per person on the visible agenda cases.
    """
    items = list(conference.agenda.readable_by(user).select_related("case", "case__level"))
    visible_ids = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[item.case_id for item in items])
        .values_list("pk", flat=True)
    )
    decisions = (
        Decision.objects.visible_to(user)
        .filter(conference=conference)
        .select_related("recorded_by", "recorded_by__organisation")
    )
    interventions = Intervention.objects.visible_to(user).filter(plan__case_id__in=visible_ids)
    reviews = (
        ActionReview.objects.filter(conference=conference, intervention__in=interventions)
        .select_related("intervention__type", "intervention__owner_organisation", "recorded_by")
        .order_by("recorded_at")
    )
    reviewed_ids = {review.intervention_id for review in reviews}
    today = timezone.localdate()
    overdue = (
        interventions.filter(status__in=OPEN_INTERVENTION_STATUSES, deadline__lt=today)
        .exclude(pk__in=reviewed_ids)
        .select_related("type", "owner_organisation", "owner", "plan")
        .order_by("deadline")
    )
    by_case: dict[int, dict[str, list]] = {
        case_id: {"decisions": [], "overdue": [], "reviews": []} for case_id in visible_ids
    }
    for decision in decisions:
        by_case[decision.case_id]["decisions"].append(decision)
    for intervention in overdue:
        by_case[intervention.plan.case_id]["overdue"].append(intervention)
    for review in reviews:
        by_case[review.intervention.plan.case_id]["reviews"].append(review)

    agenda = []
    for number, item in enumerate(items, start=1):
        visible = item.case_id in visible_ids
        row = {"number": number, "item": item, "visible": visible}
        if visible:
            row.update(case=item.case, **by_case[item.case_id])
        agenda.append(row)

    attendees = list(conference.attendees.select_related("user", "organisation"))
    record(user, action, obj=conference, purpose=Purpose.CASE_CONFERENCE)
    for item in items:
        if item.case_id in visible_ids:
            record_persons(
                user,
                action,
                item.case.persons.all(),
                obj=item.case,
                purpose=Purpose.CASE_CONFERENCE,
                detail=f"overleg {conference.pk}",
            )
    own = next((a for a in attendees if a.user_id == user.pk), None)
    return {
        "conference": conference,
        "agenda": agenda,
        "attendees": attendees,
        "own_attendance": own,
        "can_run": can_run_conference(user, conference),
        "may_record": may_record_in(user, conference),
        "is_chair": conference.chair_id == user.pk,
        "is_planned": conference.status == Conference.Status.PLANNED,
        "may_be_held": may_be_held(conference),
        "presence_choices": Attendance.Presence.choices,
        "hidden_categories": sorted(policy.ALL_CATEGORIES - policy.allowed_categories(user)),
    }


def case_conferences(user, case: Case) -> dict:
    """For the case page: the conferences this case was on, and where it may still go."""
    visible = set(Conference.objects.visible_to(user).values_list("pk", flat=True))
    rows = [
        {"item": item, "conference": item.conference, "visible": item.conference_id in visible}
        for item in case.agenda_items.readable_by(user)
        .select_related("conference")
        .order_by("-conference__starts_at")
    ]
    on_agenda = {row["conference"].pk for row in rows}
    return {
        "rows": rows,
        "plannable": [c for c in plannable_conferences(user) if c.pk not in on_agenda],
        "categories": [c for c in DataCategory.choices if policy.may_read_category(user, c[0])],
    }

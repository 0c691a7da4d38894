import datetime

import pytest
from django.utils import timezone

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.models import CaseEvent
from schakel.cases.workflow import CaseStatus
from schakel.conferences import services
from schakel.conferences.models import ActionReview, Conference, Decision
from tests.factories import CaseFactory, ConferenceFactory, InterventionFactory

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.now() + datetime.timedelta(days=7)


def conference_of(regisseur, **kwargs):
    return ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur, **kwargs)


def signed_in(conference, user, by):
    attendance = services.invite_attendee(conference, user, by=by)
    return services.accept_confidentiality(attendance, by=user)


def test_planning_a_conference_requires_a_safety_house_director(regisseur, politie):
    with pytest.raises(PermissionDenied):
        services.plan_conference(by=politie, title="Overleg", starts_at=NEXT_WEEK)
    assert not Conference.objects.exists()

    conference = services.plan_conference(by=regisseur, title="Overleg Zuid", starts_at=NEXT_WEEK)
    assert conference.host_organisation == regisseur.organisation
    assert conference.chair == regisseur
    assert conference.attendees.filter(user=regisseur).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="conferences.conference", object_id=conference.pk
    ).exists()


def test_the_chair_must_be_a_director_of_the_same_safety_house(regisseur, politie):
    with pytest.raises(ValidationError):
        services.plan_conference(by=regisseur, title="Overleg", starts_at=NEXT_WEEK, chair=politie)


def test_a_conference_cannot_be_planned_on_a_day_that_has_passed(regisseur, client_for):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="has passed"):
        services.plan_conference(by=regisseur, title="Overleg", starts_at=yesterday)
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    with pytest.raises(ValidationError, match="has passed"):
        services.convene_on_case(case, by=regisseur, title="Overleg", starts_at=yesterday)
    assert not Conference.objects.exists()
    # earlier today is still today: a conference just held can be recorded
    earlier_today = timezone.localtime().replace(hour=0, minute=5)
    services.plan_conference(by=regisseur, title="Ochtendoverleg", starts_at=earlier_today)


def test_submitting_the_same_conference_twice_plans_it_once(regisseur, client_for):
    client = client_for(regisseur)
    when = timezone.localtime(NEXT_WEEK).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "Overleg Zuid",
        "starts_at": when,
        "location": "Stadhuis",
        "chair": regisseur.pk,
    }
    first = client.post("/overleggen/nieuw/", data)
    assert first.status_code == 302
    again = client.post("/overleggen/nieuw/", data)
    assert again.status_code == 400
    assert "already been planned" in again.content.decode()
    assert Conference.objects.count() == 1
    # the same title at another moment is another conference
    later = timezone.localtime(NEXT_WEEK + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    assert client.post("/overleggen/nieuw/", {**data, "starts_at": later}).status_code == 302


def test_putting_a_triage_case_on_the_agenda_moves_it_to_casusoverleg(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    assert case.status == CaseStatus.TRIAGE
    conference = conference_of(regisseur)

    services.add_case_to_agenda(conference, case, by=regisseur, question="Wie neemt regie?")

    case.refresh_from_db()
    assert case.status == CaseStatus.CONFERENCE
    assert case.events.filter(to_status=CaseStatus.CONFERENCE).exists()
    assert conference.agenda.get().question == "Wie neemt regie?"


def test_a_closed_or_invisible_case_cannot_go_on_the_agenda(regisseur):
    conference = conference_of(regisseur)
    closed = CaseFactory(host_organisation=regisseur.organisation, status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.add_case_to_agenda(conference, closed, by=regisseur)
    elsewhere = CaseFactory(
        host_organisation__name="Ander veiligheidshuis",
        coordinator__username="regisseur-elders",
    )
    with pytest.raises(PermissionDenied):
        services.add_case_to_agenda(conference, elsewhere, by=regisseur)
    assert not conference.agenda.exists()


def test_only_organisations_of_agenda_cases_can_be_invited(regisseur, politie, wijkteam):
    case = CaseFactory(
        host_organisation=regisseur.organisation, participants=[politie.organisation]
    )
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)

    attendance = services.invite_attendee(conference, politie, by=regisseur)
    assert attendance.organisation == politie.organisation
    with pytest.raises(ValidationError):
        services.invite_attendee(conference, wijkteam, by=regisseur)
    with pytest.raises(PermissionDenied):
        services.invite_attendee(conference, wijkteam, by=politie)


def test_decision_is_refused_before_confidentiality_is_accepted(regisseur, politie):
    case = CaseFactory(
        host_organisation=regisseur.organisation, participants=[politie.organisation]
    )
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    attendance = services.invite_attendee(conference, politie, by=regisseur)

    with pytest.raises(PermissionDenied):
        services.record_decision(
            conference, case, by=politie, text="Huisbezoek", category="general"
        )
    assert not Decision.objects.exists()

    services.accept_confidentiality(attendance, by=politie)
    attendance.refresh_from_db()
    assert attendance.presence == "present" and attendance.confidentiality_accepted_at is not None
    decision = services.record_decision(
        conference, case, by=politie, text="Huisbezoek", category="general"
    )
    assert decision.recorded_by == politie


def test_another_attendee_cannot_accept_for_someone_else_but_the_chair_can(
    regisseur, politie, reclassering
):
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        participants=[politie.organisation, reclassering.organisation],
    )
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    politie_attendance = services.invite_attendee(conference, politie, by=regisseur)
    services.invite_attendee(conference, reclassering, by=regisseur)

    with pytest.raises(PermissionDenied):
        services.accept_confidentiality(politie_attendance, by=reclassering)
    services.accept_confidentiality(politie_attendance, by=regisseur)
    politie_attendance.refresh_from_db()
    assert politie_attendance.confidentiality_accepted_at is not None
    assert politie_attendance.presence == "present"


def test_wijkteam_attendee_cannot_record_a_justice_decision(regisseur, wijkteam):
    case = CaseFactory(
        host_organisation=regisseur.organisation, participants=[wijkteam.organisation]
    )
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    signed_in(conference, wijkteam, regisseur)

    with pytest.raises(PermissionDenied):
        services.record_decision(
            conference, case, by=wijkteam, text="Aanhouden bij overtreding", category="justice"
        )
    services.record_decision(conference, case, by=wijkteam, text="Schuldhulp", category="care")
    assert list(Decision.objects.values_list("category", flat=True)) == ["care"]


def test_decision_needs_the_case_on_the_agenda(regisseur):
    conference = conference_of(regisseur)
    case = CaseFactory(host_organisation=regisseur.organisation)
    with pytest.raises(ValidationError):
        services.record_decision(conference, case, by=regisseur, text="X", category="general")


def test_decision_history_entry_does_not_carry_the_decision_text(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    conference = conference_of(regisseur, title="Overleg Noord")
    services.add_case_to_agenda(conference, case, by=regisseur)

    services.record_decision(
        conference, case, by=regisseur, text="Strafrechtelijk traject", category="justice"
    )

    event = case.events.get(kind=CaseEvent.Kind.DECISION)
    assert "Overleg Noord" in event.description
    assert "Strafrechtelijk" not in event.description
    assert AuditEntry.objects.filter(object_type="conferences.decision").exists()


def overdue_intervention(case):
    return InterventionFactory(
        plan__case=case, deadline=timezone.localdate() - datetime.timedelta(days=3)
    )


def test_action_review_requires_a_reason_and_an_explanation_for_other(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    intervention = overdue_intervention(case)

    with pytest.raises(ValidationError):
        services.review_action(conference, intervention, by=regisseur, reason="", explanation="")
    with pytest.raises(ValidationError):
        services.review_action(
            conference, intervention, by=regisseur, reason="other", explanation="  "
        )
    assert not ActionReview.objects.exists()

    review = services.review_action(
        conference, intervention, by=regisseur, reason="other", explanation="Ziekte"
    )
    assert review.explanation == "Ziekte"
    with pytest.raises(ValidationError):
        services.review_action(conference, intervention, by=regisseur, reason="partner")


def test_action_review_without_explanation_is_fine_for_a_named_reason(regisseur):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    review = services.review_action(
        conference, overdue_intervention(case), by=regisseur, reason="circumstances"
    )
    assert review.reason == ActionReview.Reason.CIRCUMSTANCES


def test_holding_requires_an_attendee_who_accepted_confidentiality(regisseur):
    conference = conference_of(regisseur, starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.hold_conference(conference, by=regisseur)

    attendance = conference.attendees.create(user=regisseur, organisation=regisseur.organisation)
    services.accept_confidentiality(attendance, by=regisseur)
    services.hold_conference(conference, by=regisseur)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD
    case = CaseFactory(host_organisation=regisseur.organisation)
    with pytest.raises(ValidationError):
        services.add_case_to_agenda(conference, case, by=regisseur)


def test_a_conference_with_decisions_cannot_be_cancelled(regisseur, politie):
    case = CaseFactory(host_organisation=regisseur.organisation)
    conference = conference_of(regisseur)
    services.add_case_to_agenda(conference, case, by=regisseur)
    with pytest.raises(PermissionDenied):
        services.cancel_conference(conference, by=politie)
    services.record_decision(conference, case, by=regisseur, text="Plan maken", category="general")
    with pytest.raises(ValidationError):
        services.cancel_conference(conference, by=regisseur)

    empty = conference_of(regisseur)
    services.cancel_conference(empty, by=regisseur)
    empty.refresh_from_db()
    assert empty.status == Conference.Status.CANCELLED

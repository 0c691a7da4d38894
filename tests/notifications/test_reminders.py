"""Reminders before due dates and on overdue work, and the notifications that actions send:
who is told, and that running `send_reminders` again tells nobody twice."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from schakel.cases.workflow import CaseStatus
from schakel.conferences import services as conferences
from schakel.intake.workflow import SignalStatus
from schakel.jobs import registry
from schakel.notifications.kinds import NotificationKind as Kind
from schakel.notifications.models import Notification
from schakel.organisations.models import OrganisationKind, Role
from schakel.triage.models import TriageDecision
from tests.factories import (
    CaseFactory,
    ConferenceFactory,
    InterventionFactory,
    SignalFactory,
    level,
    make_user,
)

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def coordinator(regisseur):
    return make_user(Role.COORDINATOR, OrganisationKind.SAFETY_HOUSE, "casusregisseur",
                     regisseur.organisation.name)  # fmt: skip


@pytest.fixture
def case(regisseur, coordinator, wijkteam):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=coordinator,
        status=CaseStatus.EXECUTION,
        participants=[wijkteam.organisation],
    )


def test_an_overdue_intervention_tells_owner_coordinator_and_veiligheidshuis_once(
    case, regisseur, coordinator, wijkteam, politie
):
    intervention = InterventionFactory(
        plan__case=case, owner_organisation=wijkteam.organisation, owner=wijkteam,
        deadline=today() - datetime.timedelta(days=1),
    )  # fmt: skip
    call_command("send_reminders")
    call_command("send_reminders")
    assert told(Kind.INTERVENTION_OVERDUE) == {"wijkteam", "casusregisseur", "regisseur"}
    assert Notification.objects.filter(kind=Kind.INTERVENTION_OVERDUE).count() == 3
    notification = Notification.objects.get(recipient=wijkteam)
    assert notification.link == f"/casussen/{case.pk}/plan/"  # the plan section with it
    assert notification.due == intervention.deadline
    assert "politie" not in told(Kind.INTERVENTION_OVERDUE)


def test_a_partner_whose_participation_ended_is_no_longer_reminded(
    case, regisseur, coordinator, wijkteam, django_capture_on_commit_callbacks
):
    """Review finding: an ended partner kept getting "intervention overdue" for a case it could
    no longer open; the coordinator and the Veiligheidshuis must still hear of it."""
    from schakel.cases import services as case_services

    InterventionFactory(
        plan__case=case, owner_organisation=wijkteam.organisation, owner=wijkteam,
        deadline=today() - datetime.timedelta(days=1),
    )  # fmt: skip
    InterventionFactory(
        plan=case.plan, owner_organisation=wijkteam.organisation, owner=wijkteam,
        deadline=today() + datetime.timedelta(days=1),
    )  # fmt: skip
    participation = case.participations.get(organisation=wijkteam.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.end_participation(participation, by=regisseur, reason="Niet meer nodig")
    call_command("send_reminders")
    assert told(Kind.INTERVENTION_OVERDUE) == {"casusregisseur", "regisseur"}
    assert told(Kind.INTERVENTION_DUE) == set()


def test_many_overdue_items_reach_a_director_in_one_mail(case, regisseur, wijkteam):
    """Review finding: every overdue item was one mail to every Veiligheidshuis director (40
    overdue cases gave 80 mails; a first `make run` sent 157). One run, one mail per person; the
    notifications themselves stay one per item."""
    from schakel.notifications.models import OutgoingMail

    type(regisseur).objects.filter(pk=regisseur.pk).update(email="regisseur@vhh.example")
    first = InterventionFactory(
        plan__case=case, owner_organisation=wijkteam.organisation, owner=wijkteam,
        deadline=today() - datetime.timedelta(days=1),
    )  # fmt: skip
    for days in range(2, 6):
        InterventionFactory(
            plan=first.plan, owner_organisation=wijkteam.organisation, owner=wijkteam,
            deadline=today() - datetime.timedelta(days=days),
        )  # fmt: skip
    call_command("send_reminders")
    assert Notification.objects.filter(recipient=regisseur).count() == 5
    mails = OutgoingMail.objects.filter(recipient=regisseur)
    assert mails.count() == 1
    assert "5 ×" in mails.get().body


def test_a_near_deadline_reminds_only_the_owner_and_a_new_deadline_reminds_again(case, wijkteam):
    intervention = InterventionFactory(
        plan__case=case, owner_organisation=wijkteam.organisation, owner=wijkteam,
        deadline=today() + datetime.timedelta(days=1),
    )  # fmt: skip
    InterventionFactory(plan=intervention.plan, owner_organisation=wijkteam.organisation,
                        owner=wijkteam, deadline=today() + datetime.timedelta(days=20))  # fmt: skip
    call_command("send_reminders")
    assert told(Kind.INTERVENTION_DUE) == {"wijkteam"}
    intervention.deadline = today() + datetime.timedelta(days=2)
    intervention.save()
    call_command("send_reminders")
    call_command("send_reminders")
    assert Notification.objects.filter(kind=Kind.INTERVENTION_DUE).count() == 2


def test_a_passed_review_date_tells_the_coordinator_and_the_veiligheidshuis(
    case, regisseur, coordinator
):
    case.review_date = today() - datetime.timedelta(days=3)
    case.save()
    closed = CaseFactory(host_organisation=regisseur.organisation, coordinator=coordinator,
                         status=CaseStatus.CLOSED, review_date=case.review_date)  # fmt: skip
    call_command("send_reminders")
    call_command("send_reminders")
    assert told(Kind.CASE_REVIEW_PASSED) == {"casusregisseur", "regisseur"}
    assert Notification.objects.filter(kind=Kind.CASE_REVIEW_PASSED).count() == 2
    assert not Notification.objects.filter(link=f"/casussen/{closed.pk}/").exists()


def test_a_near_review_date_reminds_the_coordinator(case):
    case.review_date = today() + datetime.timedelta(days=1)
    case.save()
    call_command("send_reminders")
    assert told(Kind.CASE_REVIEW_DUE) == {"casusregisseur"}


def test_a_triaged_signal_past_its_review_date_tells_the_veiligheidshuis(regisseur, politie):
    signal = SignalFactory(receiving_organisation=regisseur.organisation,
                           status=SignalStatus.TRIAGED)  # fmt: skip
    TriageDecision.objects.create(
        signal=signal, level=level(2), lead_organisation=regisseur.organisation, reason="x",
        review_date=today() - datetime.timedelta(days=1), decided_by=regisseur,
    )  # fmt: skip
    call_command("send_reminders")
    call_command("send_reminders")
    assert told(Kind.SIGNAL_REVIEW_PASSED) == {"regisseur"}
    assert Notification.objects.get().link == f"/signalen/{signal.pk}/"


def test_an_invitation_and_the_coming_conference_reach_the_attendee(
    case, regisseur, wijkteam, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur,
                                   starts_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip
    conferences.add_case_to_agenda(conference, case, by=regisseur)
    conferences.invite_attendee(conference, wijkteam, by=regisseur)
    assert told(Kind.CONFERENCE_INVITATION) == {"wijkteam"}
    call_command("send_reminders")
    call_command("send_reminders")
    assert told(Kind.CONFERENCE_SOON) == {"wijkteam", "regisseur"}
    assert Notification.objects.filter(kind=Kind.CONFERENCE_SOON).count() == 2


def test_the_worker_runs_the_reminders_periodically():
    periodic = registry.PERIODIC["notifications"]
    assert periodic.every_seconds == 300
    assert set(periodic.function()) == {"reminders", "digests", "mail_retried"}


def test_a_reminder_run_costs_the_same_queries_for_one_or_many_overdue_items(case, wijkteam):
    """Review finding: the worker's run every five minutes cost one query per overdue item for the
    Veiligheidshuis directors and one per reminder already sent (29 → 428 queries for 1 → 20
    items, with nothing new to send)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schakel.notifications.services import send_reminders

    def overdue(n):
        for _ in range(n):
            InterventionFactory(
                plan__case=CaseFactory(
                    host_organisation=case.host_organisation, coordinator=case.coordinator,
                    status=CaseStatus.EXECUTION, participants=[wijkteam.organisation],
                ),
                owner_organisation=wijkteam.organisation,
                deadline=today() - datetime.timedelta(days=1),
            )  # fmt: skip

    def steady_run() -> int:
        send_reminders()  # what is new goes out
        with CaptureQueriesContext(connection) as queries:
            assert send_reminders() == 0  # nothing new: nothing sent again
        return len(queries)

    overdue(1)
    few = steady_run()
    overdue(12)
    assert steady_run() == few

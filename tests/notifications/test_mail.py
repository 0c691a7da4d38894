"""Mail about notifications: received by a real SMTP server, carrying no personal data; sent by
the worker after the action's commit, and never lost when the SMTP server is down."""

import datetime

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

from schakel.cases.workflow import CaseStatus
from schakel.notifications import services
from schakel.notifications.kinds import Delivery, NotificationKind
from schakel.notifications.models import Notification, OutgoingMail
from schakel.organisations.models import OrganisationKind, Role
from schakel.plans import services as plans
from schakel.plans.models import Intervention, InterventionType
from tests.factories import CaseFactory, PersonFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db

SECRET_DESCRIPTION = "Schuldhulp nodig wegens beslag op loon van de Vries"


@pytest.fixture
def case_about_a_person(regisseur, wijkteam):
    person = PersonFactory(given_names="Pieternella", surname="Bakkerswinkel", bsn="123456782")
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.CONFERENCE,
        participants=[wijkteam.organisation],
        persons=[person],
    )


def assign_intervention(case, regisseur, owner) -> Intervention:
    return plans.add_intervention(
        case,
        regisseur,
        InterventionType.objects.get(name="Buurtbemiddeling"),
        owner.organisation,
        owner=owner,
        description=SECRET_DESCRIPTION,
    )


def personal_data_of(case) -> list[str]:
    person = case.persons.get()
    address = person.address
    return [
        person.given_names,
        person.surname,
        person.bsn,
        address.street,
        address.postcode,
        f"{address.street} {address.house_number}",
        SECRET_DESCRIPTION,
        case.title,
        case.reference,
    ]


def test_the_owner_receives_the_assignment_on_a_real_smtp_server_without_personal_data(
    case_about_a_person, regisseur, wijkteam, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.start()
    wijkteam.email = "wijkwerker@example.org"
    wijkteam.save()
    with django_capture_on_commit_callbacks(execute=True):
        intervention = assign_intervention(case_about_a_person, regisseur, wijkteam)

    [message] = smtp_server.messages()
    assert message["To"] == "wijkwerker@example.org"
    body = message.get_payload(decode=True).decode()
    text = message["Subject"] + "\n" + body
    for personal in personal_data_of(case_about_a_person):
        assert personal not in text, personal
    # What kind of work, and a link to it, in Dutch.
    assert "interventie" in text.lower()
    assert f"/casussen/{intervention.plan.case_id}/" in body
    assert OutgoingMail.objects.get().state == OutgoingMail.State.SENT


def test_with_the_smtp_server_down_the_action_stands_and_the_mail_goes_on_retry(
    case_about_a_person, regisseur, wijkteam, smtp_server, django_capture_on_commit_callbacks
):
    wijkteam.email = "wijkwerker@example.org"
    wijkteam.save()
    # The server is not running: the connection is refused.
    with django_capture_on_commit_callbacks(execute=True):
        intervention = assign_intervention(case_about_a_person, regisseur, wijkteam)

    assert Intervention.objects.filter(pk=intervention.pk).exists()
    notification = Notification.objects.get(recipient=wijkteam)
    outgoing = OutgoingMail.objects.get()
    assert (outgoing.state, outgoing.attempts) == (OutgoingMail.State.PENDING, 1)
    assert notification.mail == outgoing

    smtp_server.start()
    call_command("send_reminders")  # not due yet: the pause after a failure has not passed
    assert smtp_server.messages() == []

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        call_command("send_reminders")
    assert len(smtp_server.messages()) == 1
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (OutgoingMail.State.SENT, 2)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("send_reminders")
    assert len(smtp_server.messages()) == 1  # sent once, never again


def test_a_rolled_back_action_sends_nothing(case_about_a_person, regisseur, wijkteam):
    wijkteam.email = "wijkwerker@example.org"
    wijkteam.save()
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            assign_intervention(case_about_a_person, regisseur, wijkteam)
            raise RuntimeError("the action fails after notifying")
    assert not Notification.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_the_daily_digest_counts_per_kind_once_a_day(django_capture_on_commit_callbacks):
    user = UserFactory(email="digest@example.org")
    services.set_delivery(user, Delivery.DIGEST)
    for _ in range(2):
        services.notify([user], kind=NotificationKind.INTERVENTION_ASSIGNED, link="/casussen/1/")
    services.notify([user], kind=NotificationKind.CONFERENCE_INVITATION, link="/overleggen/1/")
    assert django_mail.outbox == []  # nothing at once

    morning = timezone.localtime().replace(hour=8) + datetime.timedelta(days=1)
    with time_machine.travel(morning), django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 1
    later = morning + datetime.timedelta(hours=3)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0

    [message] = django_mail.outbox
    assert "3" in message.body
    assert "2 × Er is een interventie aan u toegewezen." in message.body


def test_no_mail_for_a_user_who_chose_none():
    user = UserFactory(email="stil@example.org")
    services.set_delivery(user, Delivery.NONE)
    [notification] = services.notify(
        [user], kind=NotificationKind.CONFERENCE_INVITATION, link="/overleggen/1/"
    )
    assert notification.mail is None
    assert not OutgoingMail.objects.exists()


def test_inactive_users_and_duplicates_are_notified_once_or_not_at_all():
    user = UserFactory()
    gone = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "vertrokken")
    gone.is_active = False
    gone.save()
    created = services.notify(
        [user, user, gone], kind=NotificationKind.CONFERENCE_INVITATION, link="/overleggen/1/"
    )
    assert [n.recipient for n in created] == [user]

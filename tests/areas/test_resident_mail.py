"""A resident who leaves an e-mail address gets an acknowledgement with the reference, and a
message when the report is handled (issue 13) — on a real SMTP server, with nothing of the
report's text, nobody's name or address; the address is forgotten once it has been used."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from schakel.areas import services
from schakel.areas.models import ResidentReport
from schakel.notifications.models import OutgoingMail
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

RESIDENT = "bewoner@voorbeeld.example"
TEXT = "De buurman Jan Geheimnaam dealt vanuit Narcissenstraat 12."


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_the_resident_is_told_on_receipt_and_when_handled(
    smtp_server,  # noqa: F811
    gebiedsregisseur,
    django_capture_on_commit_callbacks,
):
    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_resident_report(
            category="drugs", description=TEXT, latitude=52.0, longitude=5.0,
            contact_email=RESIDENT,
        )  # fmt: skip
    [received] = smtp_server.messages()
    assert received["To"] == RESIDENT
    assert report.reference in received["Subject"]
    body = _body(received)
    assert report.reference in body and "/publiek/melding/" in body
    for secret in ("Geheimnaam", "Narcissenstraat", "dealt"):
        assert secret not in body
    assert OutgoingMail.objects.get().address == ""  # delivered: the outbox forgets it
    assert ResidentReport.objects.get().contact_email == RESIDENT  # still needed once more

    with django_capture_on_commit_callbacks(execute=True):
        services.set_resident_report_status(report, by=gebiedsregisseur, status="seen")
    assert len(smtp_server.messages()) == 1  # "seen" is no news
    with django_capture_on_commit_callbacks(execute=True):
        services.set_resident_report_status(report, by=gebiedsregisseur, status="handled")
    handled = [m for m in smtp_server.messages() if "afgehandeld" in m["Subject"]]
    assert len(handled) == 1 and handled[0]["To"] == RESIDENT
    assert "Geheimnaam" not in _body(handled[0])
    assert ResidentReport.objects.get().contact_email == ""  # used up, removed


def test_without_an_address_nothing_is_sent(smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_resident_report(
            category="afval", description="Grofvuil bij de container.", latitude=52.0,
            longitude=5.0,
        )  # fmt: skip
    assert smtp_server.messages() == []
    assert not OutgoingMail.objects.exists()


def test_a_server_down_loses_no_report_and_the_mail_goes_later(
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_resident_report(
            category="drugs", description=TEXT, latitude=52.0, longitude=5.0,
            contact_email=RESIDENT,
        )  # fmt: skip
    assert ResidentReport.objects.filter(pk=report.pk).exists()
    mail = OutgoingMail.objects.get()
    assert (mail.state, mail.attempts) == (OutgoingMail.State.PENDING, 1)
    assert mail.address == RESIDENT
    smtp_server.start()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        call_command("send_reminders")
    [message] = smtp_server.messages()
    assert message["To"] == RESIDENT
    mail.refresh_from_db()
    assert mail.state == OutgoingMail.State.SENT and mail.address == ""


def test_a_mail_given_up_forgets_the_residents_address(
    django_capture_on_commit_callbacks, settings
):
    """No SMTP server ever comes: after the last attempt the outbox keeps no address."""
    from schakel.notifications.mail import send_outgoing

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.SCHAKEL_MAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_resident_report(
            category="drugs", description=TEXT, latitude=52.0, longitude=5.0,
            contact_email=RESIDENT,
        )  # fmt: skip
    mail = OutgoingMail.objects.get()
    assert (mail.attempts, mail.address) == (1, RESIDENT)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert send_outgoing(mail.pk) == "failed"
    mail.refresh_from_db()
    assert mail.state == OutgoingMail.State.FAILED and mail.address == ""

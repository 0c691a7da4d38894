"""The worker as a real process sends the reminders itself (its periodic run) and delivers the
mail to a real SMTP server — also when that server was down at first: the mail waits in the
outbox and goes once the server is back. Reminders are not repeated by later runs."""

import os
import subprocess
import sys
import time

import pytest

from tests.notifications.conftest import SmtpServer
from tests.processes import ROOT, django_env, manage, prepared_database, query, wait_until

pytestmark = pytest.mark.slow

SETUP = """
import datetime
from django.utils import timezone
from schakel.cases.workflow import CaseStatus
from schakel.organisations.models import OrganisationKind, Role
from tests.factories import CaseFactory, InterventionFactory, PersonFactory, make_user
regisseur = make_user(Role.PROCESS_DIRECTOR, OrganisationKind.SAFETY_HOUSE, "regisseur", "VH")
regisseur.email = "regisseur@example.org"
regisseur.save()
person = PersonFactory(given_names="Pieternella", surname="Bakkerswinkel", bsn="123456782")
case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur,
                   status=CaseStatus.EXECUTION, persons=[person])
InterventionFactory(plan__case=case, owner=regisseur, description="Beslag op loon",
                    deadline=timezone.localdate() - datetime.timedelta(days=1))
"""


def test_the_worker_sends_reminders_and_delivers_the_mail_once_smtp_is_back(tmp_path):
    database = tmp_path / "schakel.sqlite3"
    smtp = SmtpServer(tmp_path / "maildir")
    env = django_env(
        database,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_TIMEOUT="5",
        SCHAKEL_REMINDER_INTERVAL_SECONDS="1",
        SCHAKEL_MAIL_RETRY_SECONDS="1",
    )
    prepared_database(env)
    manage(env, "shell", "-c", SETUP)

    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # The SMTP server is down: the reminder is made, its mail fails and waits.
        wait_until(
            lambda: query(
                database,
                "SELECT 1 FROM notifications_outgoingmail WHERE attempts >= 1"
                " AND state = 'pending'",
            ),
            90,
            "a failed attempt",
            log,
        )
        smtp.start()
        [message] = wait_until(smtp.messages, 90, "the mail to arrive", log)
        time.sleep(3)  # several more periodic runs
    finally:
        os.killpg(worker.pid, 9)
        worker.wait(timeout=30)
        smtp.stop()

    assert len(smtp.messages()) == 1
    text = message["Subject"] + message.get_payload(decode=True).decode()
    for personal in ("Pieternella", "Bakkerswinkel", "123456782", "Teststraat", "Beslag"):
        assert personal not in text
    assert "Een interventie is over haar deadline." in text
    assert query(database, "SELECT state FROM notifications_outgoingmail") == [("sent",)]
    # The owner is also the coordinator and a process director: told once, however often it ran.
    assert query(database, "SELECT count(*) FROM notifications_notification") == [(1,)]

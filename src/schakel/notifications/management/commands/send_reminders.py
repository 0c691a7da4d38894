"""`manage.py send_reminders`: reminders before due dates and on overdue work, the daily digests
and the retry of mail that could not be sent. Idempotent: a reminder (item and moment) reaches a
user once, however often this runs. The worker runs it every SCHAKEL_REMINDER_INTERVAL_SECONDS."""

from django.core.management.base import BaseCommand

from schakel.notifications import services


class Command(BaseCommand):
    help = "Send due reminders and daily digests, and retry mail that could not be sent."

    def handle(self, *args, **options):
        outcome = services.run_periodic()
        self.stdout.write(
            "{reminders} reminders, {digests} digests, {mail_retried} mails queued again".format(
                **outcome
            )
        )

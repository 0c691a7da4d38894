"""`manage.py audit_checkpoint`: sign the audit chain's head into a checkpoint outside the database.

Run it on a schedule (cron, systemd timer), e.g. hourly. The file goes to
SCHAKEL_AUDIT_CHECKPOINT_DIR, the same record to the application log (logger "schakel.audit").
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schakel.audit.checkpoints import write_checkpoint


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain's head outside the database."

    def handle(self, *args, **options):
        checkpoint = write_checkpoint()
        if checkpoint is None:
            self.stdout.write(_("The audit log is empty: no checkpoint written."))
            return
        self.stdout.write(
            _("Checkpoint written: entry %(id)d, %(count)d entries.")
            % {"id": checkpoint.last_id, "count": checkpoint.count}
        )

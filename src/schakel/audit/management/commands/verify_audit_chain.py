"""`manage.py verify_audit_chain`: check every audit entry's hash and link and compare the log with
the newest signed checkpoints; exit 1 when broken. An intact log gets a new checkpoint."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from schakel.audit.selectors import VERIFY_BATCH_SIZE, verify_stored_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exits non-zero when an entry was tampered with."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=VERIFY_BATCH_SIZE,
            help="Entries fetched from the database per batch.",
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError(_("The batch size must be at least 1."))
        report = verify_stored_chain(batch_size=batch_size, write_checkpoint_when_intact=True)
        self.stdout.write(
            _("Checked %(count)d audit entries against %(checkpoints)d signed checkpoint(s).")
            % {"count": report.checked, "checkpoints": report.checkpoints_compared}
        )
        for chain_break in report.breaks:
            self.stdout.write(
                self.style.ERROR(
                    _("Entry %(id)d: %(reason)s")
                    % {"id": chain_break.entry_id, "reason": _(chain_break.reason)}
                )
            )
        if report.breaks:
            raise CommandError(
                _("The audit chain is broken: %(count)d problem(s) found.")
                % {"count": len(report.breaks)},
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(_("The audit chain is intact.")))

"""`manage.py destroy_expired [--dry-run]`: delete every record past its retention period.

Schedule it daily, e.g. in cron (docs/retention.md):
    15 2 * * *  cd /srv/schakel && .venv/bin/python manage.py destroy_expired
With --dry-run it lists what a run would destroy and deletes nothing; only a dry run may look
ahead with --as-of (a real run always uses today).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.audit.truncation import entries_to_remove
from schakel.privacy.destruction import (
    audit_cutoff,
    destroy_expired,
    truncate_expired_audit_entries,
)
from schakel.privacy.retention import expired_records


class Command(BaseCommand):
    help = "Delete every record past its retention period and log the destruction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be destroyed; delete nothing."
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="With --dry-run: what a run on this date (YYYY-MM-DD) would destroy.",
        )

    def handle(self, *args, dry_run: bool, as_of, **options):
        if as_of and not dry_run:
            raise CommandError(_("--as-of is only allowed with --dry-run."))
        if dry_run:
            now = timezone.now()
            if as_of:
                now = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
            expired = expired_records(now)
            for item in expired:
                self.stdout.write(
                    f"{item.kind} #{item.object_id} {item.reference} {item.base_date}: "
                    f"{item.rule.text}"
                )
            prefix = entries_to_remove(audit_cutoff(now))
            self.stdout.write(
                _("Audit entries past their period: %(count)d.")
                % {"count": prefix[1] if prefix else 0}
            )
            self.stdout.write(
                _("Dry run: %(count)d record(s) would be destroyed; nothing was deleted.")
                % {"count": len(expired)}
            )
            return
        result = destroy_expired()
        audit_refused = ""
        try:
            anchor = truncate_expired_audit_entries()
        except ValidationError as error:
            audit_refused = " ".join(error.messages)
            self.stdout.write(self.style.ERROR(audit_refused))
        else:
            self.stdout.write(
                _("Audit entries removed: %(count)d.") % {"count": anchor.removed if anchor else 0}
            )
        for expired, blocking in result.failed:
            self.stdout.write(
                self.style.ERROR(
                    _("%(kind)s #%(id)d not destroyed: still referenced by %(by)s.")
                    % {"kind": expired.kind, "id": expired.object_id, "by": blocking}
                )
            )
        self.stdout.write(_("%(count)d record(s) destroyed.") % {"count": len(result.destroyed)})
        if audit_refused:
            raise CommandError(audit_refused, returncode=1)
        if result.failed:
            raise CommandError(
                _("%(count)d record(s) could not be destroyed.") % {"count": len(result.failed)},
                returncode=1,
            )

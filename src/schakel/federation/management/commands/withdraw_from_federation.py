"""manage.py withdraw_from_federation — this installation leaves the federation: its index is
deleted, /federatie/index answers 410 (peers drop it), and the peers' indexes are erased."""

from django.core.management.base import BaseCommand

from schakel.federation import services


class Command(BaseCommand):
    help = "Leave the federation: withdraw this installation's index (410 to peers)."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("Leave the federation and withdraw this installation's index? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                self.stdout.write("Nothing changed.")
                return
        services.leave_federation()
        self.stdout.write("Left the federation: the index is withdrawn; peers get 410.")

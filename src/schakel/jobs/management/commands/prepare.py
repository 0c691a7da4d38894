"""`manage.py prepare`: everything a server needs before it serves, in one process.

Migrates the database, creates the shared cache table, collects the static files and loads the
demo data where that is allowed (never in production). `bin/serve` runs it on every start; each
step does nothing when there is nothing to do.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, create the cache table, collect static files, load demo data if allowed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static", action="store_true", help="Skip collectstatic (done at image build)."
        )

    def handle(self, *args, no_static: bool, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo", if_allowed=True, verbosity=verbosity)

"""`manage.py load_demo [--seed N] [--force]`: load the fictional demo data once.

`make run` calls this on every start, so it is idempotent: once demo data is loaded it leaves the
database (and whatever the user did with it) alone. It never mixes demo data into a database that
already holds other case data, never deletes what users entered after it was loaded (`--force`
refuses then), and never runs where SCHAKEL_ALLOW_DEMO is off (always in production).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from schakel.demo import generator
from schakel.demo.models import DemoInstallation


class Command(BaseCommand):
    help = (
        "Load the fictional demo data (Zorg- en Veiligheidshuis Lindewaard): partners, demo "
        "log-ins, persons, signals, cases, conferences and plans. Does nothing when loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=generator.DEFAULT_SEED,
            help="Seed of the random generator; the same seed gives the same data.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remove the demo data loaded earlier and load afresh; refused when users have "
            "entered data since (nothing is deleted then).",
        )
        parser.add_argument(
            "--if-allowed",
            action="store_true",
            help="Do nothing (and succeed) where demo data is not allowed, as in production; "
            "used by `make serve` and the container image.",
        )

    def handle(self, *args, seed: int, force: bool, if_allowed: bool = False, **options):
        if seed < 0:
            raise CommandError("The seed must be zero or a positive number.")
        if not settings.SCHAKEL_ALLOW_DEMO and if_allowed:
            self.stdout.write("Demo data is not allowed here (SCHAKEL_ALLOW_DEMO is off); skipped.")
            return
        if not settings.SCHAKEL_ALLOW_DEMO:
            raise CommandError(
                "Demo data may not be loaded here: SCHAKEL_ALLOW_DEMO is off (always in "
                "production). Nothing changed."
            )
        installation = DemoInstallation.objects.order_by("-loaded_at").first()
        if installation is not None and not force:
            self.stdout.write(
                f"Demo data is already loaded (seed {installation.seed}, "
                f"{timezone.localtime(installation.loaded_at):%Y-%m-%d %H:%M}); nothing changed. "
                "Use --force to load it afresh."
            )
            return
        if generator.holds_other_data():
            message = (
                "The database holds cases, signals, persons or users that were not loaded as demo "
                "data; demo data is only loaded into an empty installation."
            )
            if force:
                raise CommandError(message + " --force does not remove data that is not demo data.")
            self.stdout.write(self.style.WARNING(message + " Nothing changed."))
            return
        started = time.monotonic()
        try:
            counts = generator.load_demo_data(seed, replace=installation is not None)
        except generator.DemoDataError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Fictional demo data loaded (seed {seed}) in {time.monotonic() - started:.1f} s: "
                f"{summary}."
            )
        )

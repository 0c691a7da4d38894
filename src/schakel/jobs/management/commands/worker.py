"""`manage.py worker`: the background worker (django-tasks' database worker) with a heartbeat.

Runs the jobs that Schakel enqueues through Django's tasks API. Beside the worker loop a thread
writes a heartbeat to the shared cache every few seconds, so that `/health/ready/` can tell the
operator whether a worker is running. A third thread runs the periodic housekeeping that apps
register (`jobs.registry.register_periodic`): reminders, daily digests, mail retries.
"""

import logging
import os
import socket
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from schakel.audit.services import chain_pending
from schakel.jobs import heartbeat, registry, services

logger = logging.getLogger("schakel.jobs")


class Command(BaseCommand):
    help = "Run the background worker (jobs enqueued through Django's tasks API), with a heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument(
            "--no-periodic",
            dest="with_periodic",
            action="store_false",
            help="Do not run the periodic housekeeping (reminders, mail retries) in this worker.",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at the queue."
        )

    def handle(self, *args, batch: bool, interval: float, with_periodic: bool, **options):
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        stop = threading.Event()

        def beat_forever() -> None:
            while not stop.is_set():
                # Each on its own: a cache that cannot be written must not stop the recovery.
                for step in (
                    lambda: heartbeat.beat(worker_id),
                    services.fail_abandoned_jobs,
                    # reads a busy moment left waiting for the audit chain (audit.services); never
                    # waits for the chain's lock, so the heartbeat (and /health/ready/) goes on
                    lambda: chain_pending(wait=False),
                ):
                    try:
                        step()
                    except Exception as error:  # noqa: BLE001 — keep beating
                        logger.warning("worker housekeeping failed: %s", type(error).__name__)
                close_old_connections()
                stop.wait(heartbeat.INTERVAL_SECONDS)

        def run_periodic_forever() -> None:
            # Apart from the heartbeat, so that a slow reminder run never makes the worker look
            # dead. Each registered function runs once at start, then every `every_seconds`.
            last_run: dict[str, float] = {}
            while not stop.is_set():
                for periodic in list(registry.PERIODIC.values()):
                    if (
                        time.monotonic() - last_run.get(periodic.name, -1e12)
                        < periodic.every_seconds
                    ):
                        continue
                    last_run[periodic.name] = time.monotonic()
                    try:
                        periodic.function()
                    except Exception as error:  # noqa: BLE001 — try again next round
                        logger.warning(
                            "periodic %s failed: %s", periodic.name, type(error).__name__
                        )
                    finally:
                        close_old_connections()
                stop.wait(1.0)

        thread = threading.Thread(target=beat_forever, name="heartbeat", daemon=True)
        thread.start()
        if with_periodic:
            threading.Thread(target=run_periodic_forever, name="periodic", daemon=True).start()
        try:
            arguments = ["--interval", str(interval), "--worker-id", worker_id[:64]]
            if batch:
                arguments.append("--batch")
            call_command("db_worker", *arguments, "--no-startup-delay")
        finally:
            stop.set()

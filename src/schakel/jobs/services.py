"""Start, run, watch and cancel jobs; recover jobs whose worker died.

Progress is written in short autocommit updates while the work reads and checks its input, so
another process (the web page polling it) sees it at once. The final write of an import is one
transaction, so that an interrupted job leaves nothing half-imported. Progress reported inside
such a transaction would be invisible until the commit: on PostgreSQL it is written through a
connection of a thread of its own (the initial load of a large incident file reads and checks
the file inside its transaction); on SQLite it is not written (it would wait for the writer's
own lock) — the page shows the phase "opslaan" until the job ends.
"""

import logging
import os
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.web.logs import request_id_var

from .models import Job
from .registry import handler_for
from .workflow import WORKFLOW, JobStatus

logger = logging.getLogger("schakel.jobs")

ERRORS_KEPT = 200
PROGRESS_INTERVAL_SECONDS = 0.5
# How often a running job's sign of life is renewed; far below SCHAKEL_JOB_STALE_SECONDS.
HEARTBEAT_SECONDS = 30


class JobFailed(Exception):
    """The work cannot be done; `message` is for the user (in their language)."""

    def __init__(self, message: str, errors: list | None = None, error_count: int | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []
        self.error_count = error_count if error_count is not None else len(self.errors)


class JobCancelled(Exception):
    pass


# Tells this process apart from an earlier one with the same pid (a restarted container's
# worker is pid 1 again).
_PROCESS_TOKEN = uuid.uuid4().hex[:12]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_PROCESS_TOKEN}"


def _worker_gone(worker: str, host: str) -> bool:
    """Whether the worker that took a job is known to be gone: it ran on this machine and its
    process no longer exists, or the process with its pid is a later one (this very process)."""
    worker_host, _sep, rest = worker.partition(":")
    pid, _sep, token = rest.partition(":")
    if worker_host != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return token != _PROCESS_TOKEN
    return not _process_alive(int(pid))


def job_directory() -> Path:
    directory = Path(settings.SCHAKEL_JOB_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def result_path(job: Job, suffix: str) -> Path:
    """Where a job keeps the file it made (a report): the private job directory, never a
    directory the web server serves; the app that made it hands it out after its own check."""
    return job_directory() / f"{job.pk}-result{suffix}"


def start_job(*, kind: str, title: str, by, params: dict | None = None, upload=None) -> Job:
    """Create the job (with its uploaded file in the private job directory) and queue it once
    the surrounding transaction commits."""
    handler_for(kind)  # refuse an unknown kind before anything is stored
    job = Job(kind=kind, title=title[:200], params=params or {}, created_by=by)
    if upload is not None:
        suffix = Path(upload.name).suffix.lower()[:10]
        path = job_directory() / f"{job.pk}{suffix}"
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        os.chmod(path, 0o600)
        job.input_file = str(path)
    job.save()

    def enqueue() -> None:
        from .tasks import run_job

        run_job.enqueue(str(job.pk))

    transaction.on_commit(enqueue)
    return job


class Progress:
    """What a handler reports while it works. Call it often; it writes at most twice a second,
    and raises `JobCancelled` when the user asked to stop."""

    def __init__(self, job: Job):
        self.job = job
        self._written_at = 0.0
        # Transactions the handler opens (not those around the whole run, as in a test).
        self._outer_depth = len(connection.atomic_blocks)
        self._side: ThreadPoolExecutor | None = None

    def __call__(
        self,
        *,
        phase: str | None = None,
        done: int | None = None,
        total: int | None = None,
        errors: list | None = None,
        error_count: int | None = None,
        force: bool = False,
    ) -> None:
        job = self.job
        phase_changed = phase is not None and phase != job.phase
        if phase is not None:
            job.phase = phase
        if done is not None:
            job.done = done
        if total is not None:
            job.total = total
        if errors is not None:
            job.errors = errors[:ERRORS_KEPT]
        if error_count is not None:
            job.error_count = error_count
        now = time.monotonic()
        if not (force or phase_changed or now - self._written_at >= PROGRESS_INTERVAL_SECONDS):
            return
        if len(connection.atomic_blocks) > self._outer_depth:
            # Inside the handler's own transaction (see the module docstring): on PostgreSQL
            # written through a connection of its own, so that it is seen at once; on SQLite not
            # at all (it would wait for the handler's own write lock).
            if connection.vendor != "postgresql":
                return
            if self._side is None:
                self._side = ThreadPoolExecutor(1, thread_name_prefix=f"job-progress-{job.pk}")
            self._written_at = now
            cancelled = self._side.submit(self._write).result()
        else:
            self._written_at = now
            cancelled = self._write()
        if cancelled:
            raise JobCancelled

    def _write(self) -> bool:
        """Write the progress; True when the user asked to stop."""
        job = self.job
        job.heartbeat_at = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            phase=job.phase,
            done=job.done,
            total=job.total,
            errors=job.errors,
            error_count=job.error_count,
            heartbeat_at=job.heartbeat_at,
        )
        return Job.objects.filter(pk=job.pk, cancel_requested=True).exists()

    def close(self) -> None:
        """Close the connection of the progress thread, if one was started."""
        if self._side is not None:
            self._side.submit(lambda: connection.close()).result()  # the thread's own
            self._side.shutdown()
            self._side = None


def _finish(job: Job, status: str, **fields) -> None:
    WORKFLOW.require(job.status, status)
    job.status = status
    job.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()


def run(job_id: str) -> str:
    """Run one job (called by the worker through `tasks.run_job`). Returns its final status."""
    try:
        job = Job.objects.get(pk=job_id)
    except Job.DoesNotExist:
        return "missing"
    if job.status != JobStatus.QUEUED:
        return job.status  # cancelled before it started, or already run
    request_id_var.set(f"job-{job.pk.hex[:24]}")  # the job's log lines can be found together
    WORKFLOW.require(job.status, JobStatus.RUNNING)
    # Taken only while it is still queued and nobody asked to stop it: a cancel that arrives
    # between reading the job and this update wins, and the work does not run.
    worker, now = worker_name(), timezone.now()
    taken = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED, cancel_requested=False).update(
        status=JobStatus.RUNNING, worker=worker, started_at=now, heartbeat_at=now
    )
    if not taken:
        # Asked to stop before it was taken (or taken by another worker): never run it.
        Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED,
            finished_at=timezone.now(),
            message=_("Cancelled before it started."),
        )
        job.refresh_from_db()
        return job.status
    job.status, job.worker, job.started_at, job.heartbeat_at = JobStatus.RUNNING, worker, now, now
    progress = Progress(job)
    beating = _Heartbeat(job.pk)
    beating.start()
    try:
        result = handler_for(job.kind)(job, progress)
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED, message=_("Cancelled; nothing was imported or changed."))
    except JobFailed as failure:
        _finish(
            job,
            JobStatus.FAILED,
            message=failure.message,
            errors=failure.errors[:ERRORS_KEPT] or job.errors,
            error_count=failure.error_count or job.error_count,
        )
    except Exception as error:  # noqa: BLE001 — the job must end, whatever happened
        # Only the kind of error reaches the log: its text may quote the data.
        logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(error).__name__)
        _finish(
            job,
            JobStatus.FAILED,
            message=_("The job stopped on an unexpected error; nothing was changed."),
        )
        # Not raised on: the task backend would log the traceback, and an error's text may
        # quote a row of the file. The job row holds the outcome.
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result or {}, phase="")
    finally:
        beating.stop()
        progress.close()
        if job.input_file:
            Path(job.input_file).unlink(missing_ok=True)
    return job.status


class _Heartbeat(threading.Thread):
    """Keeps a running job's sign of life fresh while its handler works through a long step
    without progress reports (a linkage comparison, an import's final write), so that no other
    worker takes it for abandoned. Its own database connection; a write that has to wait (the
    SQLite write lock) is simply tried again at the next beat."""

    def __init__(self, job_pk):
        super().__init__(name=f"job-heartbeat-{job_pk}", daemon=True)
        self.job_pk = job_pk
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_pk, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception as error:  # noqa: BLE001 — try again at the next beat
                    logger.warning("job heartbeat not written: %s", type(error).__name__)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=HEARTBEAT_SECONDS + 30)


def cancel(job: Job, *, by) -> Job:
    """Ask a job to stop. A queued job stops at once; a running one at its next progress report
    (during the final write of an import: when that write ends, which it then rolls back)."""
    if not job.is_open:
        return job
    if job.status == JobStatus.QUEUED:
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED,
            cancel_requested=True,
            finished_at=timezone.now(),
            message=_("Cancelled before it started."),
        )
        if updated:
            if job.input_file:
                Path(job.input_file).unlink(missing_ok=True)
            job.refresh_from_db()
            return job
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned_jobs(stale_after_seconds: float | None = None) -> int:
    """Mark as failed every running job whose worker is gone: on this machine, a worker process
    that no longer exists; anywhere, no sign of life for `SCHAKEL_JOB_STALE_SECONDS`. Their
    transaction died with the worker, so nothing of them is in the database."""
    stale_after = stale_after_seconds or settings.SCHAKEL_JOB_STALE_SECONDS
    host = socket.gethostname()
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_after)
    failed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        # A worker alive through a long silent step keeps `heartbeat_at` fresh (`_Heartbeat`).
        silent = job.heartbeat_at is None or job.heartbeat_at < cutoff
        abandoned = silent or _worker_gone(job.worker, host)
        if abandoned:
            updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                message=_(
                    "The job was interrupted (its worker stopped); nothing of it was saved. "
                    "Start it again."
                ),
            )
            if updated and job.input_file:
                Path(job.input_file).unlink(missing_ok=True)
            failed += updated
    if failed:
        logger.warning("%d interrupted job(s) marked failed", failed)
    return failed

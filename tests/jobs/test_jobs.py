"""Jobs: progress the user can watch, cancel, errors with line and reason, and the job row
surviving what happens to the work (tasks run through the immediate backend here; the real
worker process is tested in test_worker_process.py)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from schakel.jobs import registry, services
from schakel.jobs.models import Job
from schakel.organisations.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SEEN: dict = {}


def counting_handler(job, progress):
    lines = Path(job.input_file).read_text(encoding="utf-8").splitlines()
    SEEN["path"] = job.input_file
    errors = []
    for number, line in enumerate(lines, start=1):
        if not line.isdigit():
            errors.append({"line": number, "reason": "geen getal"})
        progress(phase="lezen", done=number, total=len(lines), errors=errors)
    if errors:
        raise services.JobFailed("Het bestand bevat fouten.", errors)
    return {"summary": f"{sum(int(x) for x in lines)} opgeteld"}


def cancelling_handler(job, progress):
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)  # the user clicks "stop"
    progress(phase="lezen", done=1, total=2, force=True)
    raise AssertionError("progress should have stopped the job")


def crashing_handler(job, progress):
    raise ZeroDivisionError("row 3: Jan Jansen 123456782")


@pytest.fixture(autouse=True)
def handlers(settings, tmp_path):
    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"
    registry.register("test.count", counting_handler)
    registry.register("test.cancel", cancelling_handler)
    registry.register("test.crash", crashing_handler)
    yield
    for kind in ("test.count", "test.cancel", "test.crash"):
        registry.HANDLERS.pop(kind, None)


@pytest.fixture
def analyst():
    return make_user(Role.ANALYST, "municipality")


def start(kind, user, content: bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = services.start_job(
            kind=kind,
            title="Test",
            by=user,
            upload=SimpleUploadedFile("getallen.txt", content),
        )
    job.refresh_from_db()
    return job


def test_a_job_runs_after_commit_and_keeps_its_result(analyst, django_capture_on_commit_callbacks):
    job = start("test.count", analyst, b"1\n2\n3\n", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"summary": "6 opgeteld"}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.finished_at is not None


def test_the_uploaded_file_is_private_and_removed_when_the_job_ends(
    analyst, django_capture_on_commit_callbacks, settings
):
    start("test.count", analyst, b"1\n", django_capture_on_commit_callbacks)
    path = SEEN["path"]
    assert path.startswith(str(settings.SCHAKEL_JOB_DIR))
    assert not __import__("os").path.exists(path)


def test_a_failed_job_keeps_each_error_with_its_line(analyst, django_capture_on_commit_callbacks):
    job = start("test.count", analyst, b"1\ntwee\n3\nvier\n", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.message == "Het bestand bevat fouten."
    assert job.errors == [{"line": 2, "reason": "geen getal"}, {"line": 4, "reason": "geen getal"}]
    assert job.error_count == 2


def test_cancel_stops_a_running_job_at_its_next_progress_report(
    analyst, django_capture_on_commit_callbacks
):
    job = start("test.cancel", analyst, b"1\n", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.CANCELLED


def test_cancel_of_a_queued_job_stops_it_before_it_starts(analyst):
    with transaction.atomic():
        job = services.start_job(kind="test.count", title="Test", by=analyst)
    # on_commit never ran in this test's transaction: the job is still queued
    services.cancel(job, by=analyst)
    assert job.status == Job.Status.CANCELLED
    assert services.run(str(job.pk)) == Job.Status.CANCELLED


def test_an_unexpected_error_fails_the_job_without_its_text(
    analyst, django_capture_on_commit_callbacks, caplog
):
    job = start("test.crash", analyst, b"1\n", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "123456782" not in job.message
    assert "Jansen" not in caplog.text and "123456782" not in caplog.text
    assert "ZeroDivisionError" in caplog.text


def test_an_unknown_kind_is_refused_before_anything_is_stored(analyst):
    with pytest.raises(LookupError):
        services.start_job(kind="nope", title="x", by=analyst)
    assert not Job.objects.exists()


def test_a_job_of_a_dead_worker_is_marked_failed(analyst):
    job = Job.objects.create(
        kind="test.count",
        title="x",
        created_by=analyst,
        status=Job.Status.RUNNING,
        worker=f"{services.socket.gethostname()}:999999999",
    )
    assert services.fail_abandoned_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interrupted" in job.message


def test_a_silent_job_elsewhere_is_marked_failed_only_when_stale(analyst):
    from django.utils import timezone

    job = Job.objects.create(
        kind="test.count",
        title="x",
        created_by=analyst,
        status=Job.Status.RUNNING,
        worker="other-host:1",
        heartbeat_at=timezone.now(),
    )
    assert services.fail_abandoned_jobs(stale_after_seconds=600) == 0
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(hours=1))
    assert services.fail_abandoned_jobs(stale_after_seconds=600) == 1


def test_only_the_starter_sees_a_job(analyst, client, django_capture_on_commit_callbacks):
    job = start("test.count", analyst, b"1\nx\n", django_capture_on_commit_callbacks)
    other = make_user(Role.ANALYST, "municipality", username="analist-2")
    client.force_login(other)
    assert client.get(f"/taken/{job.pk}/").status_code == 404
    assert client.get(f"/taken/{job.pk}/status/").status_code == 404
    assert client.post(f"/taken/{job.pk}/stoppen/").status_code == 404
    client.force_login(analyst)
    page = client.get(f"/taken/{job.pk}/")
    assert page.status_code == 200
    assert b"geen getal" in page.content
    state = client.get(f"/taken/{job.pk}/status/").json()
    assert state["status"] == "failed" and state["open"] is False and state["error_count"] == 1


def test_a_job_left_by_an_earlier_process_with_the_same_pid_is_marked_failed(analyst):
    """Review finding: a restarted container's worker is pid 1 again; a job the crashed worker
    (also pid 1) left running must not look alive because pid 1 exists."""
    import os

    from django.utils import timezone

    job = Job.objects.create(
        kind="test.count",
        title="x",
        created_by=analyst,
        status=Job.Status.RUNNING,
        worker=f"{services.socket.gethostname()}:{os.getpid()}:earlierproc",
        heartbeat_at=timezone.now(),
    )
    assert services.fail_abandoned_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_cancel_that_arrives_while_the_worker_takes_the_job_wins(
    regisseur, tmp_path, settings, monkeypatch
):
    """Review finding: `run` read the job as queued, the user cancelled, and `run` then saved it
    as running over the cancellation — the work ran although the user saw "cancelled"."""
    from schakel.jobs import registry, services
    from schakel.jobs.models import Job

    settings.SCHAKEL_JOB_DIR = tmp_path
    ran = []
    registry.register("test.work", lambda job, progress: ran.append(job.pk) or {})
    job = services.start_job(kind="test.work", title="werk", by=regisseur)
    take_job = services.worker_name

    def user_cancels_meanwhile():  # the moment between reading the job and taking it
        services.cancel(Job.objects.get(pk=job.pk), by=regisseur)
        return take_job()

    monkeypatch.setattr(services, "worker_name", user_cancels_meanwhile)
    assert services.run(str(job.pk)) == "cancelled"
    assert ran == []
    assert Job.objects.get(pk=job.pk).status == "cancelled"

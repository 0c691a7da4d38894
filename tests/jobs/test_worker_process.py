"""The background worker as a real process: a job it is importing when it is killed (kill -9)
leaves no row of that import in the database, and the next worker marks the job failed — never
half-imported, never silently lost (issue 10).

The suite's test database lives in memory in one process; this test builds a database file with
`migrate`, queues the import through the database task backend, and runs `manage.py worker`.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.processes import ROOT, django_env, manage, prepared_database, query, wait_until

pytestmark = pytest.mark.slow
ROWS = 300_000

QUEUE = """
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from schakel.jobs.services import start_job
from schakel.organisations.models import Organisation
user = get_user_model().objects.create(
    username="analist", role="analist",
    organisation=Organisation.objects.create(name="Gemeente", kind="gemeente"),
)
with open({path!r}, "rb") as handle, transaction.atomic():
    job = start_job(kind="incidents.import", title="import", by=user,
                    params={{"file_name": "groot.csv"}},
                    upload=SimpleUploadedFile("groot.csv", handle.read()))
print(job.pk.hex)
"""


def big_csv(path: Path) -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "id": [f"k-{i}" for i in range(ROWS)],
            "datetime": "2024-03-01 12:00",
            "category": rng.choice(["overlast", "inbraak"], ROWS),
            "x": 155_000 + rng.random(ROWS) * 5000,
            "y": 463_000 + rng.random(ROWS) * 5000,
        }
    )
    frame.to_csv(path, index=False)


def test_a_killed_worker_leaves_nothing_half_imported_and_the_job_failed(tmp_path):
    database = tmp_path / "schakel.sqlite3"
    env = django_env(database, SCHAKEL_JOB_DIR=str(tmp_path / "jobs"))
    prepared_database(env)
    source = tmp_path / "groot.csv"
    big_csv(source)
    queued = manage(env, "shell", "-c", QUEUE.format(path=str(source)))
    job_id = queued.stdout.strip().splitlines()[-1]

    def job():
        rows = query(database, "SELECT status, phase, message FROM jobs_job WHERE id = ?", job_id)
        return rows[0] if rows else None

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # The worker checks every row, then starts the one transaction that writes them.
        wait_until(lambda: job()[1] == "Saving", 180, "the import to start writing")
        time.sleep(0.3)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert job()[0] == "running"  # what the dead worker left behind
    assert query(database, "SELECT count(*) FROM incidents_incident")[0][0] == 0

    # The next worker finds the job of a process that is gone, and says so.
    log = tmp_path / "worker-2.log"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, _phase, message = wait_until(
            lambda: job() if job()[0] != "running" else None, 60, "the job to be marked failed"
        )
    except AssertionError:
        raise AssertionError(log.read_text()[-3000:]) from None
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert status == "failed"
    assert "interrupted" in message
    assert query(database, "SELECT count(*) FROM incidents_incident")[0][0] == 0
    assert not list((tmp_path / "jobs").iterdir())  # the uploaded file did not stay behind

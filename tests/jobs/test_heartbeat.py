"""A job whose worker is alive but reports no progress for a long while (a linkage comparison,
an import's final write) keeps its sign of life through the heartbeat thread, so it is never
taken for abandoned (review finding: it was marked failed, the user told to start again, while
it went on to store its result).

Transactional and alone in its module: the heartbeat thread writes through its own connection.
"""

import datetime
import time

import pytest

from schakel.jobs import registry, services
from schakel.jobs.models import Job
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_long_silent_step_is_not_taken_for_abandoned(tmp_path, settings, monkeypatch):
    settings.SCHAKEL_JOB_DIR = tmp_path
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.05)
    user = make_user("analist", "gemeente", "analist")
    seen = {}

    def handler(job, progress):
        progress(phase="vergelijken", force=True)
        long_ago = job.heartbeat_at - datetime.timedelta(hours=1)
        Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
        deadline = time.monotonic() + 10
        while Job.objects.get(pk=job.pk).heartbeat_at == long_ago:
            assert time.monotonic() < deadline, "the heartbeat thread renewed nothing"
            time.sleep(0.05)
        seen["marked failed"] = services.fail_abandoned_jobs(stale_after_seconds=600)
        seen["status"] = Job.objects.get(pk=job.pk).status
        return {"summary": "opgeslagen"}

    registry.register("test.slow_step", handler)
    job = services.start_job(kind="test.slow_step", title="lang", by=user)
    assert services.run(str(job.pk)) == "succeeded"
    assert seen == {"marked failed": 0, "status": "running"}

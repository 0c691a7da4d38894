"""/health/ answers while the process lives; /health/ready/ only when the database answers and a
background worker has beaten recently."""

import time

import pytest
from django.core.cache import cache

from schakel.jobs import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_heartbeat():
    cache.delete(heartbeat.KEY)
    yield
    cache.delete(heartbeat.KEY)


def test_liveness_needs_no_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_not_ready_without_a_worker(client):
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "worker": "no heartbeat"}


def test_ready_with_a_recent_heartbeat(client):
    heartbeat.beat("test:1")
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}


def test_a_stale_heartbeat_is_not_a_worker():
    heartbeat.beat("test:1")
    later = time.time() + heartbeat.STALE_AFTER_SECONDS + 1
    assert heartbeat.worker_alive(now=later) is False


def test_health_pages_only_answer_get(client):
    assert client.post("/health/ready/").status_code == 405

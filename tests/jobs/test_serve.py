"""`bin/serve` (what `make serve` and the container image run): gunicorn and the background
worker against a fresh SQLite database; ready once both are up; when the worker is killed the
service stops, so that its supervisor restarts it instead of running without jobs."""

import http.client
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own http URL
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


def wait_for(url: str, status: int, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code, body = get(url)
        if code == status:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer {status} within {seconds} s (last: {code})")


def test_serve_runs_web_and_worker_and_stops_when_the_worker_dies(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schakel.config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'schakel.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "SCHAKEL_BIND": f"127.0.0.1:{port}",
        "SCHAKEL_ALLOW_DEMO": "0",
        "WEB_CONCURRENCY": "2",
        "PY": str(ROOT / ".venv/bin/python"),
        "GUNICORN": str(ROOT / ".venv/bin/gunicorn"),
    }
    serve = subprocess.Popen(
        [str(ROOT / "bin/serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        body = wait_for(f"{base}/health/ready/", 200)
        assert json.loads(body) == {"status": "ok", "database": "ok", "worker": "ok"}
        # gunicorn serves the pages, WhiteNoise the collected static files
        assert get(f"{base}/inloggen/")[0] == 200
        assert get(f"{base}/static/schakel/schakel.css")[0] == 200
        # A connection kept alive stays usable after a pause between two clicks: gunicorn's own
        # 2 s closed it under a client about to reuse it, which then got a reset.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/health/")
            assert connection.getresponse().read() and connection.sock is not None
            used = connection.sock
            time.sleep(4)
            connection.request("GET", "/health/")
            assert connection.getresponse().status == 200
            assert connection.sock is used  # the same connection, not a new one
        finally:
            connection.close()

        workers = subprocess.run(
            ["pgrep", "-f", "-s", str(serve.pid), "manage.py worker"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert workers, "no worker process under bin/serve"
        for pid in workers:
            os.kill(int(pid), signal.SIGKILL)
        assert serve.wait(timeout=60) != 0
        assert get(f"{base}/health/")[0] is None  # gunicorn went down with it
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()

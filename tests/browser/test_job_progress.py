"""In a real browser, against Schakel as production runs it (`bin/serve`: gunicorn and the
background worker as separate processes): an analyst uploads a large incident file and watches
the job's progress bar move — an intermediate percentage — and reach 100 % with the result.

The suite's test database lives in one process's memory, which the worker cannot see; this test
serves a database of its own: a SQLite file in tmp_path, or, when DATABASE_URL names PostgreSQL,
a fresh database on that server (dropped afterwards).
"""

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.jobs.test_serve import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROWS = 240_000
CHUNK_ROWS = 20_000  # the worker checks the file in twelve blocks: the bar moves twelve times

CREATE_ANALYST = """
from schakel.organisations.models import Organisation, OrganisationKind, Role, User
user = User(username="analist", role=Role.ANALYST, organisation=Organisation.objects.create(
    name="Gemeente Lindewaard", kind=OrganisationKind.MUNICIPALITY))
user.set_password("geheim-wachtwoord")
user.save()
"""


@pytest.fixture
def database_url(tmp_path):
    """The URL of an empty database for the served Schakel."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'schakel.sqlite3'}"
        return
    import psycopg

    parsed = urllib.parse.urlsplit(configured)
    name = f"{parsed.path.lstrip('/') or 'schakel'}_browser_{uuid.uuid4().hex[:8]}"
    server = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def served(tmp_path, database_url):
    """`bin/serve` on a free port; yields its base URL and stops web and worker afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schakel.config.settings.dev",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "SCHAKEL_JOB_DIR": str(tmp_path / "jobs"),
        "SCHAKEL_INCIDENT_CHUNK_ROWS": str(CHUNK_ROWS),
        "SCHAKEL_BIND": f"127.0.0.1:{port}",
        "SCHAKEL_ALLOW_DEMO": "0",
        "WEB_CONCURRENCY": "2",
        "PY": str(ROOT / ".venv/bin/python"),
        "GUNICORN": str(ROOT / ".venv/bin/gunicorn"),
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [str(ROOT / "bin/serve")],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(f"{base}/health/ready/", 200, seconds=180)
        except AssertionError:
            raise AssertionError(log.read_text()[-3000:]) from None
        created = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", CREATE_ANALYST],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        yield base
    finally:
        # What a supervisor does: TERM to the service; bin/serve stops gunicorn and the worker.
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
            raise AssertionError("bin/serve did not stop on SIGTERM") from None
        assert subprocess.run(["pgrep", "-s", str(serve.pid)], capture_output=True).stdout == b""


def incident_file(path: Path) -> None:
    rng = np.random.default_rng(8)
    pd.DataFrame(
        {
            "id": [f"b-{i}" for i in range(ROWS)],
            "datetime": "2024-03-01 21:00",
            "category": rng.choice(["overlast", "vernieling", "inbraak"], ROWS),
            "x": (155_000 + rng.random(ROWS) * 4000).round(1),
            "y": (463_000 + rng.random(ROWS) * 4000).round(1),
        }
    ).to_csv(path, index=False)


def bar_state(page) -> tuple[str | None, str] | None:
    """The bar's value (None: no percentage) and the rows done, as the page shows them now."""
    try:
        return page.evaluate(
            """() => {
                const bar = document.getElementById("job-bar");
                const done = document.getElementById("job-done");
                if (!bar || !done) return null;
                return [bar.getAttribute("value") === null ? null : String(bar.value),
                        done.textContent.trim()];
            }"""
        )
    except Exception:  # noqa: BLE001 — the page is reloading (the job ended)
        return None


def test_an_upload_shows_its_progress_bar_moving_to_the_end(browser, served, tmp_path):
    source = tmp_path / "incidenten.csv"
    incident_file(source)
    context = browser.new_context(base_url=served, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto("/inloggen/")
        page.locator("#id_username").fill("analist")
        page.locator("#id_password").fill("geheim-wachtwoord")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/")

        page.goto("/incidenten/importeren/")
        page.locator("#id_file").set_input_files(str(source))
        page.locator("#import-submit").click()
        page.wait_for_url("**/taken/**")

        seen = []
        deadline = time.monotonic() + 300
        while page.locator("#job-result").count() == 0:
            assert time.monotonic() < deadline, f"the job did not end; the page showed {seen}"
            state = bar_state(page)
            if state and (not seen or seen[-1] != state):
                seen.append(state)
            page.wait_for_timeout(100)

        percentages = {int(value) for value, _done in seen if value is not None}
        assert any(0 < p < 100 for p in percentages), seen  # the bar moved while it ran
        assert page.locator("#job-result .alert--success").count() == 1
        assert page.locator("#job-bar").get_attribute("value") == "100"
        assert page.locator("#job-done").inner_text() == f"{ROWS} / {ROWS}"
        assert page.locator("#job-errors").inner_text() == "0"
        assert f"{ROWS}" in page.locator("#job-result").inner_text()
    finally:
        context.close()

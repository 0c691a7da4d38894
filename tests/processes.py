"""Helpers for tests that run Schakel's own commands as real processes (the worker, the server)
against a database file of their own: the suite's in-memory test database is not reachable from
another process."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_env(database: Path, **extra: str) -> dict[str, str]:
    """The environment of a `manage.py` process on the SQLite file `database`, with the database
    task backend (a real worker picks the tasks up) and `extra` settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schakel.config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "SCHAKEL_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        **extra,
    }


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    """Run `manage.py arguments…` to its end; fails the test when it fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def prepared_database(env: dict[str, str]) -> None:
    manage(env, "migrate", "-v", "0")
    manage(env, "createcachetable")


def query(database: Path, sql: str, *params):
    connection = sqlite3.connect(database, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def wait_until(condition, seconds: float, what: str, log: Path | None = None):
    """`condition()`'s first true value within `seconds`; else the test fails (with the end of
    the process's `log`, if given)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    tail = f":\n{log.read_text()[-3000:]}" if log is not None else ""
    raise AssertionError(f"timed out waiting for {what}{tail}")

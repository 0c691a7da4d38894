"""The embedded SQLite default under concurrent writers: no "database is locked", no lost write,
and an audit chain that verifies afterwards (issue 10).

The suite's own test database lives in memory inside one process, so this test builds a real
database file with `migrate` and lets a separate process write to it from many threads at once —
as gunicorn's workers and the background worker do.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_many_threads_write_to_sqlite_without_locked_errors(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schakel.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'schakel.sqlite3'}",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "WRITERS": "12",
        "WRITES": "15",
    }
    migrated = run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr

    result = run([str(Path(__file__).with_name("sqlite_writers.py"))], env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert outcome["errors"] == [] and outcome["error_count"] == 0
    assert outcome["missing_signals"] == 0
    assert outcome["references_unique"]
    # each write: the signal's own entry and the extra view entry
    assert outcome["audit_written"] == 12 * 15 * 2
    assert outcome["chain_breaks"] == 0
    assert outcome["journal_mode"] == "wal"

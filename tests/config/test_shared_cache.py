"""One cache shared by every worker process: the database cache by default, Redis when
SCHAKEL_REDIS_URL is set — so that the log-in lock holds across gunicorn's workers (issue 10).

Each test serves one database file from two separate gunicorn processes and sends the failed
log-ins to both in turn: the account locks at the configured number of failures, not at that
number times the number of processes (which is what a cache in each process's memory would do).
The Redis tests start their own `redis-server` on a free port.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = Path("/usr/bin/redis-server")
pytestmark = pytest.mark.slow

USERNAME = "jansen"
PASSWORD = "Juist-wachtwoord-42"  # noqa: S105 — a throwaway account in a throwaway database
LIMIT = 4
LOCKED = "Too many failed log-in attempts"

needs_redis = pytest.mark.skipif(
    not REDIS_SERVER.exists(), reason="redis-server is not installed (/usr/bin/redis-server)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(database: Path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SCHAKEL_", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "schakel.config.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT": str(LIMIT),
            "SCHAKEL_LOGIN_FAILURES_PER_ADDRESS": "1000",  # every request is from 127.0.0.1
            **extra,
        }
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def prepared_database(tmp_path_factory) -> Path:
    """A migrated database file with its cache table and one account, copied by each test."""
    database = tmp_path_factory.mktemp("template") / "schakel.sqlite3"
    env = base_env(database)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    manage(
        env,
        "shell",
        "-c",
        "from schakel.organisations.models import User;"
        f"User.objects.create_user('{USERNAME}', password='{PASSWORD}')",
    )
    return database


@pytest.fixture
def database(prepared_database, tmp_path) -> Path:
    copy = tmp_path / "schakel.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{prepared_database}{suffix}")
        if source.exists():
            shutil.copy(source, f"{copy}{suffix}")
    return copy


@pytest.fixture(scope="module")
def redis_url():
    if not REDIS_SERVER.exists():
        pytest.skip("redis-server is not installed (/usr/bin/redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushall()
    return client


@contextmanager
def two_servers(env: dict, log_dir: Path):
    """Two gunicorn processes (one worker each) serving the same database: two base URLs."""
    processes, urls = [], []
    try:
        for n in range(2):
            port = free_port()
            log = (log_dir / f"gunicorn-{n}.log").open("wb")
            processes.append(
                subprocess.Popen(
                    [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py"]
                    + ["schakel.config.wsgi"],
                    cwd=ROOT,
                    env={
                        **env,
                        "SCHAKEL_BIND": f"127.0.0.1:{port}",
                        "WEB_CONCURRENCY": "1",
                        "WEB_THREADS": "4",
                    },
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            if requests.get(f"{url}/health/", timeout=30).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still loading Django
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not start within {seconds} s")


def log_in(url: str, password: str) -> str:
    """One log-in attempt from a fresh browser: 'in', 'refused' or 'locked'."""
    browser = requests.Session()
    browser.get(f"{url}/inloggen/", timeout=30).raise_for_status()
    response = browser.post(
        f"{url}/inloggen/",
        data={
            "username": USERNAME,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": f"{url}/inloggen/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code == 302:
        return "in"
    assert response.status_code == 200, response.status_code
    return "locked" if LOCKED in response.text else "refused"


def assert_lock_holds_across_processes(urls: list[str]) -> None:
    first, second = urls
    # Below the limit nothing is locked, though each process has seen only some failures.
    outcomes = [log_in(urls[n % 2], "fout") for n in range(LIMIT - 1)]
    assert outcomes == ["refused"] * (LIMIT - 1)
    # The failure that reaches the limit locks the account, whichever process counts it ...
    assert log_in(urls[(LIMIT - 1) % 2], "fout") == "locked"
    # ... and both processes refuse the right password from then on.
    assert log_in(first, PASSWORD) == "locked"
    assert log_in(second, PASSWORD) == "locked"


def assert_simultaneous_failures_all_count(urls: list[str]) -> None:
    # LIMIT failures at the same moment, half through each process: none of them is lost.
    with ThreadPoolExecutor(LIMIT) as pool:
        outcomes = list(pool.map(lambda n: log_in(urls[n % 2], "fout"), range(LIMIT)))
    assert outcomes.count("locked") == 1, outcomes
    assert log_in(urls[0], PASSWORD) == "locked"


@pytest.mark.parametrize("environment", ["dev", "test", "production"])
def test_the_database_cache_is_the_default_never_one_per_process(database, environment):
    env = base_env(
        database,
        DJANGO_SETTINGS_MODULE=f"schakel.config.settings.{environment}",
        SECRET_KEY="k" * 50,
        SCHAKEL_AUDIT_KEY="s" * 64,
    )
    assert cache_backend(env) == "django.core.cache.backends.db.DatabaseCache"


def test_the_log_in_lock_holds_across_processes_with_the_database_cache(database, tmp_path):
    with two_servers(base_env(database), tmp_path) as urls:
        assert_lock_holds_across_processes(urls)


def test_simultaneous_failures_all_count_with_the_database_cache(database, tmp_path):
    with two_servers(base_env(database), tmp_path) as urls:
        assert_simultaneous_failures_all_count(urls)


def cache_backend(env: dict) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("environment", ["dev", "test", "production"])
def test_settings_pick_redis_when_its_url_is_set(database, environment):
    env = base_env(
        database,
        SCHAKEL_REDIS_URL="redis://127.0.0.1:6399/0",
        DJANGO_SETTINGS_MODULE=f"schakel.config.settings.{environment}",
        SECRET_KEY="k" * 50,
        SCHAKEL_AUDIT_KEY="s" * 64,
    )
    assert cache_backend(env) == "django.core.cache.backends.redis.RedisCache"


@needs_redis
def test_the_log_in_lock_holds_across_processes_with_redis(
    database, tmp_path, redis_url, redis_client
):
    with two_servers(base_env(database, SCHAKEL_REDIS_URL=redis_url), tmp_path) as urls:
        assert_lock_holds_across_processes(urls)
    # The lock lives in Redis, not in the database cache table.
    assert redis_client.keys("*schakel:login:lock:account:*")
    assert not database_cache_keys(database)


@needs_redis
def test_simultaneous_failures_all_count_with_redis(database, tmp_path, redis_url, redis_client):
    with two_servers(base_env(database, SCHAKEL_REDIS_URL=redis_url), tmp_path) as urls:
        assert_simultaneous_failures_all_count(urls)


def database_cache_keys(database: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT cache_key FROM schakel_cache")]


def hammer_from_two_processes(env: dict, threads: int, failures: int) -> list[dict]:
    """Two processes, each with `threads` threads counting `failures` failed log-ins at once."""
    env = {**env, "HAMMER_THREADS": str(threads), "HAMMER_FAILURES": str(failures)}
    script = str(Path(__file__).with_name("lockout_hammer.py"))
    processes = [
        subprocess.Popen(
            [sys.executable, script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outcomes = []
    for process in processes:
        out, _err = process.communicate(timeout=300)
        assert process.returncode == 0
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def assert_no_failure_is_lost(env: dict) -> None:
    threads, failures = 6, 5
    total = 2 * threads * failures
    # The limit is exactly the number of failures sent: only if every one counts does the lock close.
    outcomes = hammer_from_two_processes(
        {**env, "SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT": str(total)}, threads, failures
    )
    assert [error for outcome in outcomes for error in outcome["errors"]] == []
    assert [kind for outcome in outcomes for kind in outcome["closed"]] == [["account"]]


def test_failures_counted_at_once_in_two_processes_all_count_with_the_database_cache(database):
    assert_no_failure_is_lost(base_env(database))


@needs_redis
def test_failures_counted_at_once_in_two_processes_all_count_with_redis(
    database, redis_url, redis_client
):
    assert_no_failure_is_lost(base_env(database, SCHAKEL_REDIS_URL=redis_url))

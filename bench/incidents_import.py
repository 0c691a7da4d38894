"""Benchmark: importing 10 million incidents from Parquet, against the bare database loading them.

    nice -n 10 .venv/bin/python bench/incidents_import.py [--rows 10000000] [--only sqlite|postgresql]
        [--postgres postgres://schakel:schakel@127.0.0.1:5432/postgres]

1. Generates the incidents of bench/hotspots.py (id, datetime, category, x, y) as Parquet and CSV
   in bench/out/ (once; reused).
2. SQLite: a fresh database file (migrated, not timed), then `manage.py import_incidents FILE.parquet`
   in a fresh process, timed from start to exit: every row checked, staged, upserted, committed.
   Bare: the `sqlite3` shell's `.import` of the same rows as CSV into a table without indexes
   (a fresh file; the shell's defaults).
3. PostgreSQL (unless --only sqlite): the same into a fresh database `schakel_bench_incidents`;
   bare: `COPY … FROM STDIN (FORMAT csv)` of the CSV into a table without indexes in that database.
4. Prints each time, the phase of the import in which the file was read (the last progress line),
   and the ratio import / bare.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from hotspots import OUT, generate  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_DB = "schakel_bench_incidents"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class BackendCpu(threading.Thread):
    """CPU seconds of the PostgreSQL server processes serving `database` (read from /proc while
    they live: the server runs on this machine), so that the server's work is counted too."""

    def __init__(self, admin_url: str, database: str):
        super().__init__(daemon=True)
        self.admin_url, self.database = admin_url, database
        self.seconds: dict[int, float] = {}
        self.running = True

    def run(self) -> None:
        import psycopg

        tick = os.sysconf("SC_CLK_TCK")
        with psycopg.connect(self.admin_url, autocommit=True) as db:
            while self.running:
                pids = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                    "pg_backend_pid()",
                    [self.database],
                ).fetchall()
                for (pid,) in pids:
                    try:
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    self.seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
                time.sleep(0.5)

    def stop(self) -> float:
        self.running = False
        self.join()
        return sum(self.seconds.values())


def timed_import(database_url: str, parquet: Path, server: BackendCpu | None = None) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=900
    )
    cpu = children_cpu()
    if server is not None:
        server.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "import_incidents", str(parquet)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    read_at = None
    last = ""
    for line in process.stdout:
        if "checked" in line:
            read_at = time.perf_counter() - started
        last = line.strip() or last
    process.wait()
    seconds = time.perf_counter() - started
    server_cpu = server.stop() if server is not None else None
    if process.returncode:
        raise SystemExit(f"import failed: {last}")
    return {
        "seconds": seconds,
        "read_and_staged": read_at,
        "cpu": children_cpu() - cpu,
        "server_cpu": server_cpu,
        # the largest child so far: the import (migrate, before it, stays far below)
        "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "result": last,
    }


def sqlite_bench(rows: int, parquet: Path, csv: Path) -> dict:
    database = OUT / "incidents_import.sqlite3"
    bare = OUT / "incidents_bare.sqlite3"
    for path in (database, bare):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    ours = timed_import(f"sqlite:///{database}", parquet)
    shell = shutil.which("sqlite3")
    cpu = children_cpu()
    started = time.perf_counter()
    if shell:
        script = (
            "CREATE TABLE incident (id TEXT, datetime TEXT, category TEXT, x REAL, y REAL);\n"
            f".import --csv --skip 1 {csv} incident\n"
        )
        subprocess.run([shell, str(bare)], input=script, text=True, check=True)
        how = "sqlite3 shell .import (CSV)"
    else:  # no shell: Python's sqlite3, executemany into the same table, one transaction
        import csv as csvmodule
        import sqlite3

        with sqlite3.connect(bare) as db, open(csv, newline="") as handle:
            db.execute("CREATE TABLE incident (id TEXT, datetime TEXT, category TEXT, x, y)")
            reader = csvmodule.reader(handle)
            next(reader)
            db.executemany("INSERT INTO incident VALUES (?, ?, ?, ?, ?)", reader)
        how = "Python sqlite3 executemany (no sqlite3 shell)"
    bare_seconds = time.perf_counter() - started
    return {
        "database": "SQLite",
        "ours": ours,
        "bare": bare_seconds,
        "bare_cpu": children_cpu() - cpu,  # the shell's CPU (0 with Python's sqlite3)
        "bare_how": how,
    }


def postgres_bench(rows: int, parquet: Path, csv: Path, admin_url: str) -> dict:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    url = admin_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    ours = timed_import(url, parquet, BackendCpu(admin_url, BENCH_DB))
    with psycopg.connect(url) as db:
        db.execute(
            "CREATE TABLE bare_incident (id text, datetime timestamptz, category text, "
            "x float8, y float8)"
        )
        db.commit()
        backend = Path(f"/proc/{db.info.backend_pid}/stat")
        started_cpu = _proc_cpu(backend)
        started = time.perf_counter()
        with (
            db.cursor().copy("COPY bare_incident FROM STDIN (FORMAT csv, HEADER)") as copy,
            open(csv, "rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        db.commit()
        bare_seconds = time.perf_counter() - started
        bare_cpu = _proc_cpu(backend) - started_cpu
    return {
        "database": "PostgreSQL",
        "ours": ours,
        "bare": bare_seconds,
        "bare_cpu": bare_cpu,  # the server process's CPU
        "bare_how": "COPY (CSV)",
    }


def _proc_cpu(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://schakel:schakel@127.0.0.1:5432/postgres"
        ),
        help="A database URL of a role that may create databases.",
    )
    args = parser.parse_args()
    parquet, csv = generate(args.rows)
    print(f"data: {args.rows:,} incidents, {parquet.stat().st_size / 1e6:.0f} MB Parquet")
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    results = []
    if args.only in (None, "sqlite"):
        results.append(sqlite_bench(args.rows, parquet, csv))
        print(results[-1], flush=True)
    if args.only in (None, "postgresql"):
        results.append(postgres_bench(args.rows, parquet, csv, args.postgres))
        print(results[-1], flush=True)
    print()
    print(
        "| database | import (s) | of which read + checked + staged (s) | CPU import process "
        "(+ server) (s) | peak memory (MB) | bare load (s) | bare CPU (s) | ratio wall | ratio CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        ours = r["ours"]
        cpu = ours["cpu"] + (ours["server_cpu"] or 0)
        server = f" ({ours['cpu']:.1f} + {ours['server_cpu']:.1f})" if ours["server_cpu"] else ""
        print(
            f"| {r['database']} | {ours['seconds']:.1f} | {ours['read_and_staged'] or 0:.1f} | "
            f"{cpu:.1f}{server} | {ours['peak_mb']:.0f} | {r['bare']:.1f} ({r['bare_how']}) | "
            f"{r['bare_cpu']:.1f} | {ours['seconds'] / r['bare']:.1f}× | "
            f"{cpu / r['bare_cpu'] if r['bare_cpu'] else float('nan'):.1f}× |"
        )
    for r in results:
        print(f"{r['database']}: {r['ours']['result']}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

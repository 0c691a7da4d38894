"""Benchmark: loading the demo data (`manage.py load_demo`) into a fresh database, per part.

    .venv/bin/python bench/demo_load.py [--seed 2026] [--repeat 3]

Creates a fresh SQLite database in bench/out/ (or uses DATABASE_URL when set), migrates it, and
loads the demo `--repeat` times (`--force` after the first), timing the core data and each
component's part (`schakel.demo.generator.PARTS`). Prints the best time of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        database = OUT / "demo_load.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from schakel.demo import generator

    call_command("migrate", verbosity=0)
    best: dict[str, float] = {}
    originals = {part: part.load for part in generator.PARTS}

    def timed(part, times):
        def load(*a, **kw):
            started = time.perf_counter()
            try:
                return originals[part](*a, **kw)
            finally:
                times[part.__name__.rsplit(".", 1)[-1]] = time.perf_counter() - started

        return load

    for attempt in range(args.repeat):
        times: dict[str, float] = {}
        for part in generator.PARTS:
            part.load = timed(part, times)
        started = time.perf_counter()
        call_command("load_demo", seed=args.seed, force=attempt > 0, stdout=StringIO())
        times["total"] = time.perf_counter() - started
        times["core"] = times["total"] - sum(
            v for k, v in times.items() if k not in ("total", "core")
        )
        for key, value in times.items():
            best[key] = min(best.get(key, value), value)
    for part, load in originals.items():
        part.load = load
    print(f"demo load, seed {args.seed}, best of {args.repeat}:")
    for key in ["core", *(p.__name__.rsplit(".", 1)[-1] for p in generator.PARTS), "total"]:
        print(f"  {key:<10} {best[key]:6.2f} s")


if __name__ == "__main__":
    main()

"""Audit entries for a page of persons: one chained insert per page versus one per person.

    DATABASE_URL=sqlite:////tmp/schakel-bench.sqlite3 .venv/bin/python bench/audit_bulk.py [N]

Migrates the named database (use a scratch one), then writes N entries (default 50, an API page)
both ways, five rounds each, and prints the median time per page. A rough figure, not a test.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from schakel.audit.models import AuditAction  # noqa: E402
from schakel.audit.services import record, record_shown  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    persons = [SimpleNamespace(pk=i) for i in range(1, n + 1)]
    case = SimpleNamespace(pk=1, _meta=SimpleNamespace(label_lower="cases.case"))
    timings = {"per person": [], "one per page": []}
    for _ in range(5):
        start = time.perf_counter()
        for person in persons:
            record(None, AuditAction.LIST, obj=case, person=person)
        timings["per person"].append(time.perf_counter() - start)
        start = time.perf_counter()
        record_shown(None, AuditAction.LIST, [(case, persons)])
        timings["one per page"].append(time.perf_counter() - start)
    for way, seconds in timings.items():
        print(f"{way:>13}: {statistics.median(seconds) * 1000:7.1f} ms for {n} entries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)

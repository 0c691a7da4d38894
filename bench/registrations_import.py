"""Benchmark: importing judicial registrations (issue 10 goal: 20,000 rows with 5,000 new persons
in at most 3 s).

    .venv/bin/python bench/registrations_import.py [--rows 20000] [--persons 5000] [--repeat 3]

Builds a fresh SQLite database in bench/out/ (or uses DATABASE_URL), migrates it, writes an
extract of `--rows` registrations about `--persons` persons (each new, each with a valid BSN),
and times `targets.registrations.import_registrations` — validation, person resolution, the
registrations, the audit entries and the linkage of the new persons — on an empty registry each
time (the tables are emptied between runs). Prints the best time.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"


def bsns(count: int) -> list[str]:
    """`count` different nine-digit numbers that pass the 11-test."""
    from schakel.registry.validators import is_valid_bsn

    found, base = [], 100_000_000
    while len(found) < count:
        if is_valid_bsn(f"{base:09d}"):
            found.append(f"{base:09d}")
        base += 7
    return found


def extract(rows: int, persons: int, category: str) -> bytes:
    lines = [
        "registration_id,person_ref,bsn,given_name,surname,date_of_birth,offence_date,"
        "offence_category,decision,decision_date"
    ]
    numbers = bsns(persons)
    for r in range(rows):
        p = r % persons
        lines.append(
            f"R{r},P{p},{numbers[p]},Naam{p},Achternaam{p},1990-01-{1 + p % 28:02d},"
            f"2024-0{1 + r % 9}-15,{category},lopend,"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        database = OUT / "registrations.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from schakel.audit.models import AuditEntry  # noqa: F401 — the audit log grows, that is fine
    from schakel.linkage.models import CandidatePair, LinkageRun
    from schakel.registry.models import Person
    from schakel.targets import registrations
    from schakel.targets.models import (
        JudicialRegistration,
        OffenceCategory,
        PersonReference,
        RegistrationImport,
    )

    call_command("migrate", verbosity=0)
    category = OffenceCategory.objects.order_by("pk").first()
    data = extract(args.rows, args.persons, category.code)
    best = None
    for attempt in range(args.repeat):
        CandidatePair.objects.all().delete()
        LinkageRun.objects.all().delete()
        JudicialRegistration.objects.all().delete()
        PersonReference.objects.all().delete()
        RegistrationImport.objects.all().delete()
        Person.objects.all().delete()
        started = time.perf_counter()
        result = registrations.import_registrations(
            io.BytesIO(data).read(), by=None, source="OM", file_name="bench.csv"
        )
        elapsed = time.perf_counter() - started
        assert result.ok, result.errors[:3]
        assert result.created == args.rows and result.persons_created == args.persons
        print(f"run {attempt + 1}: {elapsed:.2f} s")
        best = elapsed if best is None else min(best, elapsed)
    print(f"best of {args.repeat}: {best:.2f} s for {args.rows} rows, {args.persons} new persons")


if __name__ == "__main__":
    main()

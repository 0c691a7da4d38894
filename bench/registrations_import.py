"""Benchmark: importing judicial registrations (issue 10 goal: 20,000 rows with 5,000 new persons
in at most 3 s).

    .venv/bin/python bench/registrations_import.py [--rows 20000] [--persons 5000] [--repeat 3]
        [--existing 0]

Builds a fresh SQLite database in bench/out/ (or uses DATABASE_URL), migrates it, writes an
extract of `--rows` registrations about `--persons` persons (each new, each with a valid BSN),
and times `targets.registrations.import_registrations` — validation, person resolution, the
registrations, the audit entries and the linkage of the new persons — on an empty registry each
time (the tables are emptied between runs). Prints the best time.

With `--existing N` the registry holds N other persons before each run, so the linkage of the
new persons against them (Splink) is part of the time; it is printed apart. Names come from
short lists and dates of birth are spread over 55 years, as in a registry: a date of birth
shared by hundreds of persons would make the linkage's training compare all of them.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
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


GIVEN = (
    "Jan",
    "Piet",
    "Klaas",
    "Anna",
    "Fatima",
    "Mohamed",
    "Sanne",
    "Lotte",
    "Daan",
    "Emma",
    "Noah",
    "Sem",
    "Lucas",
    "Julia",
    "Mila",
    "Yara",
    "Ahmed",
    "Ayoub",
    "Eva",
    "Tess",
)
SURNAMES = tuple(
    f"{stem}{suffix}"
    for stem in ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos",
                 "Vos", "Peters", "Hendriks", "Dekker", "El Amrani", "Yilmaz", "Kaya")
    for suffix in ("", "se", "man", "ink", "er", "s", "ma", "stra", "hof", "berg")
)  # fmt: skip


def person(index: int) -> tuple[str, str, datetime.date]:
    """Given name, surname and date of birth of the `index`-th person (the same every run)."""
    chance = random.Random(index)
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=chance.randrange(20_000))
    return chance.choice(GIVEN), chance.choice(SURNAMES), born


def extract(rows: int, persons: int, category: str, numbers: list[str]) -> bytes:
    lines = [
        "registration_id,person_ref,bsn,given_name,surname,date_of_birth,offence_date,"
        "offence_category,decision,decision_date"
    ]
    for r in range(rows):
        p = r % persons
        given, surname, born = person(p)
        lines.append(
            f"R{r},P{p},{numbers[p]},{given},{surname},{born.isoformat()},"
            f"2024-0{1 + r % 9}-15,{category},lopend,"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--existing", type=int, default=0, help="other persons already there")
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
    numbers = bsns(args.persons + args.existing)
    data = extract(args.rows, args.persons, category.code, numbers)
    best = None
    linking: list[float] = []

    def mark(phase: str, rows: int, errors: int) -> None:
        if phase == "link":
            linking.append(time.perf_counter())

    for attempt in range(args.repeat):
        CandidatePair.objects.all().delete()
        LinkageRun.objects.all().delete()
        JudicialRegistration.objects.all().delete()
        PersonReference.objects.all().delete()
        RegistrationImport.objects.all().delete()
        Person.objects.all().delete()
        existing = [person(args.persons + n) for n in range(args.existing)]
        Person.objects.bulk_create(
            Person(given_names=given, surname=surname, date_of_birth=born, bsn=bsn)
            for (given, surname, born), bsn in zip(existing, numbers[args.persons :], strict=True)
        )
        linking.clear()
        started = time.perf_counter()
        result = registrations.import_registrations(
            io.BytesIO(data).read(), by=None, source="OM", file_name="bench.csv", progress=mark
        )
        finished = time.perf_counter()
        elapsed = finished - started
        assert result.ok, result.errors[:3]
        assert result.created == args.rows and result.persons_created == args.persons
        assert not result.linkage_failed
        linkage = f" (linkage {finished - linking[0]:.2f} s)" if args.existing else ""
        print(f"run {attempt + 1}: {elapsed:.2f} s{linkage}")
        best = elapsed if best is None else min(best, elapsed)
    print(
        f"best of {args.repeat}: {best:.2f} s for {args.rows} rows, {args.persons} new persons"
        + (f", {args.existing} persons already there" if args.existing else "")
    )


if __name__ == "__main__":
    main()

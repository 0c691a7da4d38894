"""Benchmark: the HIT approach at the size of a large region.

    .venv/bin/python bench/hit_selection.py [--persons 30000] [--import-rows 20000]

1. Pure selection (`schakel.targets.selection.propose`) on synthetic registrations: `--persons`
   persons with 1–6 registrations each, HIT rule as of today.
2. Kaplan–Meier (`schakel.analytics.recidivism`) on 100,000 and 1,000,000 follow-up times.
3. End to end in Django on a fresh SQLite database in bench/out/: importing a CSV extract of
   `--import-rows` rows (validation, person matching, one transaction), re-importing it
   (idempotent), applying the rule on the database, and building the monthly report + PDF for
   a list of 60 persons.
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

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"

HIT = ("overval", "straatroof", "woninginbraak")
OTHER = ("winkeldiefstal", "mishandeling", "bedreiging", "vernieling", "drugs")
DECISIONS = ("veroordeling", "veroordeling", "strafbeschikking", "sepot", "vrijspraak")


def timed(label: str, func, *args, **kwargs):
    started = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - started:.3f} s")
    return result


def pure_selection(persons: int) -> None:
    from schakel.targets.selection import Registration, RuleSpec, propose

    rng = random.Random(1)
    today = datetime.date.today()
    data = {}
    n_regs = 0
    for person in range(persons):
        regs = []
        for i in range(rng.randint(1, 6)):
            decided = today - datetime.timedelta(days=rng.randint(0, 3000))
            regs.append(
                Registration(
                    f"{person}-{i}",
                    rng.choice(HIT + OTHER),
                    rng.choice(DECISIONS),
                    decided - datetime.timedelta(days=90),
                    decided,
                )  # fmt: skip
            )
        n_regs += len(regs)
        data[person] = (None, regs)
    spec = RuleSpec(frozenset(HIT), frozenset({"veroordeling"}), 3, 1)
    members = set(range(0, persons, 50))
    inflow, outflow = timed(
        f"selection.propose, {persons:,} persons / {n_regs:,} registrations",
        propose,
        spec,
        data,
        members,
        today,
    )
    print(f"  proposed inflow {len(inflow):,}, outflow {len(outflow):,}")


def survival() -> None:
    from schakel.analytics.recidivism import kaplan_meier, numbers_at_risk

    rng = np.random.default_rng(2)
    for n in (100_000, 1_000_000):
        durations = rng.integers(0, 1500, n).astype(float)
        observed = rng.random(n) < 0.4
        curve = timed(f"kaplan_meier, {n:,} persons", kaplan_meier, durations, observed)
        numbers_at_risk(durations, [0, 180, 365, 730])
        print(f"  distinct event times {curve.times.size}, S(365) = {curve.at(365):.3f}")


def csv_extract(rows: int) -> str:
    from schakel.registry.validators import is_valid_bsn
    from schakel.targets.registrations import COLUMNS

    rng = random.Random(3)
    today = datetime.date.today()
    persons = []
    used = set()
    for i in range(rows // 4):
        bsn = ""
        if rng.random() < 0.7:
            while True:
                candidate = str(rng.randint(100_000_000, 999_999_999))
                if is_valid_bsn(candidate) and candidate not in used:
                    used.add(candidate)
                    bsn = candidate
                    break
        born = today - datetime.timedelta(days=rng.randint(18 * 365, 60 * 365))
        persons.append((f"R{i}", bsn, f"Voornaam{i % 500}", f"Achternaam{i}", born))
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        ref, bsn, given, surname, born = persons[n % len(persons)]
        decided = today - datetime.timedelta(days=rng.randint(0, 2500))
        offence = decided - datetime.timedelta(days=rng.randint(10, 300))
        offence = max(offence, born + datetime.timedelta(days=16 * 365))
        decided = max(decided, offence)
        lines.append(
            ",".join(
                [
                    f"B-{n:07d}",
                    ref,
                    bsn,
                    given,
                    surname,
                    born.isoformat(),
                    offence.isoformat(),
                    rng.choice(HIT + OTHER),
                    rng.choice(DECISIONS),
                    decided.isoformat(),
                ]  # fmt: skip
            )
        )
    return "\n".join(lines) + "\n"


def end_to_end(rows: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "hit_bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    timed("migrate (fresh SQLite)", call_command, "migrate", verbosity=0)
    from django.utils import timezone

    from schakel.organisations.models import Organisation, OrganisationKind, Role, User
    from schakel.targets import report, services
    from schakel.targets.models import TargetGroupRule, TargetList
    from schakel.targets.registrations import import_registrations

    house = Organisation.objects.create(name="VH", kind=OrganisationKind.SAFETY_HOUSE)
    user = User.objects.create(username="bench", role=Role.PROCESS_DIRECTOR, organisation=house)
    text = csv_extract(rows)
    result = timed(
        f"import {rows:,} rows (first time)",
        import_registrations,
        io.StringIO(text),
        by=user,
        source="OM",
    )
    print(
        f"  created {result.created:,}, persons {result.persons_created:,}, errors {len(result.errors)}"
    )
    again = timed(
        f"import {rows:,} rows (again, idempotent)",
        import_registrations,
        io.StringIO(text),
        by=user,
        source="OM",
    )
    print(f"  created {again.created}, unchanged {again.unchanged:,}")
    hit = TargetList.objects.create(
        name="HIT", rule=TargetGroupRule.objects.get(code="hit"), host_organisation=house
    )
    today = timezone.localdate()
    inflow, _out = timed(
        "proposals_for (HIT, database)", services.proposals_for, hit, hit.rule, today
    )
    print(f"  proposed inflow {len(inflow):,}")
    for proposal in inflow[:60]:
        services.include_on_list(hit, Person_get(proposal.person), by=user, reason="bench",
                                 best_cards=house, coordinator=coordinator(house),
                                 effective_on=today - datetime.timedelta(days=200))  # fmt: skip
    data = timed("monthly report (aggregates)", report.build, hit, today.year, today.month)
    timed("monthly report PDF", report.render_pdf, data)


def Person_get(pk):  # noqa: N802 - small helper for the loop above
    from schakel.registry.models import Person

    return Person.objects.get(pk=pk)


_COORDINATOR = {}


def coordinator(house):
    from schakel.organisations.models import Role, User

    if "user" not in _COORDINATOR:
        _COORDINATOR["user"] = User.objects.create(
            username="bench-coordinator", role=Role.COORDINATOR, organisation=house
        )
    return _COORDINATOR["user"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=30_000)
    parser.add_argument("--import-rows", type=int, default=20_000)
    args = parser.parse_args()
    pure_selection(args.persons)
    survival()
    end_to_end(args.import_rows)


if __name__ == "__main__":
    main()

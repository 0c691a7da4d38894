"""The same seed and reference date give byte-identical demo data at any wall-clock time.

The demo is loaded twice with the same reference date: once just after midnight on that date
and once late in the evening of the next day (across midnight UTC, where a date taken from a UTC
time stamp differs from the local one), and a dump of every table is compared.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from schakel.demo import generator

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
REFERENCE_DATE = datetime.date(2026, 11, 1)  # the first of a month: the incidents' months start
WALL_CLOCKS = (
    datetime.datetime(2026, 11, 1, 0, 30, tzinfo=AMSTERDAM),  # 23:30 UTC the day before
    datetime.datetime(2026, 11, 2, 23, 30, tzinfo=AMSTERDAM),
)
# What says when the demo was loaded rather than what it holds: the wall clock, on purpose.
WALL_CLOCK_FIELDS = {
    "demo.demoinstallation": {"loaded_at"},
    # The audit log records when the loading services ran, chained over those times.
    "audit.auditentry": {"timestamp", "previous_hash", "entry_hash"},
    # How long the linkage run took: measured, not generated.
    "linkage.linkagerun": {"seconds"},
}


def _models():
    return sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label_lower)


def _dump() -> str:
    """Every row of every table, in primary-key order, one line per row."""
    lines = []
    for model in _models():
        skip = WALL_CLOCK_FIELDS.get(model._meta.label_lower, set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        for row in model._base_manager.order_by("pk").values_list(*names):
            lines.append(f"{model._meta.label_lower} {row!r}")
    return "\n".join(lines)


def _load_at(wall_clock: datetime.datetime) -> str:
    """Load the demo at that wall-clock time, dump it, and roll it back."""
    with transaction.atomic():
        # PostgreSQL's sequences do not roll back: start both loads from the same numbers.
        for statement in connection.ops.sequence_reset_sql(no_style(), _models()):
            with connection.cursor() as cursor:
                cursor.execute(statement)
        with time_machine.travel(wall_clock):
            generator.load_demo_data(2026, today=REFERENCE_DATE)
        dump = _dump()
        transaction.set_rollback(True)
    return dump


@pytest.mark.django_db
def test_the_same_seed_and_date_give_identical_data_at_any_time_of_day():
    first, second = (_load_at(wall_clock) for wall_clock in WALL_CLOCKS)
    assert first.count("\n") > 50_000  # the whole demo: incidents, cases, targets, linkage
    if first != second:
        differences = [
            (a, b) for a, b in zip(first.splitlines(), second.splitlines(), strict=False) if a != b
        ]
        labels = sorted({a.split()[0] for a, _b in differences})
        pytest.fail(f"{len(differences)} rows differ in {labels}, the first: {differences[:3]}")

"""After the demo is loaded, PostgreSQL's planner knows how big the tables are (CI once spent
minutes in one visibility query: the planner believed the freshly filled tables held a row or two
and nested loops over them)."""

import pytest
from django.db import connection

from schakel.cases.models import Case
from schakel.registry.models import Person

pytestmark = pytest.mark.slow


def _estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_the_planner_knows_the_size_of_the_loaded_tables(demo, db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without table statistics")
    for model in (Person, Case):
        rows = model.objects.count()
        assert rows > 100
        assert _estimated_rows(model._meta.db_table) >= rows * 0.9

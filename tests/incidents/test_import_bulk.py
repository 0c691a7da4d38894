"""The bulk incident import (staging table + one set-based upsert) gives the same results on
SQLite and PostgreSQL: new, updated, duplicate and invalid rows counted alike, and nothing of a
file in the database when the database refuses part of it."""

import datetime as dt

import pytest
from django.db import connection

from schakel.incidents import services
from schakel.incidents.models import Incident, IncidentImport
from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory

FIRST = """id,datetime,category,x,y
a-1,2024-03-01 10:00,overlast,155000,463000
a-2,2024-03-02 10:00,overlast,155100,463100
a-3,2024-03-03 10:00,vernieling,155200,463200
"""

# a-1 unchanged, a-2 changed, two new ids, n-1 twice (the second is reported), one bad date.
SECOND = """id,datetime,category,x,y
a-1,2024-03-01 10:00,overlast,155000,463000
a-2,2024-04-02 11:00,drugsoverlast,155150,463150
n-1,2024-05-01 09:00,straatroof,156000,464000
n-2,2024-05-02 09:00,straatroof,156100,464100
n-1,2024-05-03 09:00,vernieling,157000,465000
n-3,gisteren,overlast,155000,463000
"""


def write(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_reimport_counts_new_updated_and_skipped_rows(tmp_path):
    services.import_incidents(write(tmp_path, FIRST, "first.csv"))
    report = services.import_incidents(
        write(tmp_path, SECOND, "second.csv"), skip_invalid=True, chunk_rows=2
    )
    assert report.status == IncidentImport.Status.IMPORTED, report.error_report
    assert (report.rows_read, report.rows_imported, report.rows_updated, report.rows_skipped) == (
        6,
        2,
        2,
        2,
    )
    assert report.error_report.splitlines() == [
        "line 6: duplicate id (also on line 4)",
        "line 7: date-time missing or not understood",
    ]
    assert Incident.objects.count() == 5
    changed = Incident.objects.get(source_id="a-2")
    assert (changed.category, changed.x, changed.y) == ("drugsoverlast", 155150.0, 463150.0)
    assert changed.occurred_at == dt.datetime(2024, 4, 2, 9, 0, tzinfo=dt.UTC)
    # The first occurrence of a repeated id is the one imported.
    assert Incident.objects.get(source_id="n-1").category == "straatroof"
    assert Incident.objects.get(source_id="a-3").category == "vernieling"


@pytest.mark.django_db
def test_a_large_load_rebuilds_the_secondary_indexes_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "REBUILD_INDEXES_AFTER", 10, raising=False)
    before = _constraints()
    rows = "".join(
        f"r-{i},2024-01-{1 + i % 28:02d} 12:00,cat-{i % 3},{155000 + i},463000\n" for i in range(40)
    )
    path = write(tmp_path, "id,datetime,category,x,y\n" + rows, "many.csv")
    report = services.import_incidents(path, chunk_rows=15)
    assert (report.rows_imported, report.rows_updated) == (40, 0)
    assert _constraints() == before
    assert Incident.objects.filter(category="cat-1").count() == 13
    again = services.import_incidents(path, chunk_rows=15)
    assert (again.rows_imported, again.rows_updated) == (0, 40)
    assert Incident.objects.count() == 40
    assert _constraints() == before


@pytest.mark.django_db
def test_the_incident_table_carries_no_redundant_indexes():
    """Every index costs time on a load of millions of rows: category alone is served by
    (category, occurred_at), no query searches ids or categories by prefix (LIKE), and none
    looks incidents up by their source organisation."""
    columns = sorted(_index_columns())
    assert columns == sorted(
        [
            ("id",),  # primary key
            ("source_id",),  # unique: the upsert's conflict target
            ("occurred_at",),
            ("category", "occurred_at"),
            ("address_id",),  # partial: only where an address is set
        ]
    )


@pytest.mark.django_db
def test_nothing_is_imported_when_the_database_refuses_a_row_of_the_last_chunk(tmp_path):
    """The organisation named in the file's last chunk disappears after the rows were checked
    (here: between checking and writing); the whole file is refused, on both databases."""
    police = OrganisationFactory(name="Politie", kind=OrganisationKind.POLICE)
    rows = "".join(f"k-{i},2024-01-01,overlast,155000,463000,\n" for i in range(25))
    rows += "k-last,2024-01-01,overlast,155000,463000,politie\n"
    path = write(tmp_path, "id,datetime,category,x,y,source\n" + rows, "late.csv")

    def delete_the_organisation(phase, done, errors):
        if phase == "write":
            police.delete()

    report = services.import_incidents(path, chunk_rows=10, progress=delete_the_organisation)
    assert report.status == IncidentImport.Status.FAILED
    assert "nothing has been imported" in report.error_report
    assert Incident.objects.count() == 0
    # The connection is usable afterwards, and a clean file imports.
    clean = services.import_incidents(path.with_name("late.csv"), skip_invalid=True)
    assert clean.rows_imported == 25


def _index_columns() -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
    found = []
    for details in constraints.values():
        if details["index"] or details["primary_key"] or details["unique"]:
            found.append(tuple(details["columns"]))
    return sorted(found)


def _constraints() -> list[tuple]:
    """Every index and constraint of the incident table: what, on which columns, how."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
    return sorted(
        (
            tuple(d["columns"]),
            bool(d["unique"]),
            bool(d["primary_key"]),
            tuple(d["foreign_key"] or ()),
            name if not name.startswith("sqlite_") else "",
        )
        for name, d in constraints.items()
    )

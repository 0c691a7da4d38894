"""After a large import, PostgreSQL's planner knows the incident table's new size at once."""

import pytest
from django.db import connection

from schakel.incidents import services
from schakel.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_a_large_import_refreshes_the_planner_statistics(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without table statistics")
    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 500, raising=False)
    path = tmp_path / "veel.csv"
    rows = "".join(f"s-{i},2024-01-01,overlast,155000,463000\n" for i in range(800))
    path.write_text("id,datetime,category,x,y\n" + rows)
    report = services.import_incidents(path)
    assert report.rows_imported == 800
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", ["incidents_incident"])
        assert cursor.fetchone()[0] >= 0.9 * Incident.objects.count()

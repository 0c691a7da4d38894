"""Importing incident files: CSV, Parquet, WGS84, errors by line, skipping, idempotence."""

import datetime as dt

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from schakel.audit.models import AuditEntry
from schakel.incidents import services
from schakel.incidents.models import Incident, IncidentImport
from schakel.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

GOOD_CSV = """id,datetime,category,x,y
p-1,2024-03-01 22:15,Overlast,155000,463000
p-2,2024-03-02T10:00:00+01:00,vernieling,155100.5,463050
p-3,2024-07-02 01:30,woninginbraak,120000,487000
"""


def write(tmp_path, text, name="incidents.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_csv_is_imported_with_local_times_and_lower_case_categories(tmp_path):
    report = services.import_incidents(write(tmp_path, GOOD_CSV))
    assert report.status == IncidentImport.Status.IMPORTED
    assert (report.rows_read, report.rows_imported, report.rows_updated) == (3, 3, 0)
    first = Incident.objects.get(source_id="p-1")
    assert first.category == "overlast"
    assert (first.x, first.y) == (155000.0, 463000.0)
    # 22:15 in Amsterdam in March (winter time) is 21:15 UTC.
    assert first.occurred_at == dt.datetime(2024, 3, 1, 21, 15, tzinfo=dt.UTC)
    assert Incident.objects.get(source_id="p-2").occurred_at == dt.datetime(
        2024, 3, 2, 9, 0, tzinfo=dt.UTC
    )
    # Summer time: 01:30 local is 23:30 UTC the day before.
    assert Incident.objects.get(source_id="p-3").occurred_at == dt.datetime(
        2024, 7, 1, 23, 30, tzinfo=dt.UTC
    )
    assert Incident.objects.filter(occurred_at__date=dt.date(2024, 3, 1)).count() == 1


def test_good_parquet_is_imported_with_the_source_organisation(tmp_path):
    police = OrganisationFactory(name="Politie Lindewaard", kind=OrganisationKind.POLICE)
    frame = pd.DataFrame(
        {
            "ID": [101, 102],
            "datetime": pd.to_datetime(["2024-01-05 08:00", "2024-01-06 09:30"]),
            "category": ["straatroof", "overlast"],
            "x": [155000.0, 156000.0],
            "y": [463000.0, 464000.0],
            "source": ["politie lindewaard", str(police.pk)],
        }
    )
    path = tmp_path / "incidents.parquet"
    frame.to_parquet(path)
    report = services.import_incidents(path)
    assert report.status == IncidentImport.Status.IMPORTED, report.error_report
    assert report.rows_imported == 2
    incident = Incident.objects.get(source_id="101")
    assert incident.source_organisation == police
    assert incident.occurred_at == dt.datetime(2024, 1, 5, 7, 0, tzinfo=dt.UTC)


def test_wgs84_is_converted_to_rd_new(tmp_path):
    text = "id,datetime,category,lat,lon\namersfoort,2024-01-01,overlast,52.15517440,5.38720621\n"
    services.import_incidents(write(tmp_path, text))
    incident = Incident.objects.get(source_id="amersfoort")
    # The RD reference point in Amersfoort is x 155000, y 463000.
    assert incident.x == pytest.approx(155_000, abs=2)
    assert incident.y == pytest.approx(463_000, abs=2)


BAD_CSV = """id,datetime,category,x,y,source
ok-1,2024-03-01 22:15,overlast,155000,463000,
,2024-03-02,overlast,155100,463050,
bad-date,gisteren,overlast,155100,463050,
no-cat,2024-03-02,,155100,463050,
abroad,2024-03-02,overlast,9999999,463050,
nan,2024-03-02,overlast,abc,463050,
ok-1,2024-03-03,overlast,155000,463000,
who,2024-03-02,overlast,155000,463000,Nergens
ok-2,05-03-2024 12:00,overlast,155000,463000,
"""


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path):
    report = services.import_incidents(write(tmp_path, BAD_CSV))
    assert report.status == IncidentImport.Status.REJECTED
    assert report.error_count == 7
    assert Incident.objects.count() == 0
    lines = report.error_report.splitlines()
    assert lines == [
        "line 3: missing id",
        "line 4: date-time missing or not understood",
        "line 5: missing category",
        "line 6: coordinates outside the Netherlands (RD New x 0-300000, y 300000-625000)",
        "line 7: coordinates missing or not a number",
        "line 8: duplicate id (also on line 2)",
        "line 9: unknown source organisation",
    ]


def test_lat_lon_outside_the_netherlands_is_reported(tmp_path):
    text = "id,datetime,category,lat,lon\nparis,2024-01-01,overlast,48.8566,2.3522\n"
    report = services.import_incidents(write(tmp_path, text))
    assert report.error_report == "line 2: latitude/longitude outside the Netherlands"


def test_skip_invalid_imports_the_good_rows_only(tmp_path):
    report = services.import_incidents(write(tmp_path, BAD_CSV), skip_invalid=True)
    assert report.status == IncidentImport.Status.IMPORTED
    assert (report.rows_read, report.rows_imported, report.rows_skipped) == (9, 2, 7)
    assert set(Incident.objects.values_list("source_id", flat=True)) == {"ok-1", "ok-2"}
    # The first occurrence of a duplicated id is the one kept.
    assert Incident.objects.get(source_id="ok-1").occurred_at.date() == dt.date(2024, 3, 1)


def test_reimport_updates_instead_of_duplicating(tmp_path):
    services.import_incidents(write(tmp_path, GOOD_CSV))
    changed = GOOD_CSV.replace("Overlast,155000", "drugsoverlast,155020")
    report = services.import_incidents(write(tmp_path, changed, "again.csv"))
    assert (report.rows_imported, report.rows_updated) == (0, 3)
    assert Incident.objects.count() == 3
    incident = Incident.objects.get(source_id="p-1")
    assert (incident.category, incident.x) == ("drugsoverlast", 155020.0)


def test_rows_are_checked_across_chunks(tmp_path):
    rows = "".join(f"c-{i},2024-01-01,overlast,155000,463000\n" for i in range(25))
    text = "id,datetime,category,x,y\n" + rows + "c-3,2024-01-01,overlast,155000,463000\n"
    progress = []
    report = services.import_incidents(
        write(tmp_path, text),
        chunk_rows=10,
        progress=lambda phase, n, errors: progress.append((phase, n)),
    )
    assert report.error_report == "line 27: duplicate id (also on line 5)"
    assert progress == [("validate", 10), ("validate", 20), ("validate", 26)]


def test_semicolon_csv_with_decimal_commas_and_a_bom(tmp_path):
    text = "\ufeffid;datetime;category;x;y\ns-1;2024-01-01 10:00;overlast;155000,5;463000,25\n"
    report = services.import_incidents(write(tmp_path, text))
    assert report.status == IncidentImport.Status.IMPORTED, report.error_report
    assert Incident.objects.get(source_id="s-1").x == 155000.5


def test_a_file_without_the_needed_columns_fails_as_a_whole(tmp_path):
    report = services.import_incidents(write(tmp_path, "id,when,what\n1,2,3\n"))
    assert report.status == IncidentImport.Status.FAILED
    assert "datetime" in report.error_report


def test_every_import_is_audited_without_personal_data(tmp_path, analist):
    report = services.import_incidents(write(tmp_path, GOOD_CSV), by=analist)
    entry = AuditEntry.objects.get(object_type="incidents.import", object_id=str(report.pk))
    assert entry.action == "create"
    assert entry.username == "analist"
    assert "nieuw 3" in entry.detail


def test_import_command_rejects_bad_files_and_skips_when_asked(tmp_path, capsys):
    path = write(tmp_path, BAD_CSV)
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path))
    assert Incident.objects.count() == 0
    call_command("import_incidents", str(path), "--skip-invalid")
    out = capsys.readouterr().out
    assert "line 3: missing id" in out
    assert "2 new" in out
    assert Incident.objects.count() == 2


def test_import_command_sets_the_source_organisation(tmp_path):
    police = OrganisationFactory(name="Politie", kind=OrganisationKind.POLICE)
    call_command("import_incidents", str(write(tmp_path, GOOD_CSV)), "--source", "politie")
    assert Incident.objects.filter(source_organisation=police).count() == 3

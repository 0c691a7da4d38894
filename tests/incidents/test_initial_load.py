"""The initial load of a large incident file into an empty table (issue 10): on PostgreSQL the
rows go straight into the incident table inside the import's one transaction (no staging table),
its indexes and constraints dropped and built again. Whatever happens — a rejected file, a
database that refuses a row, a user who cancels — the table is left as it was, indexes included;
a clean load gives the same result as the staging path, and progress reported inside that
transaction is seen by the page at once.

Transactional: progress is written through a connection of its own, which must see the job."""

import datetime as dt
import threading
from types import SimpleNamespace

import pytest
from django.db import connection

from schakel.incidents import importer, jobs, services
from schakel.incidents.models import Incident, IncidentImport
from schakel.jobs import services as job_services
from schakel.jobs import tasks
from schakel.jobs.models import Job
from schakel.organisations.models import OrganisationKind, Role
from tests.factories import OrganisationFactory, make_user
from tests.incidents.test_import_bulk import _constraints, write

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 40


def rows(n=ROWS, prefix="r", source=""):
    return "".join(
        f"{prefix}-{i},2024-01-{1 + i % 28:02d} 12:00,cat-{i % 3},{155000 + i},463000{source}\n"
        for i in range(n)
    )


@pytest.fixture(autouse=True)
def large_from_ten_rows(monkeypatch):
    monkeypatch.setattr(services, "REBUILD_INDEXES_AFTER", 10)


def direct_load_used(monkeypatch) -> list:
    """Record each time the direct load began (it is PostgreSQL's path only)."""
    from schakel.incidents import loading

    began = []
    original = loading.PostgresDirectLoad.begin

    def begin(self, now):
        began.append(original(self, now))
        return began[-1]

    monkeypatch.setattr(loading.PostgresDirectLoad, "begin", begin)
    return began


def test_a_load_into_an_empty_table_keeps_the_first_of_a_repeated_id(tmp_path, monkeypatch):
    began = direct_load_used(monkeypatch)
    before = _constraints()
    text = "id,datetime,category,x,y\n" + rows() + "r-5,2024-02-01 12:00,overlast,156000,464000\n"
    text += "r-bad,gisteren,overlast,155000,463000\n"
    report = services.import_incidents(
        write(tmp_path, text, "first.csv"), skip_invalid=True, chunk_rows=15
    )
    assert report.status == IncidentImport.Status.IMPORTED, report.error_report
    assert (report.rows_read, report.rows_imported, report.rows_updated, report.rows_skipped) == (
        ROWS + 2,
        ROWS,
        0,
        2,
    )
    assert began == ([True] if connection.vendor == "postgresql" else [])
    assert Incident.objects.count() == ROWS
    assert Incident.objects.get(source_id="r-5").category == "cat-2"  # the first r-5
    assert _constraints() == before
    # The sequence is past every id the load used: a new incident and a re-import both work.
    Incident.objects.create(
        source_id="los", occurred_at="2024-05-01T10:00Z", category="x", x=155000, y=463000
    )
    again = services.import_incidents(write(tmp_path, text, "again.csv"), skip_invalid=True)
    assert (again.rows_imported, again.rows_updated) == (0, ROWS)
    assert Incident.objects.count() == ROWS + 1


def test_a_rejected_initial_load_leaves_the_table_as_it_was(tmp_path, monkeypatch):
    began = direct_load_used(monkeypatch)
    before = _constraints()
    text = "id,datetime,category,x,y\n" + rows() + "r-bad,gisteren,overlast,155000,463000\n"
    report = services.import_incidents(write(tmp_path, text, "bad.csv"), chunk_rows=15)
    assert report.status == IncidentImport.Status.REJECTED
    assert report.error_report == f"line {ROWS + 2}: date-time missing or not understood"
    assert began == ([True] if connection.vendor == "postgresql" else [])
    assert IncidentImport.objects.filter(pk=report.pk).exists()  # kept, though rolled back
    assert Incident.objects.count() == 0
    assert _constraints() == before


def _in_thread(call) -> None:
    def work():
        try:
            call()
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)


@pytest.fixture
def analyst(settings, tmp_path, monkeypatch):
    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"
    # Queued only: the test runs the job itself, after it has set up what it watches.
    monkeypatch.setattr(tasks, "run_job", SimpleNamespace(enqueue=lambda *args: None))
    return make_user(Role.ANALYST, "municipality")


def queued_import(user, tmp_path, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return job_services.start_job(
        kind=jobs.KIND,
        title="Incidenten",
        by=user,
        params={"file_name": "groot.csv"},
        upload=SimpleUploadedFile("groot.csv", text.encode()),
    )


def test_progress_inside_the_loads_transaction_is_seen_at_once(
    analyst, tmp_path, monkeypatch, settings
):
    """What the page polling the job reads (another connection) while the rows are checked and
    written: on PostgreSQL inside the initial load's transaction, on SQLite before it."""
    settings.SCHAKEL_INCIDENT_CHUNK_ROWS = 10
    monkeypatch.setattr(job_services, "PROGRESS_INTERVAL_SECONDS", 0)
    seen: list[int] = []
    original = services._checked_chunks

    def chunks_and_look(*args, **kwargs):
        for item in original(*args, **kwargs):
            # Each chunk's progress is written before the next one is taken.
            seen.append(_read_in_thread(lambda: Job.objects.get(pk=job.pk).done))
            yield item

    monkeypatch.setattr(services, "_checked_chunks", chunks_and_look)
    job = queued_import(analyst, tmp_path, "id,datetime,category,x,y\n" + rows())
    assert job_services.run(str(job.pk)) == "succeeded"
    assert Incident.objects.count() == ROWS
    assert seen == [0, 10, 20, 30]


def test_cancelling_an_initial_load_leaves_the_table_as_it_was(
    analyst, tmp_path, monkeypatch, settings
):
    settings.SCHAKEL_INCIDENT_CHUNK_ROWS = 10
    before = _constraints()
    monkeypatch.setattr(job_services, "PROGRESS_INTERVAL_SECONDS", 0)
    original = importer.validate_chunk

    def validate_then_cancel(frame, first_line, *args):
        if first_line > 20:  # the user clicks "stop" while the third chunk is checked
            _in_thread(lambda: Job.objects.filter(pk=job.pk).update(cancel_requested=True))
        return original(frame, first_line, *args)

    monkeypatch.setattr(importer, "validate_chunk", validate_then_cancel)
    job = queued_import(analyst, tmp_path, "id,datetime,category,x,y\n" + rows())
    assert job_services.run(str(job.pk)) == "cancelled"
    assert Incident.objects.count() == 0
    assert _constraints() == before


def _read_in_thread(call):
    result = {}

    def work():
        try:
            result["value"] = call()
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    return result["value"]


def test_every_value_arrives_as_written(tmp_path):
    """Rows go to PostgreSQL in its binary COPY format: text of any length and script, times to
    the microsecond, coordinates to the last bit, a source organisation or none."""
    police = OrganisationFactory(name="Politie", kind=OrganisationKind.POLICE)
    text = (
        "id,datetime,category,x,y,source\n"
        + rows(12, source=",")
        + "ü-€-1,2024-03-01T10:00:00.123456+01:00,één ‘overlast’,155000.123456789,463000.5,politie\n"
        + f"{'x' * 64},2024-03-02 10:00,{'c' * 64},155001,463001,\n"
    )
    report = services.import_incidents(write(tmp_path, text, "values.csv"), chunk_rows=5)
    assert report.status == IncidentImport.Status.IMPORTED, report.error_report
    special = Incident.objects.get(source_id="ü-€-1")
    assert special.category == "één ‘overlast’"
    assert special.occurred_at == dt.datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=dt.UTC)
    assert (special.x, special.y) == (155000.123456789, 463000.5)
    assert special.source_organisation == police
    long = Incident.objects.get(source_id="x" * 64)
    assert long.category == "c" * 64 and long.source_organisation is None
    assert Incident.objects.filter(source_organisation__isnull=True).count() == 13

"""Bad incident files end in a clear Dutch message naming the line and the reason, through the
service, the command and the web upload, and nothing is imported (issue 9)."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from schakel.incidents import services
from schakel.incidents.models import Incident, IncidentImport

pytestmark = pytest.mark.django_db

HEADER = "id,datetime,category,x,y\n"
GOOD_ROW = "p-1,2024-03-01 22:15,overlast,155000,463000\n"


def good_table(n: int = 3) -> pa.Table:
    return pa.table(
        {
            "id": [f"p-{i}" for i in range(n)],
            "datetime": ["2024-03-01 22:15"] * n,
            "category": ["overlast"] * n,
            "x": np.full(n, 155000.0),
            "y": np.full(n, 463000.0),
        }
    )


def parquet_bytes(table: pa.Table, tmp_path, **options) -> bytes:
    path = tmp_path / "written.parquet"
    pq.write_table(table, path, **options)
    return path.read_bytes()


def duplicate_columns(tmp_path) -> bytes:
    table = good_table()
    table = table.append_column("category", pa.array(["vernieling"] * 3))
    return parquet_bytes(table, tmp_path)


def damaged_page(tmp_path) -> bytes:
    data = bytearray(parquet_bytes(good_table(5000), tmp_path))
    middle = len(data) // 2
    for i in range(middle - 200, middle + 200):
        data[i] ^= 0xFF
    return bytes(data)


def binary_column(tmp_path) -> bytes:
    table = good_table(2).set_column(
        2, "category", pa.array([b"overlast", b"caf\xe9"], type=pa.binary())
    )
    return parquet_bytes(table, tmp_path)


def timestamps(tmp_path, *moments) -> bytes:
    n = len(moments)
    table = good_table(n).set_column(1, "datetime", pa.array(list(moments), pa.timestamp("us")))
    return parquet_bytes(table, tmp_path)


# (name, file contents as a function of tmp_path, a fragment of the expected message)
BAD_FILES = [
    ("dup.parquet", duplicate_columns, "meer dan eens"),
    ("damaged.parquet", damaged_page, "beschadigd"),
    ("binary.parquet", binary_column, "regel 2: tekst is geen UTF-8"),
    (
        "early.parquet",
        lambda p: timestamps(p, dt.datetime(2024, 1, 1), dt.datetime(1, 1, 1)),
        "regel 2: datum buiten de aannemelijke periode",
    ),
    (
        "late.parquet",
        lambda p: timestamps(p, dt.datetime(9999, 12, 31), dt.datetime(2024, 1, 1)),
        "regel 1: datum buiten de aannemelijke periode",
    ),
    (
        "latin1.csv",
        lambda p: (HEADER + GOOD_ROW + "p-2,2024-03-01,caf\xe9,155000,463000\n").encode("latin-1"),
        "geen UTF-8",
    ),
    (
        "long.csv",
        lambda p: (
            HEADER + GOOD_ROW + "p-2,2024-03-01," + "a" * 200 * 1024 + ",155000,463000\n"
        ).encode(),
        "regel 3: categorie langer dan 64 tekens",
    ),
    (
        "nul.csv",
        lambda p: (HEADER + GOOD_ROW + "p-\x002,2024-03-01,overlast,155000,463000\n").encode(),
        "regel 3: bevat een NUL-teken",
    ),
    (
        "future.csv",
        lambda p: (HEADER + GOOD_ROW + "p-2,2095-03-01,overlast,155000,463000\n").encode(),
        "regel 3: datum buiten de aannemelijke periode",
    ),
    (
        "compact.csv",
        lambda p: (HEADER + GOOD_ROW + "p-2,19900101,overlast,155000,463000\n").encode(),
        "regel 3: datum als JJJJMMDD geschreven",
    ),
]


@pytest.fixture(autouse=True)
def dutch():
    with override_settings(LANGUAGE_CODE="nl"):
        from django.utils import translation

        with translation.override("nl"):
            yield


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_by_the_service_with_its_reason(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    report = services.import_incidents(path)
    assert report.status in (IncidentImport.Status.FAILED, IncidentImport.Status.REJECTED)
    assert message in report.error_report
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_by_the_command(tmp_path, name, make, message, capsys):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path))
    assert message in capsys.readouterr().out
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_by_the_upload(
    client, analist, tmp_path, name, make, message, upload
):
    client.force_login(analist)
    response = upload(SimpleUploadedFile(name, make(tmp_path)))
    assert response.status_code == 200
    job = response.context["job"]
    assert job.status == "failed"
    # A row's error is shown in the job's table of lines and reasons; a file's in its message.
    shown = [job.message] + [f"regel {e['line']}: {e['reason']}" for e in job.errors]
    assert any(message in text for text in shown), shown
    page = response.content.decode()
    assert all(e["reason"] in page for e in job.errors)
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("skip", [False, True])
def test_skipping_invalid_rows_still_leaves_out_implausible_dates(tmp_path, skip):
    path = tmp_path / "dates.parquet"
    path.write_bytes(timestamps(tmp_path, dt.datetime(2024, 1, 1), dt.datetime(1, 1, 1)))
    report = services.import_incidents(path, skip_invalid=skip)
    assert list(Incident.objects.values_list("source_id", flat=True)) == (["p-0"] if skip else [])
    assert report.error_count == 1


# Files that are not incident files at all: no 500, a message, nothing imported.
NOT_INCIDENT_FILES = [
    ("empty.csv", b"", "leeg"),
    ("header.csv", HEADER.encode(), "geen rijen"),
    ("empty.parquet", b"", "leeg"),
    ("header.parquet", None, "geen rijen"),  # a Parquet file with the columns and no rows
    ("random.csv", bytes(np.random.default_rng(9).integers(0, 256, 4096, dtype=np.uint8)), ""),
    ("random.parquet", bytes(np.random.default_rng(9).integers(0, 256, 4096, dtype=np.uint8)), ""),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), NOT_INCIDENT_FILES, ids=[f[0] for f in NOT_INCIDENT_FILES]
)
def test_no_upload_gives_a_server_error(client, analist, tmp_path, name, content, message, upload):
    if content is None:
        content = parquet_bytes(good_table(0), tmp_path)
    client.force_login(analist)
    response = upload(SimpleUploadedFile(name, content))
    assert response.status_code == 200
    text = response.content.decode()
    assert "alert--error" in text or "errorlist" in text
    assert message in text
    assert Incident.objects.count() == 0


def test_a_file_with_the_wrong_extension_is_refused(client, analist):
    client.force_login(analist)
    upload = SimpleUploadedFile("incidents.xlsx", (HEADER + GOOD_ROW).encode())
    response = client.post(reverse("incidents:import"), {"file": upload})
    assert response.status_code == 200
    assert "Gebruik een .csv- of .parquet-bestand" in response.content.decode()
    assert Incident.objects.count() == 0

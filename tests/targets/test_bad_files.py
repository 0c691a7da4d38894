"""Bad registration extracts end in a clear Dutch message naming the line and the reason, through
the service, the command and the web upload, and nothing is imported (issue 9)."""

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from schakel.jobs.models import Job
from schakel.registry.models import Person
from schakel.targets.models import JudicialRegistration
from schakel.targets.registrations import import_registrations
from tests.targets.conftest import csv_text, registration_row


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def extract(*rows) -> bytes:
    return csv_text([registration_row(1), *rows]).encode("utf-8")


# (name, file contents, a fragment of the expected message)
BAD_EXTRACTS = [
    ("born-1800", extract(registration_row(2, date_of_birth="1800-05-01")), "regel 3: date_of_birth: Een geboortedatum ligt tussen 1900-01-01 en vandaag"),
    ("born-2090", extract(registration_row(2, date_of_birth="2090-05-01")), "regel 3: date_of_birth: Een geboortedatum ligt tussen"),
    ("offence-2095", extract(registration_row(2, offence_date="2095-01-10", decision="lopend", decision_date="")), "regel 3: offence_date: De datum ligt buiten de aannemelijke periode"),
    ("decision-1980", extract(registration_row(2, offence_date="1979-01-10", decision_date="1980-01-01")), "regel 3: decision_date: De datum ligt buiten"),
    ("compact-date", extract(registration_row(2, date_of_birth="19900101")), "regel 3: date_of_birth: datum als JJJJMMDD geschreven"),
    ("nul", extract(registration_row(2, surname="Ver\x00zonnen")), "regel 3: surname bevat een NUL-teken"),
    ("long-field", extract(registration_row(2, surname="a" * 200 * 1024)), "regel 3: Deze regel is geen leesbare CSV"),
    ("latin-1", csv_text([registration_row(1), registration_row(2, surname="Ca\xf1ete")]).encode("latin-1"), "geen UTF-8-tekst (regel 3)"),
]  # fmt: skip
IDS = [b[0] for b in BAD_EXTRACTS]


def _service(content: bytes):
    return import_registrations(content, by=None, source="OM")


@pytest.mark.parametrize(("name", "content", "message"), BAD_EXTRACTS, ids=IDS)
def test_a_bad_extract_is_refused_by_the_service(db, name, content, message):
    result = _service(content)
    assert not result.ok
    assert any(message in f"regel {e.line}: {e.message}" for e in result.errors), result.errors
    assert JudicialRegistration.objects.count() == 0
    assert Person.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "message"), BAD_EXTRACTS, ids=IDS)
def test_a_bad_extract_is_refused_by_the_command(db, tmp_path, capsys, name, content, message):
    path = tmp_path / "extract.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("import_registrations", str(path))
    assert message in capsys.readouterr().err
    assert JudicialRegistration.objects.count() == 0
    assert Person.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "message"), BAD_EXTRACTS, ids=IDS)
def test_a_bad_extract_is_refused_by_the_upload(
    upload_registrations, regisseur, name, content, message
):
    upload = SimpleUploadedFile("extract.csv", content, "text/csv")
    response = upload_registrations(regisseur, upload, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response.context["job"].status == Job.Status.FAILED  # the job's page says why
    if message.startswith("regel "):  # the page shows the line and the reason in two cells
        line, reason = message.removeprefix("regel ").split(": ", 1)
        message = f"<td>{line}</td><td>{reason}"
    assert message in response.content.decode()
    assert JudicialRegistration.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_plausible_extract_still_imports(db):
    rows = [registration_row(1, date_of_birth="1900-01-01"), registration_row(2)]
    assert _service(csv_text(rows).encode()).ok
    assert JudicialRegistration.objects.count() == 2


NOT_EXTRACTS = [
    ("empty.csv", b"", "leeg"),
    ("header.csv", csv_text([]).encode(), "geen rijen"),
    ("random.csv", bytes(np.random.default_rng(3).integers(0, 256, 4096, dtype=np.uint8)), ""),
    ("extract.xlsx", extract(), ".csv"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), NOT_EXTRACTS, ids=[n[0] for n in NOT_EXTRACTS]
)
def test_no_upload_gives_a_server_error(upload_registrations, regisseur, name, content, message):
    upload = SimpleUploadedFile(name, content, "text/csv")
    response = upload_registrations(regisseur, upload, HTTP_ACCEPT_LANGUAGE="nl")
    if response.status_code == 200:  # the file was accepted for a job, which refused it
        assert response.context["job"].status == Job.Status.FAILED
    else:  # the form refused it at once
        assert response.status_code == 400
    text = response.content.decode()
    assert "errorlist" in text or "alert--error" in text
    assert message in text
    assert JudicialRegistration.objects.count() == 0


def test_the_service_reads_text_as_well_as_bytes(db):
    assert import_registrations(io.StringIO(extract().decode()), by=None, source="OM").ok

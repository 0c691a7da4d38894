"""Documents in S3-compatible object storage (issue 12: "S3-compatible through django-storages by
environment variable"), against a real S3 server process (moto's), not a mock in this process:
stored under a name that tells nothing, private, handed out only by the audited download view,
and removed with their case."""

import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.config.storage import documents_s3_storage
from schakel.documents import services
from schakel.documents.models import Document
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

BUCKET = "schakel-documenten"
PDF = b"%PDF-1.7\n% verslag in de bucket\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint, timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the S3 server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_documents(s3_server, monkeypatch):
    """The documents storage as settings build it from the environment, on the S3 server."""
    env = {
        "SCHAKEL_DOCUMENTS_S3_BUCKET": BUCKET,
        "SCHAKEL_DOCUMENTS_S3_ENDPOINT": s3_server,
        "SCHAKEL_DOCUMENTS_S3_REGION": "eu-west-1",
        "SCHAKEL_DOCUMENTS_S3_ACCESS_KEY": "schakel",
        "SCHAKEL_DOCUMENTS_S3_SECRET_KEY": "schakel-geheim",
    }
    config = documents_s3_storage(env)
    storage = storages.create_storage(config)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-1",
        aws_access_key_id="schakel",
        aws_secret_access_key="schakel-geheim",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    # The field's storage is resolved when the model is loaded: put the S3 one in its place.
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_the_environment_selects_s3_for_documents_only():
    config = documents_s3_storage({"SCHAKEL_DOCUMENTS_S3_BUCKET": "b"})
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert options["location"] == "documents"


def test_a_document_is_kept_in_the_bucket_and_downloaded_through_schakel(
    s3_documents, regisseur, client
):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    document = services.store(
        by=regisseur,
        upload=SimpleUploadedFile("verslag Jansen.pdf", PDF),
        title="Verslag",
        data_category="general",
        case=case,
    )
    (stored,) = s3_documents.list_objects_v2(Bucket=BUCKET)["Contents"]
    # Under a random name that tells nothing of the user's file name, below the prefix.
    assert stored["Key"].startswith("documents/") and str(document.pk) in stored["Key"]
    assert "Jansen" not in stored["Key"]
    assert s3_documents.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == PDF
    # Private: no grant to everyone.
    grants = s3_documents.get_object_acl(Bucket=BUCKET, Key=stored["Key"])["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]

    client.force_login(regisseur)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="download", object_id=str(document.pk)).exists()


def test_deleting_a_documents_file_removes_the_object(s3_documents, regisseur):
    """What retention does once a destruction commits (privacy/destruction.py): storage.delete."""
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    document = services.store(
        by=regisseur,
        upload=SimpleUploadedFile("foto.pdf", PDF),
        title="",
        data_category="general",
        case=case,
    )
    storage = Document._meta.get_field("file").storage
    assert storage.exists(document.file.name)
    storage.delete(document.file.name)
    assert not s3_documents.list_objects_v2(Bucket=BUCKET).get("Contents")


def test_the_settings_switch_to_s3_when_a_bucket_is_set():
    from tests.processes import ROOT

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import storages; "
        "print(settings.STORAGES['documents']['BACKEND'], type(storages['documents']).__name__)"
    )
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "schakel.config.settings.test",
        "PYTHONPATH": str(ROOT / "src"),
        "SCHAKEL_DOCUMENTS_S3_BUCKET": "schakel-documenten",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["storages.backends.s3.S3Storage", "S3Storage"]

"""Keeping documents: files are checked by their content and size, stored outside the web root
under a name that tells nothing, and refused with a reason the user reads."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from schakel.audit.models import AuditEntry
from schakel.documents import services
from schakel.documents.models import Document
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.fixture
def case(regisseur):
    return CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)


def store(case, user, name, content, category="general"):
    return services.store(
        by=user, upload=SimpleUploadedFile(name, content), title="", data_category=category,
        case=case,
    )  # fmt: skip


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("rapport.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("foto.png", None, "image/png"),
        ("brief.odt", None, "application/vnd.oasis.opendocument.text"),
        ("misleidend.txt", b"%PDF-1.4 echt een pdf", "application/pdf"),  # content, not the name
    ],
)
def test_accepted_files_are_known_by_their_content(case, regisseur, name, content, content_type):
    content = content or (png_bytes() if name.endswith(".png") else odt_bytes())
    document = store(case, regisseur, name, content)
    assert document.content_type == content_type
    assert document.size == len(content)
    # Stored outside the web root, under a name that carries nothing of the user's file name.
    path = document.file.path
    assert path.startswith(str(settings.SCHAKEL_DOCUMENTS_DIR))
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert name.split(".")[0] not in document.file.name
    assert str(document.pk) in document.file.name


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("script.html", b"<html><script>alert(1)</script>", "This kind of file is not accepted"),
        ("vals.png", b"\x89PNG\r\n\x1a\n-kapot-", "The image is damaged"),
        ("programma.pdf", b"MZ\x90\x00 niet echt", "This kind of file is not accepted"),
    ],
)
def test_other_files_are_refused_with_the_reason(case, regisseur, name, content, reason):
    with pytest.raises(ValidationError) as refused:
        store(case, regisseur, name, content)
    assert reason in refused.value.messages[0]
    assert not Document.objects.exists()


@override_settings(SCHAKEL_DOCUMENT_MAX_MB=1)
def test_a_file_too_large_is_refused(case, regisseur):
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        store(case, regisseur, "groot.pdf", b"%PDF-" + b"0" * (1024 * 1024))


def test_the_upload_form_reports_a_refused_file_in_the_page(case, regisseur, client):
    client.force_login(regisseur)
    upload = SimpleUploadedFile("kwaad.html", b"<script>alert(1)</script>")
    response = client.post(
        reverse("documents:case", args=[case.pk]),
        {"file": upload, "title": "", "data_category": "general"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "Dit soort bestand wordt niet aangenomen" in response.content.decode()


def test_adding_and_downloading_are_logged_without_the_file_name(case, regisseur, client):
    client.force_login(regisseur)
    upload = SimpleUploadedFile("verslag-Jansen.pdf", b"%PDF-1.4 verslag")
    response = client.post(
        reverse("documents:case", args=[case.pk]),
        {"file": upload, "title": "Verslag huisbezoek", "data_category": "general"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert str(document.pk) not in response["Location"]  # the section, not the file
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert 'filename="verslag-Jansen.pdf"' in download["Content-Disposition"]
    entries = AuditEntry.objects.filter(object_id=str(document.pk))
    assert {e.action for e in entries} == {"create", "download"}
    assert all("Jansen" not in e.detail for e in entries)
    assert all(e.detail == f"casus {case.pk}" for e in entries)


def test_the_api_adds_a_document_to_a_case(case, regisseur):
    api = APIClient()
    api.force_authenticate(regisseur)
    upload = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = api.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"file": upload, "title": "Foto voordeur", "data_category": "general"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "image/png" and body["title"] == "Foto voordeur"
    content = api.get(body["content"])
    assert content.status_code == 200 and b"".join(content.streaming_content) == png_bytes()
    wrong = api.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"file": SimpleUploadedFile("x.exe", b"MZ"), "data_category": "general"},
        format="multipart",
    )
    assert wrong.status_code == 400
    assert wrong["Content-Type"].startswith("application/problem+json")


def test_the_documents_section_costs_the_same_queries_for_one_document_or_five(
    case, regisseur, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(regisseur)
    url = reverse("documents:case", args=[case.pk])
    client.get(url)  # the log-in's session is saved on the first request
    counts = []
    for total in (1, 5):
        while Document.objects.count() < total:
            store(case, regisseur, "stuk.pdf", b"%PDF-1.4 stuk")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]  # no query per document (its organisation is joined)


def test_a_closed_case_takes_no_new_document_and_says_so(case, regisseur, client):
    case.status = "closed"
    case.save()
    client.force_login(regisseur)
    upload = SimpleUploadedFile("stuk.pdf", b"%PDF-1.4 stuk")
    response = client.post(
        reverse("documents:case", args=[case.pk]),
        {"file": upload, "title": "", "data_category": "general"},
        follow=True,
    )
    assert "This case is closed" in response.content.decode()
    assert not Document.objects.exists()

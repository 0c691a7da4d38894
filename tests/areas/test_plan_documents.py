"""A hot-spot plan keeps its documents — the signed plan, covenants, the partners' sign-off letters
(issue 12: "no signed plans" anywhere) — under the documents' rules: every area user sees the
plan, the data category decides, and every download is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.documents import services
from schakel.documents.models import Document
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.factories import UserFactory, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% convenant\n"


def _user(organisation, username, role=Role.PROFESSIONAL):
    user = UserFactory(username=username, organisation=organisation, role=role)
    user.save()
    return user


def _upload(client, plan, category="general", title="Ondertekend plan"):
    return client.post(
        reverse("documents:plan", args=[plan.pk]),
        {
            "title": title,
            "data_category": category,
            "file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_the_director_keeps_the_signed_plan_and_a_partner_downloads_it(
    client, gebiedsregisseur, plan, partners
):
    client.force_login(gebiedsregisseur)
    assert _upload(client, plan).status_code == 302
    document = Document.objects.get(plan=plan)
    assert document.title == "Ondertekend plan" and document.case_id is None
    client.force_login(_user(partners["police"], "wijkagent"))
    page = client.get(reverse("documents:plan", args=[plan.pk])).content.decode()
    assert "Ondertekend plan" in page
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="download", object_id=str(document.pk), detail=f"plan {plan.pk}"
    ).exists()


def test_a_partner_of_the_plan_adds_its_sign_off_letter_but_an_outsider_may_not(
    client, plan, partners
):
    client.force_login(_user(partners["gemeente"], "handhaver"))
    assert _upload(client, plan, title="Akkoord gemeente").status_code == 302
    outsider = make_user(Role.PROFESSIONAL, K.HOUSING, "corporatie-x", "Andere corporatie")
    client.force_login(outsider)
    assert _upload(client, plan, title="Van buiten").status_code == 403
    assert list(Document.objects.values_list("title", flat=True)) == ["Akkoord gemeente"]


def test_the_data_category_decides_who_sees_a_plan_document(
    gebiedsregisseur, plan, partners, client
):
    justice = services.store(
        by=_user(partners["police"], "recherche"),
        upload=SimpleUploadedFile("pv.pdf", PDF),
        title="Bestuurlijke rapportage",
        data_category="justice",
        plan=plan,
    )
    housing = make_user(Role.PROFESSIONAL, K.HOUSING, "corporatie-y", "Corporatie")
    assert not Document.objects.visible_to(housing).filter(pk=justice.pk).exists()
    client.force_login(housing)
    assert client.get(reverse("documents:download", args=[justice.pk])).status_code == 404


def test_an_analyst_sees_no_plan_documents(client, gebiedsregisseur, plan):
    client.force_login(gebiedsregisseur)
    _upload(client, plan)
    analyst = make_user(Role.ANALYST, K.MUNICIPALITY, "analist-d", "Gemeente analyse")
    assert not Document.objects.visible_to(analyst).exists()


def test_the_plan_page_links_its_documents(client, gebiedsregisseur, plan):
    client.force_login(gebiedsregisseur)
    page = client.get(reverse("areas:plan", args=[plan.pk])).content.decode()
    assert reverse("documents:plan", args=[plan.pk]) in page

"""Documents kept with a signal (what the reporter sends along, what the Veiligheidshuis gathers
while it triages) and with an intervention (the warning sent, the decision taken): who may add
them, the audited download, and their destruction with the signal or the case (issue 12).

Who may *see* them, role by role and category by category, is in
tests/access/test_document_matrix.py."""

import os

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.audit.models import AuditEntry
from schakel.cases.workflow import CaseStatus
from schakel.documents import services
from schakel.documents.models import Document
from schakel.intake.workflow import SignalStatus
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.privacy.destruction import destroy_expired
from tests.factories import CaseFactory, InterventionFactory, SignalFactory, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% bijlage\n"


def _post(client, url_name, pk, title="Bijlage", category="general"):
    return client.post(
        reverse(url_name, args=[pk]),
        {
            "title": title,
            "data_category": category,
            "file": SimpleUploadedFile("bijlage.pdf", PDF, content_type="application/pdf"),
        },
    )


def _store(by, category="general", **owner):
    return services.store(
        by=by, upload=SimpleUploadedFile("stuk.pdf", PDF), title="Stuk", data_category=category,
        **owner,
    )  # fmt: skip


@pytest.fixture
def signal(regisseur, politie):
    """Reported by the police, received by the regisseur's Veiligheidshuis."""
    return SignalFactory(
        reporting_organisation=politie.organisation,
        receiving_organisation=regisseur.organisation,
        reported_by=politie,
    )


@pytest.fixture
def case(regisseur, politie, wijkteam):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        participants=[politie.organisation, wijkteam.organisation],
    )


@pytest.fixture
def intervention(case, politie):
    """An intervention on the case owned by the police (an administrative one: general)."""
    from schakel.plans.models import InterventionType

    return InterventionFactory(
        plan__case=case,
        type=InterventionType.objects.filter(domain="administrative").order_by("pk").first(),
        owner_organisation=politie.organisation,
    )


# Adding to a signal


def test_the_reporter_sends_a_document_along_and_the_safety_house_downloads_it(
    client, signal, politie, regisseur
):
    client.force_login(politie)
    response = _post(client, "documents:signal", signal.pk, title="Proces-verbaal")
    assert response.status_code == 302
    document = Document.objects.get(signal=signal)
    assert (document.title, document.organisation) == ("Proces-verbaal", politie.organisation)
    assert document.case_id is None and document.intervention_id is None
    client.force_login(regisseur)
    assert "Proces-verbaal" in client.get(reverse("documents:signal", args=[signal.pk])).text
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    entry = AuditEntry.objects.get(action="download", object_id=str(document.pk))
    assert (entry.username, entry.detail) == ("regisseur", f"signaal {signal.pk}")


def test_the_safety_house_adds_while_it_handles_the_signal(client, signal, regisseur):
    client.force_login(regisseur)
    signal.status = SignalStatus.CASE_OPENED  # staff keep adding, whatever the status
    signal.save()
    assert _post(client, "documents:signal", signal.pk, category="care").status_code == 302
    assert Document.objects.get(signal=signal).data_category == "care"


@pytest.mark.parametrize("status", [SignalStatus.RECEIVED, SignalStatus.TRIAGED])
def test_the_reporter_adds_while_the_signal_awaits_or_has_had_triage(
    client, signal, politie, status
):
    signal.status = status
    signal.save()
    client.force_login(politie)
    assert _post(client, "documents:signal", signal.pk).status_code == 302


@pytest.mark.parametrize(
    "status", [SignalStatus.CASE_OPENED, SignalStatus.DISMISSED, SignalStatus.REFERRED]
)
def test_the_reporter_no_longer_adds_once_the_signal_is_handled(client, signal, politie, status):
    signal.status = status
    signal.save()
    client.force_login(politie)
    page = client.get(reverse("documents:signal", args=[signal.pk]))
    assert page.status_code == 200 and 'type="file"' not in page.text  # no form offered
    assert _post(client, "documents:signal", signal.pk).status_code == 403
    assert not Document.objects.filter(signal=signal).exists()


def test_who_does_not_see_the_signal_gets_the_answer_of_a_signal_that_does_not_exist(
    client, signal, wijkteam
):
    client.force_login(wijkteam)
    assert _post(client, "documents:signal", signal.pk).status_code == 404
    assert client.get(reverse("documents:signal", args=[signal.pk])).status_code == 404
    assert client.get(reverse("documents:signal", args=[987654])).status_code == 404
    assert not Document.objects.exists()


def test_a_colleague_of_another_safety_house_may_not_add(client, signal):
    other = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur-elders", "Ander huis")
    client.force_login(other)
    assert _post(client, "documents:signal", signal.pk).status_code == 404
    assert not Document.objects.exists()


def test_the_reporter_may_not_add_in_a_category_it_may_not_see(client, signal, politie):
    client.force_login(politie)
    assert _post(client, "documents:signal", signal.pk, category="care").status_code == 400
    assert not Document.objects.exists()


def test_the_signal_page_links_its_documents(client, signal, politie):
    client.force_login(politie)
    page = client.get(reverse("intake:detail", args=[signal.pk])).text
    assert reverse("documents:signal", args=[signal.pk]) in page


def test_a_signal_document_is_read_through_the_api_and_its_download_audited(
    signal, politie, regisseur
):
    document = _store(politie, signal=signal)
    api = APIClient()
    api.force_authenticate(regisseur)
    listed = api.get("/api/v1/documents", {"signal": signal.pk}).json()
    assert [row["id"] for row in listed["results"]] == [str(document.pk)]
    content = api.get(f"/api/v1/documents/{document.pk}/content")
    assert content.status_code == 200 and b"".join(content.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="download", object_id=str(document.pk), detail=f"signaal {signal.pk}"
    ).exists()


# Adding to an intervention


def test_the_owning_partner_adds_to_its_intervention_and_the_case_reads_it(
    client, intervention, politie, wijkteam
):
    client.force_login(politie)
    response = _post(client, "documents:intervention", intervention.pk, title="Waarschuwing")
    assert response.status_code == 302
    document = Document.objects.get(intervention=intervention)
    assert document.case_id is None and document.signal_id is None
    client.force_login(wijkteam)  # takes part in the case, sees the (general) intervention
    page = client.get(reverse("documents:intervention", args=[intervention.pk])).text
    assert "Waarschuwing" in page and 'type="file"' not in page
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    entry = AuditEntry.objects.get(action="download", object_id=str(document.pk))
    assert (entry.username, entry.detail) == ("wijkteam", f"interventie {intervention.pk}")


def test_the_case_director_adds_to_any_intervention_of_the_case(client, intervention, regisseur):
    client.force_login(regisseur)
    assert _post(client, "documents:intervention", intervention.pk).status_code == 302


def test_a_partner_who_does_not_report_on_the_intervention_may_not_add(
    client, intervention, wijkteam
):
    client.force_login(wijkteam)
    assert _post(client, "documents:intervention", intervention.pk).status_code == 403
    assert not Document.objects.exists()


def test_who_does_not_see_the_intervention_gets_404(client, intervention, corporatie):
    client.force_login(corporatie)  # not in the case
    assert _post(client, "documents:intervention", intervention.pk).status_code == 404
    assert client.get(reverse("documents:intervention", args=[intervention.pk])).status_code == 404
    assert not Document.objects.exists()


def test_nothing_is_added_to_an_intervention_of_a_closed_case(client, intervention, politie):
    case = intervention.plan.case
    case.status = CaseStatus.CLOSED
    case.save()
    client.force_login(politie)
    assert _post(client, "documents:intervention", intervention.pk).status_code == 403
    assert not Document.objects.exists()


def test_the_interventions_of_the_case_plan_link_their_documents(client, intervention, politie):
    client.force_login(politie)
    page = client.get(reverse("cases:plan", args=[intervention.plan.case_id])).text
    assert reverse("documents:intervention", args=[intervention.pk]) in page


# Retention


def test_a_signal_s_documents_are_destroyed_with_it(
    signal, politie, django_capture_on_commit_callbacks
):
    signal.status = SignalStatus.DISMISSED
    signal.save()
    document = _store(politie, signal=signal)
    path = document.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        result = destroy_expired(timezone.now() + relativedelta(months=13))
    assert len(result.destroyed) == 1 and not result.failed
    assert result.destroyed[0].dependent_counts["documents.document"] == 1
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)  # the file too, once the deletion is committed


def test_a_finished_case_takes_its_signal_s_and_interventions_documents_with_it(
    regisseur, politie, signal, django_capture_on_commit_callbacks
):
    signal.status = SignalStatus.CASE_OPENED
    signal.save()
    case = CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        status=CaseStatus.CLOSED,
        source_signal=signal,
    )
    intervention = InterventionFactory(plan__case=case)
    documents = [
        _store(politie, signal=signal),
        _store(regisseur, intervention=intervention),
        _store(regisseur, case=case),
    ]
    paths = [d.file.path for d in documents]
    with django_capture_on_commit_callbacks(execute=True):
        result = destroy_expired(timezone.now() + relativedelta(years=6))
    assert len(result.destroyed) == 1 and not result.failed
    assert not Document.objects.exists()
    assert [os.path.exists(p) for p in paths] == [False, False, False]


def test_a_destruction_that_fails_keeps_the_files(
    signal, politie, monkeypatch, django_capture_on_commit_callbacks
):
    """Rolled back: the document's row and its file both stay (the file goes on commit only)."""
    from django.db.models import ProtectedError

    from schakel.privacy import destruction

    signal.status = SignalStatus.DISMISSED
    signal.save()
    document = _store(politie, signal=signal)

    def fail(*args, **kwargs):
        raise ProtectedError("something new refers to it", {politie})

    monkeypatch.setattr(destruction, "_destroy_unreferenced_persons", fail)
    with django_capture_on_commit_callbacks(execute=True):
        result = destroy_expired(timezone.now() + relativedelta(months=13))
    assert result.failed and not result.destroyed
    assert Document.objects.filter(pk=document.pk).exists()
    assert os.path.exists(document.file.path)

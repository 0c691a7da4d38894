"""A data subject's access request: one export of everything about a person and who looked."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.cases.workflow import CaseStatus
from schakel.privacy.access_request import export_person
from tests.factories import (
    VALID_BSNS,
    CaseFactory,
    CaseNoteFactory,
    PersonFactory,
    SignalFactory,
)

pytestmark = pytest.mark.django_db


def _unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


@pytest.fixture
def subject_and_other(politie):
    subject = PersonFactory(given_names="Sanne", surname="Inzager", bsn=VALID_BSNS[2])
    other = PersonFactory(given_names="Otto", surname="Anderman", bsn=VALID_BSNS[3])
    case = CaseFactory(
        status=CaseStatus.EXECUTION, persons=[subject], participants=[politie.organisation]
    )
    CaseNoteFactory(case=case, text="Huisbezoek: Sanne heeft hulp nodig bij schulden.")
    signal = SignalFactory(description="Zorgen over Sanne")
    signal.persons.add(subject)
    other_case = CaseFactory(status=CaseStatus.EXECUTION, persons=[other])
    CaseNoteFactory(case=other_case, text="Geheime notitie over Otto.")
    return subject, other, case


def test_the_export_holds_the_case_notes_and_who_looked_earlier(
    client_for, auditor, politie, subject_and_other
):
    subject, other, case = subject_and_other
    # An earlier read of the person's data by a police officer, recorded as every read is.
    client_for(politie).get(reverse("registry:detail", args=[subject.pk]))
    assert AuditEntry.objects.filter(user_id_ref=politie.pk, person_id_ref=subject.pk).exists()

    response = client_for(auditor).get(reverse("privacy:access_request", args=[subject.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = _unzip(response.content)
    assert set(files) >= {
        "samenvatting.txt",
        "persoon.json",
        "meldingen.json",
        "casussen.json",
        "overige-gegevens.json",
        "wie-heeft-ingezien.json",
    }
    cases = json.loads(files["casussen.json"])
    assert [c["reference"] for c in cases] == [case.reference]
    assert "Huisbezoek: Sanne heeft hulp nodig bij schulden." in cases[0]["notes"][0]["text"]
    assert json.loads(files["meldingen.json"])[0]["description"] == "Zorgen over Sanne"
    assert json.loads(files["persoon.json"])["bsn"] == VALID_BSNS[2]
    looked = json.loads(files["wie-heeft-ingezien.json"])
    police_reads = [e for e in looked if e["who"] == "politie"]
    assert police_reads and police_reads[0]["on_behalf_of"] == "Test police"
    assert police_reads[0]["purpose"] and police_reads[0]["action"] == AuditAction.VIEW
    assert "Test police" in files["samenvatting.txt"]


def test_another_persons_data_is_not_in_the_export(auditor, subject_and_other):
    subject, other, _case = subject_and_other
    everything = "".join(_unzip(export_person(auditor, subject.pk)).values())
    for foreign in ("Otto", "Anderman", VALID_BSNS[3], "Geheime notitie"):
        assert foreign not in everything


def test_the_export_itself_is_audited(auditor, subject_and_other):
    subject, _other, _case = subject_and_other
    export_person(auditor, subject.pk)
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.user_id_ref == auditor.pk
    assert entry.person_id_ref == subject.pk
    assert entry.purpose == Purpose.ACCESS_REQUEST


@pytest.mark.parametrize("role", ["regisseur", "politie", "analist"])
def test_nobody_but_the_privacy_officer_can_produce_it(
    request, client_for, role, subject_and_other
):
    subject, _other, _case = subject_and_other
    client = client_for(request.getfixturevalue(role))
    response = client.get(reverse("privacy:access_request", args=[subject.pk]))
    assert response.status_code in (403, 404)
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_unknown_person_is_404(client_for, auditor):
    assert (
        client_for(auditor).get(reverse("privacy:access_request", args=[999999])).status_code == 404
    )


def test_records_without_a_reverse_accessor_are_in_the_export(
    auditor, regisseur, subject_and_other
):
    from tests.privacy.test_retention import _bottleneck

    subject, _other, _case = subject_and_other
    _bottleneck(subject, regisseur)
    others = json.loads(_unzip(export_person(auditor, subject.pk))["overige-gegevens.json"])
    assert others["targets.bottleneck"][0]["description"] == "Knelpunt huisvesting"
    assert "cases.case_persons" not in others


def _statement(signal, **typed):
    from schakel.registry.models import ReportedSubject

    statement = ReportedSubject.objects.create(
        reported_by=signal.reported_by, organisation=signal.reporting_organisation, **typed
    )
    signal.reported_subjects.add(statement)
    return statement


def test_statements_carrying_the_persons_bsn_are_in_the_export_and_anothers_bsn_is_not(
    auditor, subject_and_other
):
    """Review findings: a pending statement with the person's BSN was missing (AVG art. 15), and a
    statement linked to the person carried another person's BSN into the export."""
    subject, _other, _case = subject_and_other
    signal = SignalFactory()
    _statement(signal, given_names="Sanne", surname="Getypt", bsn=VALID_BSNS[2])
    _statement(signal, given_names="S.", surname="Anders-getypt", bsn=VALID_BSNS[3], person=subject)
    everything = "".join(_unzip(export_person(auditor, subject.pk)).values())
    assert "Getypt" in everything and "Anders-getypt" in everything
    assert VALID_BSNS[3] not in everything
    assert VALID_BSNS[3][-4:] in everything  # masked, recognisable


def test_the_documents_kept_with_the_persons_cases_are_copied_into_the_export(
    auditor, regisseur, subject_and_other
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schakel.documents.services import store

    _subject, other, case = subject_and_other
    content = b"%PDF-1.4 verslag over Sanne"
    document = store(
        by=regisseur, upload=SimpleUploadedFile("verslag.pdf", content), title="Verslag",
        data_category="general", case=case,
    )  # fmt: skip
    store(
        by=regisseur, upload=SimpleUploadedFile("otto.pdf", b"%PDF-1.4 over Otto"),
        title="Over Otto", data_category="general", case=other.cases.get(),
    )  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(export_person(auditor, _subject.pk))) as archive:
        path = f"documenten/{case.reference}/{document.pk}.pdf"
        assert archive.read(path) == content
        listed = json.loads(archive.read("casussen.json"))[0]["documents"]
        assert listed == [
            {
                "title": "Verslag", "data_category": "general", "content_type": "application/pdf",
                "size": len(content), "added_at": listed[0]["added_at"],
                "organisation": str(regisseur.organisation), "file": path,
            }
        ]  # fmt: skip
        assert not any("Otto" in name for name in archive.namelist())
        assert all(b"Otto" not in archive.read(name) for name in archive.namelist())


def test_the_documents_of_the_persons_signals_and_interventions_are_copied_too(
    auditor, regisseur, subject_and_other
):
    """AVG art. 15(3): a copy of every document about the person — also those kept with a signal
    about them and with an intervention of their case (issue 12's documents on those owners)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from schakel.documents.models import Document
    from tests.factories import ActionPlanFactory, InterventionFactory

    subject, _other, case = subject_and_other
    signal = subject.signals.get()
    intervention = InterventionFactory(plan=ActionPlanFactory(case=case))
    made = {}
    for owner, name, content in (
        ({"signal": signal}, "melding.pdf", b"%PDF-1.4 foto bij de melding"),
        ({"intervention": intervention}, "brief.pdf", b"%PDF-1.4 waarschuwingsbrief"),
    ):
        document = Document(
            title=name, original_name=name, content_type="application/pdf", extension=".pdf",
            size=len(content), sha256="0" * 64, data_category="general", uploaded_by=regisseur,
            organisation=regisseur.organisation, uploaded_at=timezone.now(), **owner,
        )  # fmt: skip
        document.file.save("x", SimpleUploadedFile(name, content), save=False)
        document.save()
        made[name] = (document, content)
    with zipfile.ZipFile(io.BytesIO(export_person(auditor, subject.pk))) as archive:
        signal_doc, signal_content = made["melding.pdf"]
        assert archive.read(f"documenten/{signal.reference}/{signal_doc.pk}.pdf") == signal_content
        plan_doc, plan_content = made["brief.pdf"]
        assert archive.read(f"documenten/{case.reference}/{plan_doc.pk}.pdf") == plan_content
        signals = json.loads(archive.read("meldingen.json"))
        assert [d["title"] for d in signals[0]["documents"]] == ["melding.pdf"]
        cases = json.loads(archive.read("casussen.json"))
        assert "brief.pdf" in [d["title"] for d in cases[0]["documents"]]

"""Retention: records past their period are deleted with what hangs off them, and logged without
personal data; records inside it, and persons still referenced elsewhere, remain."""

import datetime
import json
import os

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.selectors import verify_stored_chain
from schakel.cases.models import Case, CaseEvent, CaseNote
from schakel.cases.workflow import CaseStatus
from schakel.conferences.models import ActionReview, Decision
from schakel.intake.models import Signal
from schakel.intake.workflow import SignalStatus
from schakel.linkage.models import EncodedPerson
from schakel.organisations.models import OrganisationKind
from schakel.plans.models import Intervention
from schakel.privacy.destruction import destroy_expired
from schakel.privacy.models import DestructionRecord
from schakel.privacy.retention import expired_records
from schakel.registry.models import Person
from schakel.targets.models import (
    JudicialDecision,
    JudicialRegistration,
    OffenceCategory,
    PersonReference,
)
from tests.factories import (
    VALID_BSNS,
    CaseFactory,
    CaseNoteFactory,
    ConferenceFactory,
    InterventionFactory,
    OrganisationFactory,
    PersonFactory,
    SignalFactory,
)

pytestmark = pytest.mark.django_db

SIX_YEARS_ON = relativedelta(years=6)
FOUR_YEARS_ON = relativedelta(years=4)


def _rows(table: str, column: str, value) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = %s", [value])  # noqa: S608
        return cursor.fetchone()[0]


def _finished_case_with_everything(person):
    signal = SignalFactory(status=SignalStatus.CASE_OPENED)
    signal.persons.add(person)
    case = CaseFactory(status=CaseStatus.CLOSED, source_signal=signal, persons=[person])
    CaseNoteFactory(case=case, text="Gesprek met moeder over schulden")
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        from_status=CaseStatus.AFTERCARE,
        to_status=CaseStatus.CLOSED,
        description="afgesloten",
        actor=case.coordinator,
    )
    intervention = InterventionFactory(plan__case=case)
    conference = ConferenceFactory(host_organisation=case.host_organisation)
    Decision.objects.create(
        conference=conference, case=case, text="Besluit", recorded_by=case.coordinator
    )
    ActionReview.objects.create(
        conference=conference,
        intervention=intervention,
        reason=ActionReview.Reason.OTHER,
        recorded_by=case.coordinator,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schakel.documents.services import store

    store(
        by=case.coordinator, upload=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag"),
        title="Verslag", data_category="general", case=case,
    )  # fmt: skip
    return case


def test_a_finished_case_past_its_period_is_deleted_with_everything_hanging_off_it(
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(given_names="Karel", surname="Vergeten", bsn=VALID_BSNS[0])
    case = _finished_case_with_everything(person)
    EncodedPerson.objects.create(
        person=person, clk="AAAA", key_label="test", uploaded_by=case.coordinator
    )
    signal_id, intervention_id = case.source_signal_id, Intervention.objects.get().pk
    from schakel.documents.models import Document

    document_file = Document.objects.get(case=case).file.path

    with django_capture_on_commit_callbacks(execute=True):
        result = destroy_expired(timezone.now() + SIX_YEARS_ON)

    assert len(result.destroyed) == 1 and not result.failed
    assert _rows("cases_case", "id", case.pk) == 0
    assert _rows("cases_casenote", "case_id", case.pk) == 0
    assert _rows("cases_caseevent", "case_id", case.pk) == 0
    assert _rows("conferences_decision", "case_id", case.pk) == 0
    assert _rows("conferences_actionreview", "intervention_id", intervention_id) == 0
    assert _rows("plans_intervention", "id", intervention_id) == 0
    assert _rows("intake_signal", "id", signal_id) == 0
    assert _rows("registry_person", "id", person.pk) == 0
    assert _rows("linkage_encodedperson", "person_id", person.pk) == 0
    assert _rows("documents_document", "case_id", case.pk) == 0
    assert not os.path.exists(document_file)  # the file too, once the deletion is committed


def test_a_case_inside_its_period_remains():
    person = PersonFactory()
    case = _finished_case_with_everything(person)
    open_case = CaseFactory(status=CaseStatus.EXECUTION, persons=[PersonFactory()])

    result = destroy_expired(timezone.now() + FOUR_YEARS_ON)

    assert result.destroyed == []
    assert Case.objects.filter(pk__in=[case.pk, open_case.pk]).count() == 2
    assert CaseNote.objects.filter(case=case).exists()
    # An open case never expires, however old.
    destroy_expired(timezone.now() + relativedelta(years=50))
    assert Case.objects.filter(pk=open_case.pk).exists()


def test_a_person_still_in_another_case_is_kept():
    shared = PersonFactory(surname="Gedeeld")
    only_here = PersonFactory(surname="Alleenhier")
    old = CaseFactory(status=CaseStatus.CLOSED, persons=[shared, only_here])
    CaseFactory(status=CaseStatus.EXECUTION, persons=[shared])

    destroy_expired(timezone.now() + SIX_YEARS_ON)

    assert not Case.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=shared.pk).exists()
    assert not Person.objects.filter(pk=only_here.pk).exists()
    log = DestructionRecord.objects.get(object_id=old.pk)
    assert log.dependent_counts["registry.person"] == 1
    assert log.dependent_counts["registry.person (kept)"] == 1


def test_a_dismissed_signal_goes_after_a_year_an_open_one_stays():
    person = PersonFactory()
    dismissed = SignalFactory(status=SignalStatus.DISMISSED)
    dismissed.persons.add(person)
    waiting = SignalFactory(status=SignalStatus.RECEIVED)

    assert destroy_expired(timezone.now() + relativedelta(months=11)).destroyed == []
    destroy_expired(timezone.now() + relativedelta(months=13))

    assert not Signal.objects.filter(pk=dismissed.pk).exists()
    assert Signal.objects.filter(pk=waiting.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()


def _registration(person, *, source, decided: datetime.date):
    category = OffenceCategory.objects.order_by("pk").first() or OffenceCategory.objects.create(
        code="T", name="Test"
    )
    return JudicialRegistration.objects.create(
        registration_id=f"R-{person.pk}-{decided:%Y%m%d}",
        person=person,
        offence_date=decided - datetime.timedelta(days=30),
        offence_category=category,
        decision=JudicialDecision.PENDING,
        decision_date=decided,
        source=source,
    )


def test_registrations_follow_the_period_of_their_source(settings):
    settings.SCHAKEL_RETENTION_REGISTRATION_YEARS = 5
    settings.SCHAKEL_RETENTION_REGISTRATION_YEARS_BY_SOURCE = {"politie": 2}
    today = timezone.localdate()
    person = PersonFactory()
    PersonReference.objects.create(source="politie", ref="P-1", person=person)
    police_old = _registration(person, source="politie", decided=today - relativedelta(years=3))
    om_old = _registration(person, source="OM", decided=today - relativedelta(years=3))

    destroy_expired()

    assert not JudicialRegistration.objects.filter(pk=police_old.pk).exists()
    assert JudicialRegistration.objects.filter(pk=om_old.pk).exists()
    # The source's reference went with its last registration; the person stays (OM still).
    assert not PersonReference.objects.filter(source="politie", person=person).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    log = DestructionRecord.objects.get(object_id=police_old.pk)
    assert log.reference == "politie" and "2 jaar" in log.rule


def test_the_destruction_log_holds_no_names_or_bsn_and_the_chain_stays_intact():
    person = PersonFactory(given_names="Karel", surname="Vergeten", bsn=VALID_BSNS[1])
    case = _finished_case_with_everything(person)

    destroy_expired(timezone.now() + SIX_YEARS_ON)

    log = DestructionRecord.objects.get()
    stored = json.dumps(
        {f.name: str(getattr(log, f.name)) for f in DestructionRecord._meta.fields}
        | {"counts": log.dependent_counts}
    )
    for personal in ("Karel", "Vergeten", VALID_BSNS[1], "schulden"):
        assert personal not in stored
    assert log.reference == case.reference and log.object_id == case.pk
    assert log.rule == "Afgeronde casus: 5 jaar na afsluiting"
    assert log.dependent_counts["cases.casenote"] == 1
    assert log.dependent_counts["cases.caseevent"] == 1
    audit = AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="cases.case", object_id=str(case.pk)
    ).get()
    assert audit.purpose == Purpose.RETENTION
    assert f"vernietigingslog {log.pk}" in audit.detail
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, person_id_ref=person.pk, purpose=Purpose.RETENTION
    ).exists()
    assert verify_stored_chain().is_intact


def test_dry_run_deletes_nothing(capsys):
    person = PersonFactory()
    case = _finished_case_with_everything(person)
    as_of = (timezone.localdate() + SIX_YEARS_ON).isoformat()

    call_command("destroy_expired", "--dry-run", "--as-of", as_of)

    assert f"#{case.pk} {case.reference}" in capsys.readouterr().out
    assert Case.objects.filter(pk=case.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert not DestructionRecord.objects.exists()


def test_a_real_run_may_not_look_ahead():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("destroy_expired", "--as-of", "2099-01-01")


def test_the_command_destroys_what_has_expired_today():
    signal = SignalFactory(status=SignalStatus.DISMISSED)
    Signal.objects.filter(pk=signal.pk).update(created_at=timezone.now() - relativedelta(years=2))
    call_command("destroy_expired")
    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert DestructionRecord.objects.filter(object_id=signal.pk).exists()


def test_the_privacy_officer_sees_the_log_and_a_preview(client_for, auditor):
    signal = SignalFactory(status=SignalStatus.DISMISSED)
    Signal.objects.filter(pk=signal.pk).update(created_at=timezone.now() - relativedelta(years=2))
    client = client_for(auditor)
    page = client.get(reverse("privacy:retention")).content.decode()
    assert signal.reference in page  # the preview: the next run would destroy it
    destroy_expired()
    page = client.get(reverse("privacy:retention")).content.decode()
    assert signal.reference in page  # now in the destruction log
    assert expired_records() == []


@pytest.mark.parametrize("role", ["regisseur", "politie", "analist"])
def test_nobody_else_sees_the_retention_page(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("privacy:retention")).status_code == 403


def test_closed_cases_of_another_safety_house_expire_the_same_way():
    other = OrganisationFactory(name="Ander veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE)
    case = CaseFactory(status=CaseStatus.REJECTED, host_organisation=other)
    assert [e.object_id for e in expired_records(timezone.now() + SIX_YEARS_ON)] == [case.pk]


def test_the_job_removes_audit_entries_past_their_period_and_the_chain_verifies(
    settings, regisseur
):
    from schakel.audit.models import AuditAnchor
    from schakel.audit.services import record

    old = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=1)
    newest = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=2)
    settings.SCHAKEL_RETENTION_AUDIT_YEARS = 0  # everything before now is past its period
    call_command("destroy_expired")
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=newest.pk).exists()  # the head always stays
    assert AuditAnchor.objects.get().up_to_id >= old.pk
    assert verify_stored_chain().is_intact


def _bottleneck(person, by):
    from schakel.targets.models import Bottleneck, BottleneckKind, TargetGroupRule, TargetList

    target_list = TargetList.objects.create(
        name="HIT test",
        rule=TargetGroupRule.objects.get(code="hit"),
        host_organisation=by.organisation,
    )
    return Bottleneck.objects.create(
        person=person,
        target_list=target_list,
        kind=BottleneckKind.values[0],
        description="Knelpunt huisvesting",
        asked_organisation=by.organisation,
        raised_by=by,
        raised_on=timezone.localdate(),
    )


def test_a_reference_without_a_reverse_accessor_keeps_the_person_too(regisseur):
    person = PersonFactory()
    old = CaseFactory(status=CaseStatus.CLOSED, persons=[person])
    _bottleneck(person, regisseur)  # Bottleneck.person has related_name="+"

    result = destroy_expired(timezone.now() + SIX_YEARS_ON)

    assert not result.failed
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def _statement(signal, person=None, surname="Getypt"):
    from schakel.registry.models import ReportedSubject

    statement = ReportedSubject.objects.create(
        given_names="Kim",
        surname=surname,
        bsn="",
        reported_by=signal.reported_by,
        organisation=signal.reporting_organisation,
        person=person,
    )
    signal.reported_subjects.add(statement)
    return statement


def test_what_a_partner_typed_goes_with_the_signal_and_frees_the_person():
    from schakel.registry.models import ReportedSubject

    person = PersonFactory()
    dismissed = SignalFactory(status=SignalStatus.DISMISSED)
    dismissed.persons.add(person)
    linked = _statement(dismissed, person=person)
    unlinked = _statement(dismissed, surname="Onbekend")

    destroy_expired(timezone.now() + relativedelta(months=13))

    assert not ReportedSubject.objects.filter(pk__in=[linked.pk, unlinked.pk]).exists()
    assert _rows("registry_reportedsubject", "surname", "Onbekend") == 0
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_statement_also_on_a_living_case_is_kept():
    from schakel.registry.models import ReportedSubject

    dismissed = SignalFactory(status=SignalStatus.DISMISSED)
    statement = _statement(dismissed)
    case = CaseFactory(status=CaseStatus.EXECUTION)
    case.reported_subjects.add(statement)

    destroy_expired(timezone.now() + relativedelta(months=13))

    assert not Signal.objects.filter(pk=dismissed.pk).exists()
    assert ReportedSubject.objects.filter(pk=statement.pk).exists()


def test_a_finished_case_takes_its_statements_with_it():
    from schakel.registry.models import ReportedSubject

    person = PersonFactory()
    case = _finished_case_with_everything(person)
    statement = _statement(case.source_signal, person=person)
    case.reported_subjects.add(statement)

    destroy_expired(timezone.now() + SIX_YEARS_ON)

    assert not ReportedSubject.objects.filter(pk=statement.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_referred_signal_goes_with_its_handover(regisseur, wijkteam):
    from schakel.intake import handovers, services
    from schakel.intake.models import Handover
    from tests.factories import level

    signal = SignalFactory(receiving_organisation=regisseur.organisation)
    services.triage_signal(
        signal,
        by=regisseur,
        level=level(2),
        lead_organisation=wijkteam.organisation,
        reason="Eén plan.",
        answers={},
    )
    handover = Handover.objects.get(signal=signal)
    handovers.accept_handover(handover, by=wijkteam)
    handovers.complete_handover(handover, by=wijkteam, result="Klaar.")

    destroy_expired(timezone.now() + relativedelta(months=13))

    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert not Handover.objects.filter(pk=handover.pk).exists()
    assert (
        DestructionRecord.objects.get(object_id=signal.pk).dependent_counts["intake.handover"] == 1
    )

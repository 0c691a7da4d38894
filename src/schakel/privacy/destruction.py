"""Destroying what has passed its retention period: deleted, not hidden (docs/retention.md).

Each expired record goes in its own transaction, with everything hanging off it: a finished case
with its notes, history, participations, decisions, agenda items, triage decisions, documents,
action plan, interventions with their reviews and documents, and the signal it came from; a
signal with its triage decisions, its documents and what partners typed about whom (reported
subjects no other signal or case holds); a registration with its source's reference to the
person when it was the last one. A person goes too when nothing references them any more (no case, signal, list,
registration, assessment, ownership ...); linkage records about the person go with them. A person
still referenced anywhere is kept. Every destruction writes a `DestructionRecord` (no personal
data) and an audit entry.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from schakel.areas.models import Finding
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.audit.truncation import truncate_audit_log
from schakel.cases.models import Case, CaseEvent
from schakel.conferences.models import ActionReview, AgendaItem, Decision
from schakel.documents.models import Document
from schakel.intake.models import Handover, Signal
from schakel.registry.models import Person, ReportedSubject
from schakel.targets.models import JudicialRegistration, PersonReference
from schakel.triage.models import TriageDecision

from .models import DestructionRecord, RecordKind
from .retention import Expired, expired_records

logger = logging.getLogger("schakel.retention")

# Records about a person that exist only because the person does (derived by record linkage):
# they do not keep a person alive, and go with them.
DERIVED_FROM_PERSON = frozenset(
    {"linkage.candidatepair", "linkage.personlink", "linkage.encodedperson"}
)


class RetentionJob:
    """The actor of the destruction job in the audit log (the job runs without a log-in)."""

    is_authenticated = True
    pk = None
    organisation = None
    role = ""

    def get_username(self) -> str:
        return "systeem: bewaartermijnen"


RETENTION_JOB = RetentionJob()


@dataclass
class RunResult:
    destroyed: list[DestructionRecord] = field(default_factory=list)
    failed: list[tuple[Expired, str]] = field(default_factory=list)


def _add(counts: Counter, deleted: tuple[int, dict]) -> None:
    counts.update({label.lower(): n for label, n in deleted[1].items() if n})


def _delete(queryset) -> tuple[int, dict]:
    """Delete past a model's own refusal (append-only history is destroyed with its case)."""
    return models.QuerySet.delete(queryset)


def relations_to(model) -> list:
    """Every relation pointing at `model` from another model, also those without a reverse
    accessor (`related_name="+"`), but not the rows of automatic many-to-many tables (their
    many-to-many relation is in the list)."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and not relation.related_model._meta.auto_created
    ]


def _persons_named_by(obj) -> set[int]:
    """Ids of persons an object names: its many-to-many persons, and persons its dependent
    rows point to (reported subjects of a signal, for example)."""
    found: set[int] = set()
    for many in obj._meta.many_to_many:
        if many.related_model is Person:
            found |= set(getattr(obj, many.name).values_list("pk", flat=True))
    for relation in relations_to(type(obj)):
        if relation.many_to_many:
            continue
        for fk in relation.related_model._meta.concrete_fields:
            if fk.many_to_one and fk.related_model is Person:
                rows = relation.related_model._base_manager.filter(
                    **{relation.field.name: obj.pk}, **{f"{fk.name}__isnull": False}
                )
                found |= set(rows.values_list(fk.attname, flat=True))
    return found


def is_referenced(person_id: int) -> bool:
    """Whether anything but derived linkage records still refers to the person."""
    for relation in relations_to(Person):
        model = relation.related_model
        if model._meta.label_lower in DERIVED_FROM_PERSON:
            continue
        if model._base_manager.filter(**{relation.field.name: person_id}).exists():
            return True
    return False


def _destroy_unreferenced_persons(person_ids: set[int], counts: Counter, because: str) -> None:
    for person_id in sorted(person_ids):
        if is_referenced(person_id):
            counts["registry.person (kept)"] += 1
            continue
        _add(counts, Person.objects.filter(pk=person_id).delete())
        record(
            RETENTION_JOB,
            AuditAction.DELETE,
            object_type="registry.person",
            object_id=person_id,
            person_id=person_id,
            purpose=Purpose.RETENTION,
            detail=f"niet meer gebruikt na vernietiging van {because}",
        )


def _destroy_orphaned_statements(statement_ids: set[int], counts: Counter) -> set[int]:
    """Delete what partners typed (reported subjects) once no signal or case holds it any more;
    returns the persons those statements were linked to."""
    orphans = ReportedSubject.objects.filter(
        pk__in=statement_ids, signals__isnull=True, cases__isnull=True
    )
    persons = set(orphans.exclude(person=None).values_list("person_id", flat=True))
    _add(counts, _delete(orphans))
    return persons


def _destroy_signal(signal: Signal, counts: Counter) -> set[int]:
    """Delete a signal with what hangs off it; returns the persons it named."""
    persons = _persons_named_by(signal)
    statements = set(signal.reported_subjects.values_list("pk", flat=True))
    _add(counts, _delete(Handover.objects.filter(signal=signal)))
    _add(counts, _delete(TriageDecision.objects.filter(signal=signal)))
    _destroy_documents(Document.objects.filter(signal=signal), counts)
    _add(counts, _delete(Signal.objects.filter(pk=signal.pk)))
    return persons | _destroy_orphaned_statements(statements, counts)


def _destroy_documents(documents, counts: Counter) -> None:
    """Documents go with their owner; their files once the deletion is committed (a rolled-back
    run keeps both)."""
    names = list(documents.values_list("file", flat=True))
    _add(counts, _delete(documents))
    storage = Document._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


def _destroy_case(case_id: int, counts: Counter) -> None:
    case = Case.objects.select_for_update().get(pk=case_id)
    persons = _persons_named_by(case)
    _add(counts, _delete(ActionReview.objects.filter(intervention__plan__case=case)))
    _add(counts, _delete(Decision.objects.filter(case=case)))
    _add(counts, _delete(AgendaItem.objects.filter(case=case)))
    # a signal's triage decision joins the case opened on it, with a hand-over that came back
    _add(counts, _delete(Handover.objects.filter(decision__case=case)))
    _add(counts, _delete(TriageDecision.objects.filter(case=case)))
    # A finding belongs to its joint inspection (area data): it only loses its follow-up case.
    unlinked = Finding.objects.filter(case=case).update(case=None)
    if unlinked:
        counts["areas.finding (unlinked)"] += unlinked
    _add(counts, _delete(CaseEvent.objects.filter(case=case)))
    _destroy_documents(Document.objects.filter(case=case), counts)
    _destroy_documents(Document.objects.filter(intervention__plan__case=case), counts)
    signal = case.source_signal
    statements = set(case.reported_subjects.values_list("pk", flat=True))
    _add(counts, _delete(Case.objects.filter(pk=case.pk)))
    if signal is not None:
        persons |= _destroy_signal(signal, counts)
    persons |= _destroy_orphaned_statements(statements, counts)
    _destroy_unreferenced_persons(persons, counts, f"casus {case_id}")


def _destroy_registration(registration_id: int, counts: Counter) -> None:
    registration = JudicialRegistration.objects.select_for_update().get(pk=registration_id)
    person_id, source = registration.person_id, registration.source
    _add(counts, _delete(JudicialRegistration.objects.filter(pk=registration.pk)))
    if not JudicialRegistration.objects.filter(person_id=person_id, source=source).exists():
        # The source's own reference to the person served only its registrations.
        _add(counts, _delete(PersonReference.objects.filter(person_id=person_id, source=source)))
    _destroy_unreferenced_persons({person_id}, counts, f"registratie {registration_id}")


OBJECT_TYPES = {
    RecordKind.FINISHED_CASE: "cases.case",
    RecordKind.SIGNAL_WITHOUT_CASE: "intake.signal",
    RecordKind.REGISTRATION: "targets.judicialregistration",
}


@transaction.atomic
def destroy(expired: Expired) -> DestructionRecord:
    """Delete one expired record with everything hanging off it; log and audit it."""
    counts: Counter = Counter()
    if expired.kind == RecordKind.FINISHED_CASE:
        _destroy_case(expired.object_id, counts)
    elif expired.kind == RecordKind.SIGNAL_WITHOUT_CASE:
        signal = Signal.objects.select_for_update().get(pk=expired.object_id)
        persons = _destroy_signal(signal, counts)
        _destroy_unreferenced_persons(persons, counts, f"signaal {expired.object_id}")
    else:
        _destroy_registration(expired.object_id, counts)
    log = DestructionRecord.objects.create(
        kind=expired.kind,
        object_id=expired.object_id,
        reference=expired.reference,
        base_date=expired.base_date,
        rule=expired.rule.text,
        destroyed_at=timezone.now(),
        dependent_counts=dict(sorted(counts.items())),
    )
    record(
        RETENTION_JOB,
        AuditAction.DELETE,
        object_type=OBJECT_TYPES[expired.kind],
        object_id=expired.object_id,
        purpose=Purpose.RETENTION,
        detail=f"bewaartermijn verstreken: {expired.rule.text}; vernietigingslog {log.pk}",
    )
    return log


def destroy_expired(now=None) -> RunResult:
    """Destroy everything past its period, one transaction per record.

    A record that cannot be deleted (something new refers to it) is left whole and reported;
    the others still go.
    """
    result = RunResult()
    for expired in expired_records(now):
        try:
            result.destroyed.append(destroy(expired))
        except (ProtectedError, RestrictedError) as error:
            blocking = sorted({obj._meta.label_lower for obj in error.args[1]})
            result.failed.append((expired, ", ".join(blocking)))
            logger.warning(
                "retention: %s %s not destroyed, referenced by %s",
                expired.kind,
                expired.object_id,
                ", ".join(blocking),
            )
        except (Case.DoesNotExist, Signal.DoesNotExist, JudicialRegistration.DoesNotExist):
            continue  # already gone (with its case, or by a run beside this one)
    return result


def audit_cutoff(now=None):
    """Audit entries older than this are past their period (NEN 7513: at least 5 years)."""
    return (now or timezone.now()) - relativedelta(years=settings.SCHAKEL_RETENTION_AUDIT_YEARS)


def truncate_expired_audit_entries():
    """Remove the audit entries past their period as a prefix of the chain, anchored so that
    verification continues (`audit.truncation`); refused (ValidationError) on a broken chain."""
    return truncate_audit_log(audit_cutoff(), by=RETENTION_JOB)

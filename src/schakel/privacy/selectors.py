"""Reading the audit log for the privacy officer: filters, a person's entries and their export."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.services import record, record_persons
from schakel.registry.models import Person


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_entries(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    username: str = "",
    organisation: str = "",
    action: str = "",
    object_type: str = "",
    person_id: int | None = None,
    client_address: str = "",
    session_ref: str = "",
) -> QuerySet:
    """Entries matching the auditor's filters, newest first. Dates are whole local days."""
    entries = AuditEntry.objects.order_by("-id")
    if date_from:
        entries = entries.filter(timestamp__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(timestamp__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if username:
        entries = entries.filter(username__iexact=username.strip())
    if organisation:
        entries = entries.filter(organisation_name__icontains=organisation.strip())
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type__icontains=object_type.strip())
    if person_id is not None:
        entries = entries.filter(person_id_ref=person_id)
    if client_address:
        entries = entries.filter(client_address=client_address)
    if session_ref:
        entries = entries.filter(session_ref__startswith=session_ref)
    return entries


def entries_about_person(person_id: int) -> QuerySet:
    """Everything the log holds about one person, oldest first (for a data subject's request)."""
    return AuditEntry.objects.filter(person_id_ref=person_id).order_by("id")


# --- the auditor's reads, each itself audited -------------------------------------------------

MAX_LOOKUP_RESULTS = 25
AUDIT_OBJECT_TYPE = "audit.auditentry"
PERSON_OBJECT_TYPE = "registry.person"


def record_log_read(user, *, filters_used: list[str], page_number: int, person_id=None) -> None:
    """Reading the log is itself logged: which filters (names, not values) and which page."""
    detail = f"filters={','.join(filters_used) or '-'}; page={page_number}"
    record(
        user,
        AuditAction.LIST,
        object_type=AUDIT_OBJECT_TYPE,
        person_id=person_id,
        purpose=Purpose.OVERSIGHT,
        detail=detail,
    )


def lookup_persons(user, *, bsn: str = "", name: str = "") -> list:
    """Persons matching a BSN and/or name, for a data subject's request; the search is audited.

    Only ids reach the log: one SEARCH entry per person shown, or one without a person when
    nothing matched. Which field was searched on is recorded, never the value.
    """
    persons = Person.objects.for_audit(user)
    used = []
    if bsn:
        persons = persons.filter(bsn=bsn)
        used.append("bsn")
    if name:
        for term in name.split():
            persons = persons.filter(
                Q(given_names__icontains=term)
                | Q(surname_prefix__icontains=term)
                | Q(surname__icontains=term)
            )
        used.append("name")
    found = list(persons.order_by("surname", "given_names", "pk")[:MAX_LOOKUP_RESULTS])
    detail = f"person lookup by {'+'.join(used)}; results={len(found)}"
    if found:
        record_persons(
            user,
            AuditAction.SEARCH,
            found,
            object_type=PERSON_OBJECT_TYPE,
            purpose=Purpose.ACCESS_REQUEST,
            detail=detail,
        )
    else:
        record(
            user,
            AuditAction.SEARCH,
            object_type=PERSON_OBJECT_TYPE,
            purpose=Purpose.ACCESS_REQUEST,
            detail=detail,
        )
    return found


def _person_or_404(user, person_id: int):
    """The person record, or None when it is gone but the log still mentions the id; else 404."""
    person = Person.objects.for_audit(user).filter(pk=person_id).first()
    if person is None and not entries_about_person(person_id).exists():
        raise Http404
    return person


def get_person_for_audit(user, person_id: int):
    """The person record (or None when it no longer exists) behind a person id; audited as VIEW."""
    person = _person_or_404(user, person_id)
    record(
        user,
        AuditAction.VIEW,
        object_type=PERSON_OBJECT_TYPE,
        object_id=person_id,
        person_id=person_id,
        purpose=Purpose.ACCESS_REQUEST,
        detail="audit entries of person",
    )
    return person


def export_entries_about_person(user, person_id: int):
    """Record the export first, then return the entries before it (constant-memory iterator)."""
    _person_or_404(user, person_id)
    export = record(
        user,
        AuditAction.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        person_id=person_id,
        purpose=Purpose.ACCESS_REQUEST,
        detail="csv export of audit entries about person",
    )
    return entries_about_person(person_id).filter(id__lt=export.id).iterator(chunk_size=1000)

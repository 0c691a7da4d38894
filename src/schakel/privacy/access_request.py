"""A data subject's access request (inzageverzoek, AVG art. 15): one export of everything Schakel
holds about a person, and who looked at it (NEN 7513).

Only the privacy officer produces it (`policy.may_read_audit_log`, checked by the view and here).
The export is a ZIP: one JSON file per kind of record and a readable summary. It reads past every
visibility rule on purpose, so it is recorded in the audit log before anything is read. The
privacy officer reviews it before it goes out: case notes can mention third parties, and police
and justice data may fall under an exemption (Wpg, Wjsg, AVG art. 23) — see
docs/privacy-officer.md.
"""

import datetime
import io
import json
import zipfile

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from schakel.access import policy
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.services import record
from schakel.registry.models import Person, ReportedSubject

from .destruction import relations_to

# Records naming a person that are written out in their own files (the rest: "overige-gegevens").
OWN_FILES = frozenset({"cases.case", "intake.signal"})


def _plain(obj) -> dict:
    """A row as plain values: choices also in words, relations as internal ids only (a related
    row could be another person)."""
    row = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        row[field.attname] = value
        if field.choices and value not in (None, ""):
            row[f"{field.name}_display"] = str(getattr(obj, f"get_{field.name}_display")())
    return row


def _when(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value


def _person(person: Person) -> dict:
    data = _plain(person)
    address = person.address
    data["address"] = _plain(address) if address else None
    return data


def _signal(signal) -> dict:
    return {
        "reference": signal.reference,
        "received_at": _when(signal.created_at),
        "category": str(signal.category),
        "description": signal.description,
        "data_category": signal.data_category,
        "urgency": signal.get_urgency_display(),
        "status": signal.get_status_display(),
        "reported_by_organisation": str(signal.reporting_organisation),
        "received_by": str(signal.receiving_organisation),
        "triage_decisions": [
            {
                "decided_at": _when(d.decided_at),
                "level": str(d.level),
                "lead_organisation": str(d.lead_organisation),
                "reason": d.reason,
            }
            for d in signal.triage_decisions.select_related("level", "lead_organisation")
        ],
        # Copies of the documents kept with the signal: in the ZIP at `file`.
        "documents": [_document(signal, d) for d in _documents_of(signal)],
    }


def _documents_of(owner):
    """The documents kept with a case — with the case itself and with its interventions — or
    with a signal (AVG art. 15(3): a copy of the personal data)."""
    from django.db.models import Q

    from schakel.documents.models import Document
    from schakel.intake.models import Signal

    if isinstance(owner, Signal):
        documents = Document.objects.filter(signal=owner)
    else:
        documents = Document.objects.filter(Q(case=owner) | Q(intervention__plan__case=owner))
    return documents.select_related("organisation").order_by("uploaded_at", "pk")


def _document_path(owner, document) -> str:
    return f"documenten/{owner.reference}/{document.pk}{document.extension}"


def _document(owner, d) -> dict:
    return {
        "title": d.title,
        "data_category": d.data_category,
        "content_type": d.content_type,
        "size": d.size,
        "added_at": _when(d.uploaded_at),
        "organisation": str(d.organisation),
        "file": _document_path(owner, d),
    }


def _case(case) -> dict:
    plan = getattr(case, "plan", None)
    return {
        "reference": case.reference,
        "title": case.title,
        "status": case.get_status_display(),
        "safety_house": str(case.host_organisation),
        "lead_organisation": str(case.lead_organisation),
        "opened_at": _when(case.created_at),
        "closing_reason": case.closing_reason,
        "participants": [
            {
                "organisation": str(p.organisation),
                "purpose": p.purpose,
                "invited_at": _when(p.invited_at),
                "ended_at": _when(p.ended_at),
            }
            for p in case.participations.select_related("organisation")
        ],
        "notes": [
            {
                "written_at": _when(n.created_at),
                "organisation": str(n.organisation),
                "data_category": n.category,
                "text": n.text,
            }
            for n in case.notes.select_related("organisation").order_by("created_at", "pk")
        ],
        # Copies of the documents kept with the case and its interventions: in the ZIP at `file`.
        "documents": [_document(case, d) for d in _documents_of(case)],
        "history": [
            {"at": _when(e.created_at), "kind": e.get_kind_display(), "description": e.description}
            for e in case.events.all()
        ],
        "triage_decisions": [
            {"decided_at": _when(d.decided_at), "level": str(d.level), "reason": d.reason}
            for d in case.triage_decisions.select_related("level")
        ],
        "decisions": [
            {"recorded_at": _when(d.recorded_at), "conference": d.conference.title, "text": d.text}
            for d in case.decisions.select_related("conference").order_by("recorded_at", "pk")
        ],
        "goals": [g.description for g in plan.goals.all()] if plan else [],
        "interventions": [
            {
                "intervention": str(i.type),
                "owner_organisation": str(i.owner_organisation),
                "description": i.description,
                "deadline": i.deadline,
                "status": i.get_status_display(),
                "result": i.result,
            }
            for i in plan.interventions.select_related("type", "owner_organisation")
        ]
        if plan
        else [],
    }


def _other_records(person: Person) -> dict[str, list[dict]]:
    """Every other record that refers to the person: registrations, list memberships and
    decisions, assessments, source references, linkage records, ownerships, reported subjects …
    Found through the model's relations, so a new kind of record is included without a change."""
    found: dict[str, list[dict]] = {}
    for relation in relations_to(Person):
        if (
            relation.many_to_many
            and relation.field.name == "persons"
            and (relation.related_model._meta.label_lower in OWN_FILES)
        ):
            continue
        model = relation.related_model
        rows = model._base_manager.filter(**{relation.field.name: person.pk})
        if model is ReportedSubject:
            continue  # below: by the decision and by the BSN typed
        rows = [_plain(row) for row in rows.order_by("pk")]
        if rows:
            found.setdefault(model._meta.label_lower, []).extend(rows)
    statements = _statements_about(person)
    if statements:
        found[ReportedSubject._meta.label_lower] = statements
    return found


def _statements_about(person: Person) -> list[dict]:
    """What partners typed about the person: the statements the Veiligheidshuis linked to them,
    and those that carry their BSN but were not (yet) linked to them (AVG art. 15 asks for all
    of it). A BSN typed in a statement linked to them that is not theirs is another person's:
    it is masked (review finding)."""
    from django.db.models import Q

    about = Q(person=person)
    if person.bsn:
        about |= Q(bsn=person.bsn)
    rows = []
    for statement in ReportedSubject.objects.filter(about).order_by("pk"):
        row = _plain(statement)
        if statement.bsn and statement.bsn != person.bsn:
            row["bsn"] = statement.masked_bsn + " (niet het BSN van betrokkene)"
        rows.append(row)
    return rows


def _audit_entries(person_id: int, before_id: int) -> list[dict]:
    entries = AuditEntry.objects.filter(person_id_ref=person_id, id__lt=before_id).order_by("id")
    return [
        {
            "entry": e.pk,
            "when": _when(e.timestamp),
            "who": e.username,
            "on_behalf_of": e.organisation_name,
            "role": e.role,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "purpose": e.purpose,
            "detail": e.detail,
        }
        for e in entries.iterator(chunk_size=1000)
    ]


def _summary(person_data, signals, cases, others, entries, produced_at) -> str:
    lines = [
        "Inzageverzoek: overzicht van wat Schakel over deze persoon bewaart",
        f"Opgesteld op: {produced_at}",
        "",
        f"Persoon (intern nummer {person_data['id']}):",
        f"  naam: {' '.join(p for p in (person_data['given_names'], person_data['surname_prefix'], person_data['surname']) if p)}",  # noqa: E501
        f"  geboortedatum: {person_data['date_of_birth'] or '-'}",
        f"  BSN: {person_data['bsn'] or '-'}",
        "",
        f"Meldingen (signalen): {len(signals)} — zie meldingen.json",
        *[f"  {s['reference']} ontvangen {s['received_at']}, {s['status']}" for s in signals],
        f"Casussen: {len(cases)} — zie casussen.json",
        *[
            f"  {c['reference']} {c['status']}: {len(c['notes'])} notitie(s), "
            f"{len(c['history'])} historieregel(s), {len(c['decisions'])} besluit(en), "
            f"{len(c['interventions'])} interventie(s)"
            for c in cases
        ],
        "Overige gegevens (registraties, lijsten, koppelingen, ...) — zie overige-gegevens.json",
        *[f"  {kind}: {len(rows)}" for kind, rows in sorted(others.items())],
        "",
        f"Wie heeft de gegevens ingezien of verwerkt (NEN 7513): {len(entries)} vermelding(en)"
        " — zie wie-heeft-ingezien.json",
        *[
            f"  {e['when']} {e['on_behalf_of'] or '-'} ({e['role'] or '-'}): {e['action']},"
            f" doel: {e['purpose']}"
            for e in entries
        ],
        "",
    ]
    return "\n".join(lines)


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, default=str)


def export_person(user, person_id: int) -> bytes:
    """The ZIP for a data subject's access request; recorded in the audit log first."""
    if not policy.may_read_audit_log(user):
        raise PermissionDenied
    person = Person.objects.for_audit(user).select_related("address").get(pk=person_id)
    export = record(
        user,
        AuditAction.EXPORT,
        obj=person,
        person=person,
        purpose=Purpose.ACCESS_REQUEST,
        detail="inzageverzoek: volledig overzicht (zip)",
    )
    person_data = _person(person)
    signals = [
        _signal(s)
        for s in person.signals.select_related(
            "category", "reporting_organisation", "receiving_organisation"
        ).order_by("created_at", "pk")
    ]
    cases = [
        _case(c)
        for c in person.cases.select_related("host_organisation", "lead_organisation").order_by(
            "created_at", "pk"
        )
    ]
    others = _other_records(person)
    entries = _audit_entries(person.pk, export.pk)
    produced_at = _when(export.timestamp)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "samenvatting.txt",
            _summary(person_data, signals, cases, others, entries, produced_at),
        )
        archive.writestr("persoon.json", _json(person_data))
        archive.writestr("meldingen.json", _json(signals))
        archive.writestr("casussen.json", _json(cases))
        archive.writestr("overige-gegevens.json", _json(others))
        archive.writestr("wie-heeft-ingezien.json", _json(entries))
        # A copy of every document kept with the person's signals, cases and their interventions
        # (AVG art. 15(3)).
        for owner in [*person.signals.all(), *person.cases.all()]:
            for document in _documents_of(owner):
                with document.file.open("rb") as content:
                    archive.writestr(_document_path(owner, document), content.read())
    return buffer.getvalue()

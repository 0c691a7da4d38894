"""The audit log is a hash chain that can only grow."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from schakel.audit.chain import CURRENT_HASH_VERSION, GENESIS_HASH, compute_hash, verify_chain
from schakel.audit.models import AuditAction, AuditEntry
from schakel.audit.services import record

pytestmark = pytest.mark.django_db


def _chained_fields(entry):
    from schakel.audit.chain import CHAINED_FIELDS

    return {name: getattr(entry, name) for name in CHAINED_FIELDS}


def test_record_links_each_entry_to_the_previous_hash(regisseur):
    first = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=1)
    second = record(regisseur, AuditAction.CHANGE, object_type="cases.case", object_id=1)

    previous_of_first = (
        AuditEntry.objects.filter(id__lt=first.id)
        .order_by("-id")
        .values_list("entry_hash", flat=True)
        .first()
        or GENESIS_HASH
    )
    assert first.previous_hash == previous_of_first
    assert second.previous_hash == first.entry_hash
    assert second.hash_version == CURRENT_HASH_VERSION
    assert second.entry_hash == compute_hash(first.entry_hash, _chained_fields(second))
    assert verify_chain(AuditEntry.objects.order_by("id")) == []


def test_record_stores_who_on_behalf_of_which_organisation(regisseur):
    entry = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=7, person_id=3)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.username == "regisseur"
    assert entry.organisation_name == "Test veiligheidshuis"
    assert entry.user_id_ref == regisseur.pk
    assert entry.person_id_ref == 3
    assert entry.object_id == "7"


def test_an_entry_cannot_be_saved_twice(regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    entry.detail = "changed afterwards"
    with pytest.raises(ValidationError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_an_entry_cannot_be_deleted_through_the_model(regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    with pytest.raises(ValidationError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_or_deleted_through_a_queryset(regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_database_refuses_a_raw_update(regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET detail = 'vervalst' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_database_refuses_a_raw_delete(regisseur):
    entry = record(regisseur, AuditAction.VIEW)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

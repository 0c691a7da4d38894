"""A page that shows many persons writes one entry per object and person, in the order shown,
chained like any other entry — also past the rows one INSERT statement holds."""

import itertools

import pytest
from django.db import DataError, connection, transaction

from schakel.audit import services
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.selectors import verify_stored_chain
from schakel.audit.services import record, record_persons, record_read, record_shown

pytestmark = pytest.mark.django_db


class Shown:
    """An object of a page: what `record_shown` needs of a model instance."""

    class _meta:  # noqa: N801 — the name Django's models carry
        label_lower = "cases.case"

    def __init__(self, pk):
        self.pk = pk


class Person:
    def __init__(self, pk):
        self.pk = pk


def test_a_large_page_of_reads_is_chained_in_the_order_shown(regisseur):
    before = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=0)
    count = services._INSERT_ROWS + 250
    # object n shows person n, except every tenth, which shows no one (one entry of its own)
    shown = [(Shown(n), [] if n % 10 == 0 else [Person(n)]) for n in range(1, count + 1)]
    record_shown(regisseur, AuditAction.VIEW, shown, purpose=Purpose.CASE_HANDLING)
    services.chain_pending()  # on PostgreSQL a read may wait beside the chain
    entries = list(AuditEntry.objects.filter(id__gt=before.pk).order_by("id"))
    assert [e.object_id for e in entries] == [str(n) for n in range(1, count + 1)]
    assert [e.person_id_ref for e in entries] == [
        None if n % 10 == 0 else n for n in range(1, count + 1)
    ]
    first = entries[0]
    assert first.previous_hash == before.entry_hash
    assert all(e.previous_hash == p.entry_hash for p, e in itertools.pairwise(entries))
    assert {(e.username, e.role, e.action, e.purpose) for e in entries} == {
        (regisseur.username, regisseur.role, AuditAction.VIEW, Purpose.CASE_HANDLING.value)
    }
    assert first.timestamp == entries[-1].timestamp  # one page view, one moment
    assert verify_stored_chain().is_intact


def test_record_persons_names_the_object_on_every_entry(regisseur):
    record_persons(
        regisseur, AuditAction.SEARCH, [Person(7), Person(8)], obj=Shown(3),
        purpose=Purpose.PERSON_SEARCH, detail="zoekopdracht",
    )  # fmt: skip
    services.chain_pending()
    entries = AuditEntry.objects.order_by("-id")[:2]
    assert sorted((e.object_type, e.object_id, e.person_id_ref, e.detail) for e in entries) == [
        ("cases.case", "3", 7, "zoekopdracht"),
        ("cases.case", "3", 8, "zoekopdracht"),
    ]


def test_a_written_entry_comes_back_as_stored(regisseur):
    entry = record(regisseur, AuditAction.CHANGE, object_type="cases.case", object_id=5)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.entry_hash, stored.previous_hash, stored.timestamp, stored.object_id) == (
        entry.entry_hash, entry.previous_hash, entry.timestamp, entry.object_id,
    )  # fmt: skip


def test_a_list_and_what_it_shows_are_one_insert_with_the_list_first(regisseur):
    before = record(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=0)
    record_shown(
        regisseur, AuditAction.LIST, [(Shown(4), [Person(9)]), (Shown(5), [])],
        listed={"object_type": "cases.case", "detail": "2 casussen"},
    )  # fmt: skip
    record_persons(regisseur, AuditAction.VIEW, [Person(9)], obj=Shown(4), with_object=True)
    record_persons(regisseur, AuditAction.VIEW, [], obj=Shown(5), with_object=True)
    services.chain_pending()
    entries = AuditEntry.objects.filter(id__gt=before.pk).order_by("id")
    assert [(e.action, e.object_id, e.person_id_ref, e.detail) for e in entries] == [
        (AuditAction.LIST, "", None, "2 casussen"),
        (AuditAction.LIST, "4", 9, ""),
        (AuditAction.LIST, "5", None, ""),
        (AuditAction.VIEW, "4", None, ""),  # the case itself, then its persons
        (AuditAction.VIEW, "4", 9, ""),
        (AuditAction.VIEW, "5", None, ""),  # a case without persons: its own entry only
    ]


def test_a_value_too_long_for_its_column_is_refused_not_cut(regisseur):
    """PostgreSQL refuses it, as Django's insert did (cut, the entry would not match its
    hash and the chain would look tampered with); SQLite keeps text whole."""
    long_id = "9" * 65  # object_id holds 64
    try:
        with transaction.atomic():
            record_read(regisseur, AuditAction.VIEW, object_type="cases.case", object_id=long_id)
            services.chain_pending()
    except DataError:
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor == "sqlite"
        assert AuditEntry.objects.filter(object_id=long_id).exists()
    assert not AuditEntry.objects.filter(object_id=long_id[:64]).exists()
    assert verify_stored_chain().is_intact

"""How an import writes: registrations and source references go in as plain rows (PostgreSQL
`COPY`, SQLite one `executemany`, no model instance per row), yet carry every value, their times
and their batch; every new person is audited in the chain; a registration another import wrote
meanwhile is reported, not raised; and the number of queries does not grow with the rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schakel.audit.models import AuditEntry
from schakel.audit.selectors import verify_stored_chain
from schakel.registry.models import Person
from schakel.targets import registrations
from schakel.targets.models import JudicialRegistration, OffenceCategory, PersonReference
from tests.factories import VALID_BSNS
from tests.targets.conftest import do_import, registration_row


def test_the_rows_carry_their_values_their_times_and_their_batch(db):
    before = timezone.now()
    result = do_import(
        [
            registration_row(1, bsn=VALID_BSNS[0]),
            registration_row(2, decision="lopend", decision_date="", offence_date="2023-12-31"),
        ]
    )
    after = timezone.now()
    assert result.ok, result.errors
    first, second = JudicialRegistration.objects.order_by("registration_id")
    assert first.person == Person.objects.get(bsn=VALID_BSNS[0])
    assert (first.offence_date, first.decision, first.decision_date) == (
        datetime.date(2024, 1, 10),
        "veroordeling",
        datetime.date(2024, 5, 1),
    )
    assert first.offence_category == OffenceCategory.objects.get(code="woninginbraak")
    assert (second.decision, second.decision_date) == ("lopend", None)
    assert second.offence_date == datetime.date(2023, 12, 31)
    assert {first.source, second.source} == {"OM"}
    assert first.import_batch == second.import_batch == result.batch
    # One moment for the whole import (it is one transaction).
    assert first.created_at == second.created_at == first.updated_at == second.updated_at
    assert before <= first.created_at <= after
    # Found again by the time itself: stored as the ORM stores it (naive UTC text on SQLite).
    assert JudicialRegistration.objects.filter(created_at=first.created_at).count() == 2
    assert JudicialRegistration.objects.filter(created_at__gte=before).count() == 2
    reference = PersonReference.objects.get(ref="P2")
    assert reference.person == second.person and reference.source == "OM"
    assert before <= reference.created_at <= after


def test_every_new_person_is_audited_and_the_chain_verifies(db):
    result = do_import([registration_row(n) for n in range(1, 6)])
    assert result.ok and result.persons_created == 5
    audited = set(
        AuditEntry.objects.filter(object_type="registry.person").values_list(
            "person_id_ref", flat=True
        )
    )
    assert audited == set(result.new_person_ids)
    assert AuditEntry.objects.filter(
        object_type="targets.registrationimport", object_id=str(result.batch.pk)
    ).exists()
    assert verify_stored_chain().is_intact


def test_a_registration_another_import_wrote_meanwhile_is_reported_not_raised(db, monkeypatch):
    category = OffenceCategory.objects.get(code="woninginbraak")
    save = registrations._PersonResolver.save_new_persons

    def other_import_commits_first(resolver):
        save(resolver)
        # After this import looked its registrations up: another one wrote OM-00002.
        JudicialRegistration.objects.create(
            registration_id="OM-00002",
            source="OM",
            person=resolver.new_persons[0],
            offence_date=datetime.date(2024, 1, 1),
            offence_category=category,
            decision="lopend",
        )

    monkeypatch.setattr(
        registrations._PersonResolver, "save_new_persons", other_import_commits_first
    )
    result = do_import([registration_row(1), registration_row(2)])
    assert [error.message for error in result.errors] == [
        "Another import of this source ran at the same time; try again."
    ]
    assert not JudicialRegistration.objects.exists() and not Person.objects.exists()


def _queries(rows: int) -> int:
    """The queries of an import of `rows` rows about as many new persons, into an empty registry
    (the linkage after it has nothing to compare them with: its queries are its own)."""
    JudicialRegistration.objects.all().delete()
    PersonReference.objects.all().delete()
    Person.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        result = do_import([registration_row(n) for n in range(1, rows + 1)])
    assert result.ok and result.created == result.persons_created == rows
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(db):
    assert _queries(5) == _queries(40)

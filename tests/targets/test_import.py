"""Importing judicial registrations: validation with line numbers, atomicity, idempotency, and
telling persons apart (BSN where present, else name + date of birth, never name alone)."""

import csv
import datetime

import pytest
from django.core.management import CommandError, call_command

from schakel.registry.models import Person
from schakel.targets.models import JudicialRegistration, PersonReference
from tests.factories import VALID_BSNS
from tests.targets.conftest import csv_text, do_import, registration_row


def test_a_valid_file_is_imported_with_its_persons(db):
    result = do_import([registration_row(1), registration_row(2)])
    assert result.ok, result.errors
    assert (result.created, result.persons_created) == (2, 2)
    assert JudicialRegistration.objects.count() == 2
    assert PersonReference.objects.filter(source="OM").count() == 2


def test_reimporting_the_same_file_changes_nothing(db):
    rows = [registration_row(1), registration_row(2, bsn=VALID_BSNS[0])]
    do_import(rows)
    again = do_import(rows)
    assert again.ok
    assert (again.created, again.updated, again.unchanged, again.persons_created) == (0, 0, 2, 0)
    assert JudicialRegistration.objects.count() == 2
    assert Person.objects.count() == 2


def test_a_changed_decision_updates_the_registration(db):
    do_import([registration_row(1, decision="lopend", decision_date="")])
    result = do_import([registration_row(1)])
    assert (result.created, result.updated) == (0, 1)
    assert JudicialRegistration.objects.get().decision == "veroordeling"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(db):
    rows = [
        registration_row(1),  # line 2: fine
        registration_row(2, bsn="123456789"),  # line 3: fails the 11-test
        registration_row(3, offence_category="fietsendiefstal"),  # line 4
        registration_row(4, offence_date="2024-13-01"),  # line 5
        registration_row(5, date_of_birth=""),  # line 6: no BSN and no date of birth
        registration_row(6, decision="gratie"),  # line 7
        registration_row(7, decision_date="2023-01-01"),  # line 8: decided before the offence
        registration_row(1, person_ref="P9"),  # line 9: registration_id twice
    ]
    result = do_import(rows)
    assert not result.ok
    assert sorted({e.line for e in result.errors}) == [3, 4, 5, 6, 7, 8, 9]
    messages = {e.line: e.message for e in result.errors}
    assert "11" in messages[3]
    assert "name alone" in messages[6]
    assert "line 2" in messages[9]
    assert JudicialRegistration.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_conflict_found_while_writing_rolls_back_everything(db):
    do_import([registration_row(1, bsn=VALID_BSNS[0])])
    # the same source reference now arrives with another BSN: refused, and row 2 is not kept
    result = do_import(
        [registration_row(5), registration_row(1, bsn=VALID_BSNS[1], registration_id="X")]
    )
    assert [e.line for e in result.errors] == [3]
    assert JudicialRegistration.objects.count() == 1
    assert not JudicialRegistration.objects.filter(registration_id="OM-00005").exists()


def test_missing_columns_are_reported_on_line_1(db):
    import io

    from schakel.targets.registrations import import_registrations

    result = import_registrations(io.StringIO("registration_id,bsn\nX,\n"), by=None, source="OM")
    assert result.errors[0].line == 1
    assert "person_ref" in result.errors[0].message


def test_same_bsn_merges_into_one_person(db):
    result = do_import(
        [
            registration_row(1, bsn=VALID_BSNS[0], person_ref="A1", given_name="Mo"),
            registration_row(2, bsn=VALID_BSNS[0], person_ref="A2", given_name="Mohammed"),
        ]
    )
    assert result.ok
    assert Person.objects.count() == 1
    assert JudicialRegistration.objects.values("person").distinct().count() == 1


def test_same_name_with_different_dates_of_birth_stays_apart(db):
    common = {"given_name": "Jan", "surname": "de Vries"}
    result = do_import(
        [
            registration_row(1, person_ref="X1", date_of_birth="1990-01-01", **common),
            registration_row(2, person_ref="X2", date_of_birth="1991-01-01", **common),
        ]
    )
    assert result.ok
    assert Person.objects.filter(surname="de Vries").count() == 2


def test_same_name_and_date_of_birth_without_bsn_is_the_same_person(db):
    common = {"given_name": "Jan", "surname": "de Vries", "date_of_birth": "1990-01-01"}
    do_import([registration_row(1, person_ref="X1", **common)])
    do_import([registration_row(2, person_ref="OTHER", **{**common, "given_name": "JAN"})])
    assert Person.objects.count() == 1


def test_an_offence_code_maps_to_its_category(db):
    result = do_import([registration_row(1, offence_category="Sr311-WI")])
    assert result.ok
    assert JudicialRegistration.objects.get().offence_category.code == "woninginbraak"


def test_import_command_reports_lines_and_fails(db, tmp_path, capsys):
    path = tmp_path / "extract.csv"
    path.write_text(csv_text([registration_row(1), registration_row(2, bsn="111111111")]))
    with pytest.raises(CommandError):
        call_command("import_registrations", str(path))
    assert "line 3" in capsys.readouterr().err
    assert JudicialRegistration.objects.count() == 0


def test_select_list_writes_the_proposed_inflow_with_references(db, tmp_path):
    as_of = datetime.date(2025, 6, 15)
    rows = [
        registration_row(
            1, person_ref="IN-BOUNDARY", decision_date="2022-06-15", offence_date="2022-01-01"
        ),  # fmt: skip
        registration_row(
            2, person_ref="OUT-EARLY", decision_date="2022-06-14", offence_date="2022-01-01"
        ),  # fmt: skip
        registration_row(3, person_ref="OUT-ACQUITTED", decision="vrijspraak"),
        registration_row(4, person_ref="OUT-CATEGORY", offence_category="winkeldiefstal"),
        registration_row(5, person_ref="IN-RECENT", offence_category="straatroof"),
    ]
    source = tmp_path / "in.csv"
    source.write_text(csv_text(rows))
    call_command("import_registrations", str(source))
    output = tmp_path / "out.csv"
    call_command("select_list", "hit", "--as-of", as_of.isoformat(), "--output", str(output))
    with output.open() as stream:
        written = list(csv.DictReader(stream))
    assert sorted(r["person_ref"] for r in written) == ["IN-BOUNDARY", "IN-RECENT"]
    assert all(r["reason"] for r in written)


def test_select_list_refuses_an_unknown_rule(db, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "select_list", "nope", "--as-of", "2025-01-01", "--output", str(tmp_path / "x")
        )


def test_a_user_without_import_permission_cannot_import_through_the_service(db, wijkteam):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_import([registration_row(1)], by=wijkteam)
    assert Person.objects.count() == 0
    assert JudicialRegistration.objects.count() == 0


def test_a_user_with_import_permission_imports_through_the_service(db, regisseur):
    assert do_import([registration_row(1)], by=regisseur).ok
    assert JudicialRegistration.objects.count() == 1


def test_select_list_writes_no_formula_from_an_extract(db, tmp_path):
    """A reference in a supplier's extract that a spreadsheet would run (`=HYPERLINK(…)`) is
    written as text (issue 9: CSV injection)."""
    formula = '=HYPERLINK("http://example.invalid","klik")'
    source = tmp_path / "in.csv"
    row = registration_row(5, person_ref=formula, offence_category="straatroof")
    with source.open("w", newline="") as stream:  # csv quotes the formula's comma and quotes
        writer = csv.DictWriter(stream, fieldnames=list(row), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    call_command("import_registrations", str(source))
    output = tmp_path / "out.csv"
    call_command("select_list", "hit", "--as-of", "2025-06-15", "--output", str(output))
    with output.open() as stream:
        written = list(csv.DictReader(stream))
    assert [r["person_ref"] for r in written] == [f"'{formula}"]


def test_two_suppliers_with_the_same_registration_id_both_keep_their_registration(db):
    """Registrations are keyed by (source, registration_id): one supplier's extract never
    overwrites another supplier's registration that happens to carry the same id."""
    om = do_import([registration_row(1, decision="sepot")], source="OM")
    politie = do_import([registration_row(1, person_ref="Q1", surname="Anders")], source="Politie")
    assert om.ok and politie.ok, (om.errors, politie.errors)
    assert politie.created == 1
    kept = {r.source: r for r in JudicialRegistration.objects.filter(registration_id="OM-00001")}
    assert set(kept) == {"OM", "Politie"}
    assert kept["OM"].decision == "sepot"
    assert kept["Politie"].decision == "veroordeling"
    assert kept["OM"].person_id != kept["Politie"].person_id
    # and a re-import of each supplier's extract changes only its own
    again = do_import([registration_row(1, decision="vrijspraak")], source="OM")
    assert (again.created, again.updated) == (0, 1)
    kept["Politie"].refresh_from_db()
    assert kept["Politie"].decision == "veroordeling"


def test_the_database_refuses_a_second_registration_with_the_same_source_and_id(db):
    from django.db import IntegrityError, transaction

    do_import([registration_row(1)], source="OM")
    first = JudicialRegistration.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        JudicialRegistration.objects.create(
            registration_id=first.registration_id,
            source="OM",
            person=first.person,
            offence_date=first.offence_date,
            offence_category=first.offence_category,
            decision=first.decision,
            decision_date=first.decision_date,
        )

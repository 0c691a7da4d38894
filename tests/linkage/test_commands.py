"""`manage.py link`, `encode_clk` and `link_encoded`: output columns and clear errors."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from schakel.analytics import bloom

ROWS = [
    ["nr", "voornaam", "achternaam", "geboren", "bsn"],
    ["1", "Jan", "de Vries", "1980-02-03", "111222333"],
    ["2", "Jan", "Vries", "1980-02-03", ""],
    ["3", "Fatima", "El Amrani", "1975-11-30", "123456782"],
    ["4", "Pieter", "Bakker", "1990-06-01", "999999990"],
]
MAPPING = {
    "id": "nr",
    "given_name": "voornaam",
    "surname": "achternaam",
    "date_of_birth": "geboren",
    "national_id": "bsn",
}


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English; a Dutch request in an earlier test must not leak."""
    with translation.override("en"):
        yield


@pytest.fixture
def files(tmp_path):
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING))
    return tmp_path, extract, mapping


def test_link_writes_the_pair_columns(files):
    tmp_path, extract, mapping = files
    out = tmp_path / "pairs.csv"
    printed = io.StringIO()
    call_command(
        "link",
        str(extract),
        "--mapping",
        str(mapping),
        "--output",
        str(out),
        "--threshold",
        "0.5",
        stdout=printed,
    )
    # It says which model it used: a small extract keeps the household rules (issue 14).
    assert "Household rules applied" in printed.getvalue()
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["left_id", "right_id", "match_probability"]
    assert rows[1][:2] == ["1", "2"] and 0.5 <= float(rows[1][2]) <= 1


def test_link_two_files(files):
    tmp_path, extract, mapping = files
    out = tmp_path / "pairs.csv"
    call_command(
        "link", str(extract), str(extract), "--mapping", str(mapping), "--output", str(out)
    )
    rows = list(csv.DictReader(out.open()))
    assert {(r["left_id"], r["right_id"]) for r in rows} >= {("1", "1"), ("3", "3")}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing_file", "does not exist"),
        ("bad_json", "not valid JSON"),
        ("missing_column", "woonplaats"),
        ("missing_id", "required role 'id'"),
    ],
)
def test_link_errors_are_clear_and_without_traceback(files, change, message):
    tmp_path, extract, mapping = files
    if change == "missing_file":
        extract = tmp_path / "nope.csv"
    elif change == "bad_json":
        mapping.write_text("{id: nr")
    elif change == "missing_column":
        mapping.write_text(json.dumps({**MAPPING, "city": "woonplaats"}))
    else:
        mapping.write_text(json.dumps({k: v for k, v in MAPPING.items() if k != "id"}))
    with pytest.raises(CommandError, match=message):
        call_command(
            "link", str(extract), "--mapping", str(mapping), "--output", str(tmp_path / "o.csv")
        )


def test_encode_and_link_encoded(files):
    tmp_path, extract, mapping = files
    key = tmp_path / "key"
    key.write_text("a-long-secret-agreed-by-the-partners\n")
    encoded = tmp_path / "encoded.csv"
    call_command(
        "encode_clk",
        str(extract),
        "--mapping",
        str(mapping),
        "--key-file",
        str(key),
        "--output",
        str(encoded),
    )
    text = encoded.read_text()
    assert "Vries" not in text and "111222333" not in text
    out = tmp_path / "pairs.csv"
    call_command("link_encoded", str(encoded), str(encoded), "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    assert {(r["left_id"], r["right_id"]) for r in rows} == {(n, n) for n in "1234"}


def test_encode_clk_without_key_file_is_a_clear_error(files):
    tmp_path, extract, mapping = files
    with pytest.raises(CommandError, match="key file"):
        call_command(
            "encode_clk",
            str(extract),
            "--mapping",
            str(mapping),
            "--key-file",
            str(tmp_path / "none"),
            "--output",
            str(tmp_path / "e.csv"),
        )


def test_link_encoded_refuses_a_raw_extract(files):
    tmp_path, extract, _ = files
    with pytest.raises(CommandError, match="id and clk"):
        call_command("link_encoded", str(extract), "--output", str(tmp_path / "p.csv"))
    assert bloom.PAIR_COLUMNS == ("left_id", "right_id", "match_probability")

"""Every CSV Schakel writes keeps spreadsheet formulas from running (CSV injection)."""

import csv
import io

import pandas as pd
import pytest

from schakel.analytics import bloom
from schakel.analytics.linkage import write_pairs
from schakel.lib.csvfiles import SafeWriter, neutralise

RISKY = ["=1+1", "+31612345678", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")']
PLAIN = ["Jansen", "schakel-12", "1.5", "", "a=b"]


@pytest.mark.parametrize("value", RISKY)
def test_a_formula_is_written_as_text(value):
    assert neutralise(value) == f"'{value}"


@pytest.mark.parametrize("value", PLAIN)
def test_other_text_is_left_alone(value):
    assert neutralise(value) == value


def test_numbers_and_none():
    assert neutralise(-3) == -3
    assert neutralise(None) == ""


def test_the_partners_copy_in_bloom_agrees():
    for text in RISKY + PLAIN:
        assert bloom._spreadsheet_safe(text) == neutralise(text)


def test_safe_writer_neutralises_every_text_cell():
    stream = io.StringIO()
    SafeWriter(stream).writerows([["=1", 2, "ok"]])
    assert next(csv.reader(io.StringIO(stream.getvalue()))) == ["'=1", "2", "ok"]


def test_linkage_pairs_carry_no_formula_ids(tmp_path):
    pairs = pd.DataFrame(
        {"left_id": ["=cmd|' /C calc'!A0"], "right_id": ["r1"], "match_probability": [0.95]}
    )
    path = tmp_path / "pairs.csv"
    write_pairs(pairs, path)
    row = next(csv.DictReader(path.open()))
    assert row["left_id"] == "'=cmd|' /C calc'!A0"
    assert row["right_id"] == "r1"

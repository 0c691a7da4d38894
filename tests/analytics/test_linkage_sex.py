"""Sexes that differ where both records say one are strong evidence against a match (issue 14):
a twin brother and sister with names alike ("Lars" and "Lara") are no longer one person; a
record that does not say the sex loses nothing."""

import random

import duckdb
import pandas as pd
import pytest

from schakel.analytics import linkage
from tests.analytics.households import MAPPING, MAPPING_WITHOUT_SEX, extract, registry

HOME = {"street": "Molenlaan", "postcode": "9999ZZ", "city": "Lindewaard", "bsn": ""}


@pytest.fixture(scope="module")
def extract_with_twins():
    """A registry of 150 households (every person once), a twin brother and sister whose given
    names are alike, and one woman registered twice, once without her sex."""
    rng = random.Random(5)
    frame = extract(registry(150, rng), 1.0, rng, messy=False).drop(columns=["pid", "household"])
    twins = {"surname": "de Vries", "date_of_birth": "2012-05-06", "house_number": "7", **HOME}
    noor = {"given_name": "Noor", "surname": "Bakker", "date_of_birth": "1980-02-03"}
    extra = pd.DataFrame(
        [
            {"id": "lars", "given_name": "Lars", "sex": "M", **twins},
            {"id": "lara", "given_name": "Lara", "sex": "V", **twins},
            {"id": "noor1", "sex": "V", "house_number": "9", **noor, **HOME},
            {"id": "noor2", "sex": "", "house_number": "9", **noor, **HOME},
        ]
    )
    return pd.concat([frame, extra], ignore_index=True)


def _scores(frame, mapping):
    result = linkage.link_records(frame, None, mapping, threshold=0.01, explain=True)
    return result.pairs.set_index(["left_id", "right_id"])


def test_a_brother_and_sister_with_names_alike_are_not_linked(extract_with_twins):
    without_sex = _scores(extract_with_twins, MAPPING_WITHOUT_SEX)
    assert without_sex.match_probability[("lara", "lars")] >= 0.95  # what went wrong before
    with_sex = _scores(extract_with_twins, MAPPING)
    assert with_sex.match_probability[("lara", "lars")] < 0.9
    reasons = {c["comparison"]: c for c in with_sex.reasons[("lara", "lars")]["comparisons"]}
    assert reasons["sex"]["level"] == "Sexes differ"
    assert reasons["sex"]["weight"] <= -5
    # Where one record does not say the sex, nothing is held against the pair.
    assert with_sex.match_probability[("noor1", "noor2")] >= 0.99
    noor = {c["comparison"]: c for c in with_sex.reasons[("noor1", "noor2")]["comparisons"]}
    assert (noor["sex"]["level"], noor["sex"]["weight"]) == ("Missing", 0.0)


def test_the_ways_partners_write_a_sex_are_read_alike():
    written = ["M", "man", "1", "V", "vrouw", "F", "female", "2", "O", "onbekend", "", None]
    frame = pd.DataFrame(
        {"id": [str(i) for i in range(len(written))], "sex": written, "surname": "Jansen"}
    )
    con = duckdb.connect()
    try:
        roles = linkage.normalise(con, frame, {"id": "id", "sex": "sex", "surname": "surname"}, "t")
        read = [
            row[0] for row in con.execute("SELECT sex FROM t ORDER BY unique_id::INT").fetchall()
        ]
    finally:
        con.close()
    assert "sex" in roles
    assert read == ["m", "m", "m", "v", "v", "v", "v", "v", None, None, None, None]


def test_sex_is_a_role_a_mapping_may_name():
    assert linkage.parse_mapping({"id": "nr", "sex": "geslacht", "surname": "naam"})["sex"] == (
        "geslacht"
    )

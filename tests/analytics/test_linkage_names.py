"""Names as Dutch registrations write them, and the household members they must not merge
(issue 14): a surname with its prefix in the given-name field, a slip in the prefix, ij/y; a
father and son of one name; a household member's surname in a swapped registration. The
records stand among 300 generated households, deduplicated as one extract."""

import random

import pandas as pd
import pytest

from schakel.analytics import linkage
from tests.analytics.households import MAPPING_WITHOUT_SEX, extract, registry
from tests.analytics.pairs import by_pair

HOME = ["Dorpsstraat", "12", "9991 AB", "Lindewaard"]
ELSEWHERE = ["Kerkweg", "3", "1234 XY", "Noordstad"]
COLUMNS = ["id", "given_name", "surname", "date_of_birth", "street", "house_number", "postcode",
           "city", "bsn"]  # fmt: skip


@pytest.fixture(scope="module")
def background() -> pd.DataFrame:
    rng = random.Random(7)
    frame = extract(registry(300, rng), 1.0, rng, messy=False, sex=False)
    return frame[COLUMNS]


def _linked(background, rows) -> dict:
    frame = pd.concat([background, pd.DataFrame(rows, columns=COLUMNS)], ignore_index=True)
    result = linkage.link_records(frame, None, MAPPING_WITHOUT_SEX, threshold=0.01)
    assert result.households is True
    return by_pair(result)


def test_swapped_names_with_a_prefix_and_slips_in_the_prefix_still_link(background):
    """ "van Veen" in the given-name field and "Truus" as surname; "van derr Berg"; "van Dyk":
    one person each, also after a move and without a BSN on one side."""
    linked = _linked(
        background,
        [
            ["h1", "Truus", "van Veen", "1982-02-09", *HOME, "111222333"],
            ["h2", "van Veen", "Truus", "1982-02-09", *ELSEWHERE, ""],
            ["h3", "Mirjam", "van der Berg", "1971-04-11", *HOME, "123456782"],
            ["h4", "Mirjam", "van derr Berg", "1971-04-11", *ELSEWHERE, ""],
            ["h5", "Gert", "van Dijk", "1950-02-06", *HOME, "100122760"],
            ["h6", "Gert", "van Dyk", "1950-02-06", *ELSEWHERE, ""],
        ],
    )
    for pair in (("h1", "h2"), ("h3", "h4"), ("h5", "h6")):
        assert linked.get(frozenset(pair), 0) >= 0.9, pair


def test_a_father_and_son_of_one_name_are_not_linked(background):
    """One name, one home, dates of birth a generation apart, one BSN missing: two people (EM
    learned them as one where households were many); the same man registered twice links."""
    linked = _linked(
        background,
        [
            ["h1", "Jan", "de Vries", "1951-03-14", *HOME, "111222333"],
            ["h2", "Jan", "de Vries", "1979-11-02", *HOME, ""],
            ["h3", "Jan", "de Vries", "1951-03-14", *HOME, ""],
        ],
    )
    assert linked.get(frozenset(("h1", "h2")), 0) < 0.9
    assert linked.get(frozenset(("h2", "h3")), 0) < 0.9
    assert linked[frozenset(("h1", "h3"))] >= 0.9


def test_a_household_members_surname_in_a_swapped_registration_is_not_a_link(background):
    """Wilma's registration has her surname in the given-name field; Gerrit, of the same home
    and surname, is another person though one name sits in the other's place."""
    linked = _linked(
        background,
        [
            ["h1", "Weideouw", "Wilma", "1959-04-12", *HOME, ""],
            ["h2", "Gerrit", "Weideouw", "1959-04-13", *HOME, "244912658"],
        ],
    )
    assert linked.get(frozenset(("h1", "h2")), 0) < 0.9

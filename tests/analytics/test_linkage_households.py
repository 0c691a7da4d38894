"""Linkage never merges two people of one household (issue 14), on a generated Dutch set: two
partner extracts from 600 households with twins, prefixes, ij/y, moves, swapped dates and
missing BSNs (tests/analytics/households.py; the same generator as bench/dutch_households.py)."""

import random

import pytest

from schakel.analytics import linkage
from tests.analytics.households import MAPPING, evaluate, extract, registry


@pytest.fixture(scope="module")
def linked():
    rng = random.Random(14)
    persons = registry(600, rng)
    twins = {frozenset((p.pid, p.twin_of)) for p in persons if p.twin_of is not None}
    left, right = extract(persons, 0.7, rng, messy=False), extract(persons, 0.7, rng, messy=True)
    columns = list(MAPPING.values())
    result = linkage.link_records(left[columns], right[columns], MAPPING, threshold=0.9)
    pairs = list(zip(result.pairs.left_id, result.pairs.right_id, strict=True))
    return evaluate(left, right, pairs, twins), twins


def test_no_two_members_of_a_household_are_linked(linked):
    scores, twins = linked
    assert len(twins) >= 10  # the set holds twins to be tempted by
    assert scores["household false links"] == 0
    assert scores["false links with two different BSNs"] == 0


def test_the_same_persons_are_still_found(linked):
    scores, _twins = linked
    assert scores["precision"] == 1.0
    assert scores["recall"] >= 0.98

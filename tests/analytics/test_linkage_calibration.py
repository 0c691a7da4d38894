"""Calibration of the linkage's probabilities (issue 14): per band of predicted probability, how
many pairs are true — and the pairs the model is surest of are true."""

import math
import random

import pytest

from schakel.analytics import linkage
from tests.analytics.households import MAPPING, extract, registry


def test_pairs_fall_in_the_band_of_their_probability():
    probabilities = [0.3, 0.5, 0.79, 0.8, 0.95, 0.99, 0.995, 0.999, 1.0]
    is_true = [False, False, True, True, True, True, False, True, True]
    bins = linkage.calibration(probabilities, is_true)
    assert [(b.lower, b.upper) for b in bins] == [
        (0.5, 0.8),
        (0.8, 0.9),
        (0.9, 0.99),
        (0.99, 0.999),
        (0.999, 1.0),
    ]
    # 0.3 lies under every band; a band holds its lower edge, the last one 1.0 as well
    assert [b.pairs for b in bins] == [2, 1, 1, 2, 2]
    assert [b.true_pairs for b in bins] == [1, 1, 1, 1, 2]
    assert [b.precision for b in bins] == [0.5, 1.0, 1.0, 0.5, 1.0]
    assert bins[0].mean_probability == pytest.approx(0.645)
    assert bins[4].mean_probability == pytest.approx(0.9995)


def test_an_empty_band_says_so_and_lengths_must_agree():
    bins = linkage.calibration([0.95], [True], edges=(0.5, 0.9, 1.0))
    assert bins[0].pairs == 0 and math.isnan(bins[0].precision)
    assert (bins[1].pairs, bins[1].precision) == (1, 1.0)
    with pytest.raises(ValueError):
        linkage.calibration([0.9, 0.8], [True])


def test_the_surest_pairs_of_a_generated_dutch_set_are_true():
    rng = random.Random(7)
    persons = registry(300, rng)
    left, right = extract(persons, 0.7, rng, messy=False), extract(persons, 0.7, rng, messy=True)
    columns = list(MAPPING.values())
    result = linkage.link_records(left[columns], right[columns], MAPPING, threshold=0.5)
    pid_l = dict(zip(left.id, left.pid, strict=True))
    pid_r = dict(zip(right.id, right.pid, strict=True))
    truth = [
        pid_l[a] == pid_r[b]
        for a, b in zip(result.pairs.left_id, result.pairs.right_id, strict=True)
    ]
    bins = linkage.calibration(result.pairs.match_probability, truth)
    top = bins[-1]
    assert top.pairs >= 300
    assert top.precision >= 0.99
    assert sum(b.pairs for b in bins) == len(truth)

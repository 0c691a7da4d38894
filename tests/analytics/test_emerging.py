"""Mann-Kendall and the emerging hot-spot patterns."""

import itertools

import numpy as np
import pytest
from scipy import stats

from schakel.analytics import emerging


def reference_mann_kendall(x):
    """Straightforward O(n^2) Mann-Kendall with the tie correction."""
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) for i, j in itertools.combinations(range(n), 2))
    _, ties = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    z = (s - np.sign(s)) / np.sqrt(var) if s else 0.0
    return s, var, z, 2 * stats.norm.sf(abs(z))


def test_mann_kendall_matches_a_reference_on_series_with_and_without_ties():
    rng = np.random.default_rng(4)
    series = np.stack(
        [
            rng.normal(size=15),
            np.arange(15) + rng.normal(scale=3, size=15),
            rng.integers(0, 4, size=15).astype(float),  # many ties
            np.zeros(15),
        ],
        axis=1,
    )
    result = emerging.mann_kendall(series)
    for i in range(series.shape[1]):
        s, var, z, p = reference_mann_kendall(series[:, i])
        assert result.s[i] == s
        assert result.variance[i] == pytest.approx(var)
        assert result.z[i] == pytest.approx(z)
        assert result.p_value[i] == pytest.approx(p)


def test_mann_kendall_s_equals_kendall_tau_numerator_without_ties():
    x = np.random.default_rng(9).normal(size=20)
    n = len(x)
    tau = stats.kendalltau(np.arange(n), x).statistic
    assert emerging.mann_kendall(x).s == pytest.approx(tau * n * (n - 1) / 2)


def test_a_rising_series_has_a_significant_upward_trend():
    result = emerging.mann_kendall(np.arange(10, dtype=float))
    assert result.s == 45
    assert result.z > 0 and result.p_value < 0.001


H, C, N = 1, -1, 0


def pattern_of(states, trend=0.0, trend_p=1.0):
    states = np.array(states)
    code = emerging.classify_patterns(
        (states == H)[:, None], (states == C)[:, None], np.array([trend]), np.array([trend_p])
    )[0]
    return emerging.PATTERN_CODES[int(code)]


@pytest.mark.parametrize(
    ("states", "trend", "trend_p", "expected"),
    [
        ([N] * 9 + [H], 0, 1, "new_hot"),
        ([N] * 7 + [H] * 3, 0, 1, "consecutive_hot"),
        ([C] + [N] * 6 + [H] * 3, 0, 1, "consecutive_hot"),
        ([H] * 10, 3.0, 0.001, "intensifying_hot"),
        ([N] + [H] * 9, 0.5, 0.6, "persistent_hot"),
        ([H] * 10, -3.0, 0.001, "diminishing_hot"),
        ([H, N, H, N, N, H, N, N, H, H], 0, 1, "sporadic_hot"),
        ([H, C, H, N, N, H, N, N, N, H], 0, 1, "oscillating_hot"),
        ([H] * 9 + [N], 0, 1, "historical_hot"),
        ([H] * 8 + [N, N], 0, 1, "no_pattern"),
        ([N] * 10, 0, 1, "no_pattern"),
        ([N] * 9 + [C], 0, 1, "new_cold"),
        ([C] * 10, -3.0, 0.001, "intensifying_cold"),
        ([C] * 10, 3.0, 0.001, "diminishing_cold"),
        ([N, C, N, C, N, N, H, N, C, C], 0, 1, "oscillating_cold"),
    ],
)
def test_emerging_pattern_categories(states, trend, trend_p, expected):
    assert pattern_of(states, trend, trend_p) == expected


def test_ninety_percent_means_nine_of_ten_periods():
    assert pattern_of([N] + [H] * 9) == "persistent_hot"
    assert pattern_of([N, N] + [H] * 8) == "consecutive_hot"


def test_emerging_hot_spots_find_a_spot_that_appears_in_the_last_periods():
    rng = np.random.default_rng(8)
    cube = rng.poisson(0.5, size=(12, 20, 20))
    cube[:, 5, 5] += 30  # always hot
    cube[9:, 14, 14] += 30  # hot from period 9 on
    result = emerging.emerging_hot_spots(cube)
    names = result.pattern_names()
    assert names[5, 5] in ("persistent_hot", "intensifying_hot", "diminishing_hot")
    assert names[14, 14] == "consecutive_hot"
    assert names[0, 19] == "no_pattern"
    assert result.hot_periods[5, 5] == 12

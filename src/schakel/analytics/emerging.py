"""Emerging hot spots: per cell a Gi* series over periods, a Mann-Kendall trend and a pattern.

Pure NumPy/SciPy; no Django.

Space-time model (simpler than ArcGIS's space-time cube)
    Every period (month or week) is analysed as its own grid with `hotspots.gi_star` and the
    per-period FDR correction: the neighbourhood is spatial only (3 × 3 queen incl. the cell).
    ArcGIS's space-time cube also counts the same cells in the previous time step(s) as
    neighbours (neighbourhood time step 1); that is out of scope here.

Significance per period
    A cell is *hot* in a period when its Gi* class there is +1 or more (90 % confidence or
    better, FDR-adjusted by default), *cold* when it is -1 or less.

Trend
    Mann-Kendall on each cell's series of Gi* z-scores (as ArcGIS does for the pattern
    categories): S = sum_{i<j} sign(x_j - x_i); Var(S) with the tie correction
    n(n-1)(2n+5)/18 - sum_t t(t-1)(2t+5)/18 over groups of tied values (ties are common: every
    empty neighbourhood has the same z); Z = (S - sign(S)) / sqrt(Var(S)) (continuity
    correction), two-sided p = 2 * (1 - Phi(|Z|)). A trend is significant when p < `trend_alpha`
    (0.05). Vectorised over cells; O(T^2) in the number of periods.

Patterns (ArcGIS's published definitions, "How Emerging Hot Spot Analysis works"), with T
periods, H the number of hot periods and "90 %" meaning H >= 0.9 * T:

    new           hot in the final period only, never hot before.
    consecutive   one uninterrupted run of >= 2 hot periods that ends with the final period,
                  never hot before that run, H < 90 %.
    intensifying  H >= 90 %, final period hot, significant increasing trend in z.
    persistent    H >= 90 %, final period hot, no significant trend.
    diminishing   H >= 90 %, final period hot, significant decreasing trend.
    sporadic      final period hot, H < 90 %, on and off (not new or consecutive), never cold.
    oscillating   final period hot, H < 90 %, not new or consecutive, cold in some period.
    historical    final period not hot, H >= 90 %.
    no pattern    none of the above.

The same rules mirrored (cold for hot, decreasing for increasing) give the cold patterns; a
cell gets the hot pattern when it has one, else the cold pattern. "new" and "consecutive" are
decided before "oscillating" because their definitions do not mention cold periods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from .hotspots import classify, fdr_bh, gi_star

NO_PATTERN = "no_pattern"
PATTERNS: tuple[str, ...] = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
# Codes: +1..+8 hot patterns in the order above, -1..-8 the cold ones, 0 no pattern.
PATTERN_CODES: dict[int, str] = {0: NO_PATTERN}
for _i, _name in enumerate(PATTERNS, start=1):
    PATTERN_CODES[_i] = f"{_name}_hot"
    PATTERN_CODES[-_i] = f"{_name}_cold"

TREND_ALPHA = 0.05
PERSISTENT_SHARE = 0.9


@dataclass(frozen=True)
class MannKendall:
    s: npt.NDArray[np.float64]
    variance: npt.NDArray[np.float64]
    z: npt.NDArray[np.float64]
    p_value: npt.NDArray[np.float64]


def mann_kendall(series: npt.ArrayLike, tie_correction: bool = True) -> MannKendall:
    """Mann-Kendall trend test along axis 0 (time) of `series`, for every other index at once."""
    x = np.asarray(series, dtype=np.float64)
    t = x.shape[0]
    s = np.zeros(x.shape[1:], dtype=np.float64)
    ties = np.zeros(x.shape[1:], dtype=np.float64)
    for i in range(t):
        later = x[i + 1 :]
        s += np.sign(later - x[i]).sum(axis=0)
        if tie_correction:
            # c_i = how many values equal x_i (incl. itself); sum_i (c_i - 1)(2 c_i + 5)
            # equals sum over tie groups of t(t - 1)(2t + 5).
            c = (x == x[i]).sum(axis=0)
            ties += (c - 1) * (2 * c + 5)
    variance = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(variance), 0.0)
    p = special.erfc(np.abs(z) / np.sqrt(2.0))
    return MannKendall(s=s, variance=variance, z=z, p_value=p)


def classify_patterns(
    hot: npt.ArrayLike,
    cold: npt.ArrayLike,
    trend_z: npt.ArrayLike,
    trend_p: npt.ArrayLike,
    trend_alpha: float = TREND_ALPHA,
) -> npt.NDArray[np.int8]:
    """Pattern codes (see `PATTERN_CODES`) from per-period hot/cold flags (axis 0 = time)."""
    hot_b = np.asarray(hot, dtype=bool)
    cold_b = np.asarray(cold, dtype=bool)
    tz = np.asarray(trend_z, dtype=np.float64)
    significant = np.asarray(trend_p, dtype=np.float64) < trend_alpha
    hot_codes = _one_sided_patterns(hot_b, cold_b, significant & (tz > 0), significant & (tz < 0))
    cold_codes = _one_sided_patterns(cold_b, hot_b, significant & (tz < 0), significant & (tz > 0))
    return np.where(hot_codes != 0, hot_codes, -cold_codes).astype(np.int8)


def _one_sided_patterns(
    on: npt.NDArray[np.bool_],
    opposite: npt.NDArray[np.bool_],
    rising: npt.NDArray[np.bool_],
    falling: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int8]:
    """Codes 1..8 for the hot patterns of `on` (mirror by swapping arguments for cold)."""
    t = on.shape[0]
    share = on.sum(axis=0) / t
    final = on[-1]
    mostly = share >= PERSISTENT_SHARE - 1e-12
    # Length of the run of `on` periods that ends with the final period.
    run = np.zeros(on.shape[1:], dtype=np.int64)
    still = np.ones(on.shape[1:], dtype=bool)
    for i in range(t - 1, -1, -1):
        still &= on[i]
        run += still
    before_run = on.sum(axis=0) - run  # on-periods before the final run
    ever_opposite = opposite.any(axis=0)

    code = np.zeros(on.shape[1:], dtype=np.int8)
    conditions = [
        (final & ~mostly & (run == 1) & (before_run == 0), 1),  # new
        (final & ~mostly & (run >= 2) & (before_run == 0), 2),  # consecutive
        (final & mostly & rising, 3),  # intensifying
        (final & mostly & ~rising & ~falling, 4),  # persistent
        (final & mostly & falling, 5),  # diminishing
        (final & ~mostly & (before_run > 0) & ~ever_opposite, 6),  # sporadic
        (final & ~mostly & (before_run > 0) & ever_opposite, 7),  # oscillating
        (~final & mostly, 8),  # historical
    ]
    for condition, value in reversed(conditions):
        code = np.where(condition, np.int8(value), code)
    return code.astype(np.int8)


@dataclass(frozen=True)
class EmergingResult:
    """Per cell (grid shape): pattern code, trend and the number of hot/cold periods."""

    pattern: npt.NDArray[np.int8]
    trend_z: npt.NDArray[np.float64]
    trend_p: npt.NDArray[np.float64]
    hot_periods: npt.NDArray[np.int64]
    cold_periods: npt.NDArray[np.int64]
    z: npt.NDArray[np.float64]  # (periods, rows, cols) Gi* z per period
    classes: npt.NDArray[np.int8]  # (periods, rows, cols) Gi* class per period

    def pattern_names(self) -> npt.NDArray[np.str_]:
        names = np.array([PATTERN_CODES[c] for c in range(-8, 9)])
        return names[self.pattern.astype(np.int64) + 8]

    def summary(self) -> dict[str, int]:
        codes, numbers = np.unique(self.pattern, return_counts=True)
        return {PATTERN_CODES[int(c)]: int(n) for c, n in zip(codes, numbers, strict=True)}


def emerging_hot_spots(
    counts: npt.ArrayLike, use_fdr: bool = True, trend_alpha: float = TREND_ALPHA
) -> EmergingResult:
    """Emerging hot-spot patterns from counts shaped (periods, rows, cols)."""
    cube = np.asarray(counts, dtype=np.float64)
    if cube.ndim != 3 or cube.shape[0] < 2:
        raise ValueError("need counts shaped (periods >= 2, rows, cols)")
    gi = gi_star(cube)
    # FDR per period: each period is its own family of tests.
    p = np.stack([fdr_bh(period) for period in gi.p_value]) if use_fdr else gi.p_value
    classes = classify(gi.z, p)
    hot = classes > 0
    cold = classes < 0
    trend = mann_kendall(gi.z)
    return EmergingResult(
        pattern=classify_patterns(hot, cold, trend.z, trend.p_value, trend_alpha),
        trend_z=trend.z,
        trend_p=trend.p_value,
        hot_periods=hot.sum(axis=0),
        cold_periods=cold.sum(axis=0),
        z=gi.z,
        classes=classes,
    )

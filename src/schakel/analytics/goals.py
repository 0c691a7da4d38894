"""Progress of a hot-spot plan's measurable goal: incidents now against a baseline period.

A goal reads "category X changes by T % in the measurement period compared with the baseline
period". Periods differ in length (and the measurement period may still be running), so counts
are compared as rates per day: the rate ratio R = (current / current days) / (baseline / baseline
days), with its exact confidence interval for Poisson counts (conditional on the total, the
current count is binomial; Clopper–Pearson).

Honest figures (issue 13): nothing is said until the measurement period holds enough days and
enough incidents to say anything (`GoalRule`: at least `min_days` measured, and at least
`min_expected` incidents expected at the baseline rate over those days). Then the verdict follows
the interval, not the point estimate:

- on track: the estimate meets the target and the interval excludes "no change" (a real change
  in the asked direction);
- not on track: the whole interval misses the target (even the favourable end does not reach it);
- uncertain: anything between — the counts cannot tell yet.

No Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scipy.stats import beta


class Verdict(StrEnum):
    TOO_EARLY = "too_early"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class GoalRule:
    min_days: int = 28
    min_expected: float = 10.0
    confidence: float = 0.95


@dataclass(frozen=True)
class GoalProgress:
    baseline_count: int
    baseline_days: int
    current_count: int
    current_days: int
    expected_count: float | None  # the baseline rate over the days measured so far
    percent_change: float | None  # None: too early, or no baseline incidents
    target_percent: int
    verdict: Verdict
    ratio_low: float | None = None  # the rate ratio's confidence interval
    ratio_high: float | None = None

    @property
    def on_track(self) -> bool | None:
        """True / False when the counts say so; None while too early or uncertain."""
        if self.verdict == Verdict.ON_TRACK:
            return True
        if self.verdict == Verdict.OFF_TRACK:
            return False
        return None

    @property
    def percent_low(self) -> float | None:
        return None if self.ratio_low is None else round(self.ratio_low * 100 - 100, 1)

    @property
    def percent_high(self) -> float | None:
        return None if self.ratio_high is None else round(self.ratio_high * 100 - 100, 1)

    @property
    def target_count(self) -> float | None:
        """How many incidents the goal allows over the days measured so far."""
        if self.expected_count is None:
            return None
        return self.expected_count * (1 + self.target_percent / 100)


def rate_ratio_interval(
    current_count: int,
    current_days: float,
    baseline_count: int,
    baseline_days: float,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Exact confidence interval of the ratio of two Poisson rates.

    Given the total n, the current count is Binomial(n, π) with π = R·t1 / (R·t1 + t0); the
    Clopper–Pearson interval for π maps to R = π / (1 − π) · t0 / t1. An upper bound of infinity
    means the data cannot bound it (no baseline incidents).
    """
    n = current_count + baseline_count
    if n == 0:
        return 0.0, float("inf")
    alpha = 1 - confidence
    low_p = 0.0 if current_count == 0 else beta.ppf(alpha / 2, current_count, n - current_count + 1)
    high_p = (
        1.0 if current_count == n else beta.ppf(1 - alpha / 2, current_count + 1, n - current_count)
    )
    scale = baseline_days / current_days

    def ratio(p: float) -> float:
        return float("inf") if p >= 1 else p / (1 - p) * scale

    return ratio(float(low_p)), ratio(float(high_p))


def goal_progress(
    *,
    baseline_count: int,
    baseline_days: int,
    current_count: int,
    current_days: int,
    target_percent: int,
    rule: GoalRule | None = None,
) -> GoalProgress:
    """Compare the current rate with the baseline rate and say, honestly, whether the target is
    met. A negative target (e.g. −30) asks for fewer incidents, a positive one for more (e.g.
    more reports by residents)."""
    rule = rule or GoalRule()
    if baseline_days <= 0:
        raise ValueError("the baseline period must last at least one day")
    current_days = max(0, current_days)
    expected = baseline_count * current_days / baseline_days if current_days else None

    def result(verdict, change=None, low=None, high=None) -> GoalProgress:
        return GoalProgress(
            baseline_count,
            baseline_days,
            current_count,
            current_days,
            expected,
            change,
            target_percent,
            verdict,
            low,
            high,
        )

    if (
        current_days < rule.min_days
        or baseline_count == 0
        or expected is None
        or expected < rule.min_expected
    ):
        return result(Verdict.TOO_EARLY)
    ratio = (current_count / current_days) / (baseline_count / baseline_days)
    low, high = rate_ratio_interval(
        current_count, current_days, baseline_count, baseline_days, rule.confidence
    )
    target = 1 + target_percent / 100
    if target_percent <= 0:
        if ratio <= target and high < 1:
            verdict = Verdict.ON_TRACK
        elif low > target:
            verdict = Verdict.OFF_TRACK
        else:
            verdict = Verdict.UNCERTAIN
    else:
        if ratio >= target and low > 1:
            verdict = Verdict.ON_TRACK
        elif high < target:
            verdict = Verdict.OFF_TRACK
        else:
            verdict = Verdict.UNCERTAIN
    return result(verdict, round(ratio * 100 - 100, 1), low, high)

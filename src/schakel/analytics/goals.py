"""Progress of a hot-spot plan's measurable goal: incidents now against a baseline period.

A goal reads "category X changes by T % in the measurement period compared with the baseline
period". Periods differ in length (and the measurement period may still be running), so counts
are compared as rates per day. No Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoalProgress:
    baseline_count: int
    baseline_days: int
    current_count: int
    current_days: int
    expected_count: float | None  # the baseline rate over the days measured so far
    percent_change: float | None  # None: no baseline incidents or nothing measured yet
    target_percent: int
    on_track: bool | None  # None: cannot tell yet

    @property
    def target_count(self) -> float | None:
        """How many incidents the goal allows over the days measured so far."""
        if self.expected_count is None:
            return None
        return self.expected_count * (1 + self.target_percent / 100)


def goal_progress(
    *,
    baseline_count: int,
    baseline_days: int,
    current_count: int,
    current_days: int,
    target_percent: int,
) -> GoalProgress:
    """Compare the current rate with the baseline rate and say whether the target is met.

    A negative target (e.g. −30) asks for fewer incidents: on track when the change is at or below
    the target. A positive target asks for more (e.g. more reports by residents): on track when
    the change is at or above it.
    """
    if baseline_days <= 0:
        raise ValueError("the baseline period must last at least one day")
    current_days = max(0, current_days)
    if current_days == 0:
        return GoalProgress(
            baseline_count, baseline_days, current_count, 0, None, None, target_percent, None
        )
    expected = baseline_count * current_days / baseline_days
    if baseline_count == 0:
        return GoalProgress(
            baseline_count,
            baseline_days,
            current_count,
            current_days,
            expected,
            None,
            target_percent,
            None,
        )
    change = (current_count / current_days) / (baseline_count / baseline_days) * 100 - 100
    on_track = change <= target_percent if target_percent <= 0 else change >= target_percent
    return GoalProgress(
        baseline_count,
        baseline_days,
        current_count,
        current_days,
        expected,
        round(change, 1),
        target_percent,
        on_track,
    )

"""Recidivism as time to the first new offence: Kaplan–Meier survival with numbers at risk.

Pure NumPy, no Django. The input per person is a follow-up time in days (from the index date,
e.g. inclusion on a target-group list, to the first new offence or to the end of observation)
and whether that end was an offence (`observed`) or the end of observation (censored).

The estimates are descriptive: a difference between two curves (persons on the list versus
persons who met the criteria but were not included) says nothing about what caused it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class SurvivalCurve:
    """The Kaplan–Meier estimate at each distinct event time.

    `times[i]` is a time (days) at which at least one event happened; `at_risk[i]` the number
    of persons still followed and event-free just before it; `events[i]` how many had their
    first new offence then; `survival[i]` the estimated share still without a new offence just
    after `times[i]`; `variance[i]` Greenwood's variance of that estimate.
    """

    times: npt.NDArray[np.float64]
    at_risk: npt.NDArray[np.int64]
    events: npt.NDArray[np.int64]
    survival: npt.NDArray[np.float64]
    variance: npt.NDArray[np.float64]
    n: int
    n_events: int

    def at(self, t: float) -> float:
        """S(t): the estimated share without a new offence after `t` days (step function)."""
        index = int(np.searchsorted(self.times, t, side="right")) - 1
        return 1.0 if index < 0 else float(self.survival[index])

    def confidence_interval(self, t: float, z: float = 1.96) -> tuple[float, float]:
        """A plain (Greenwood) pointwise interval at `t`, clipped to [0, 1]."""
        index = int(np.searchsorted(self.times, t, side="right")) - 1
        if index < 0:
            return (1.0, 1.0)
        s, se = float(self.survival[index]), float(np.sqrt(self.variance[index]))
        return (max(0.0, s - z * se), min(1.0, s + z * se))

    def step_points(self, until: float) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """x, y for drawing the curve as steps from 0 to `until` (use `where='post'`)."""
        keep = self.times <= until
        xs = np.concatenate(([0.0], self.times[keep], [float(until)]))
        ys = np.concatenate(([1.0], self.survival[keep], [self.at(until)]))
        return xs, ys


def kaplan_meier(durations: npt.ArrayLike, observed: npt.ArrayLike) -> SurvivalCurve:
    """Kaplan–Meier estimate from follow-up times and event indicators.

    Censored persons count as at risk at an event time equal to their censoring time (the usual
    convention: events before censorings at tied times).
    """
    t = np.asarray(durations, dtype=np.float64)
    d = np.asarray(observed, dtype=bool)
    if t.shape != d.shape or t.ndim != 1:
        raise ValueError("durations and observed must be one-dimensional and of equal length")
    if t.size and (np.isnan(t).any() or (t < 0).any()):
        raise ValueError("durations must be non-negative numbers")
    n = int(t.size)
    if n == 0:
        empty_f = np.zeros(0, dtype=np.float64)
        empty_i = np.zeros(0, dtype=np.int64)
        return SurvivalCurve(empty_f, empty_i, empty_i, empty_f, empty_f, 0, 0)
    event_times = np.unique(t[d])
    sorted_t = np.sort(t)
    # at risk just before time u: persons whose follow-up is >= u
    at_risk = n - np.searchsorted(sorted_t, event_times, side="left")
    sorted_event_t = np.sort(t[d])
    events = np.searchsorted(sorted_event_t, event_times, side="right") - np.searchsorted(
        sorted_event_t, event_times, side="left"
    )
    factors = 1.0 - events / at_risk
    survival = np.cumprod(factors, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(at_risk > events, events / (at_risk * (at_risk - events)), np.inf)
    greenwood = np.cumsum(terms)
    # Greenwood is undefined once everybody at risk had the event (S = 0): report 0 there
    variance = survival**2 * np.where(np.isfinite(greenwood), greenwood, 0.0)
    return SurvivalCurve(
        times=event_times,
        at_risk=at_risk.astype(np.int64),
        events=events.astype(np.int64),
        survival=survival,
        variance=variance,
        n=n,
        n_events=int(d.sum()),
    )


def numbers_at_risk(durations: npt.ArrayLike, at_times: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """How many persons are still followed (event-free, not censored) at each of `at_times`.

    A person whose follow-up ends exactly at t is counted as at risk at t.
    """
    t = np.sort(np.asarray(durations, dtype=np.float64))
    at = np.asarray(at_times, dtype=np.float64)
    return (t.size - np.searchsorted(t, at, side="left")).astype(np.int64)


def follow_up(
    index_dates: list[date],
    first_offence_dates: list[date | None],
    end_of_observation: date,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Durations (days) and event flags from index dates and first new offence dates.

    An offence after the end of observation is not seen (censored at the end); persons whose
    index date lies after the end of observation are left out by the caller.
    """
    if len(index_dates) != len(first_offence_dates):
        raise ValueError("one first-offence date (or None) per index date")
    start = np.array(index_dates, dtype="datetime64[D]")
    end = np.datetime64(end_of_observation, "D")
    offence = np.array(
        [d if d is not None else end_of_observation for d in first_offence_dates],
        dtype="datetime64[D]",
    )
    has_offence = np.array([d is not None for d in first_offence_dates], dtype=bool)
    observed = has_offence & (offence <= end)
    stop = np.where(observed, offence, end)
    durations = (stop - start).astype(np.int64).astype(np.float64)
    if durations.size and (durations < 0).any():
        raise ValueError("an offence or the end of observation lies before an index date")
    return durations, observed

"""Kaplan–Meier against a hand-computed example, numbers at risk, and follow-up from dates."""

import datetime

import numpy as np
import pytest

from schakel.analytics.recidivism import follow_up, kaplan_meier, numbers_at_risk

# Eight persons; days to the first new offence (observed) or to the end of follow-up (censored).
DURATIONS = [2, 3, 3, 5, 6, 8, 9, 10]
OBSERVED = [1, 1, 0, 1, 0, 1, 0, 0]


def test_kaplan_meier_matches_the_hand_computed_example():
    curve = kaplan_meier(DURATIONS, OBSERVED)
    # t=2: 8 at risk, 1 event -> 7/8; t=3: 7 at risk (the one censored at 3 still counts), 1 event
    # -> 7/8 * 6/7 = 0.75; t=5: 5 at risk -> 0.75 * 4/5 = 0.6; t=8: 3 at risk -> 0.6 * 2/3 = 0.4
    assert curve.times.tolist() == [2, 3, 5, 8]
    assert curve.at_risk.tolist() == [8, 7, 5, 3]
    assert curve.events.tolist() == [1, 1, 1, 1]
    assert curve.survival == pytest.approx([0.875, 0.75, 0.6, 0.4])
    assert (curve.n, curve.n_events) == (8, 4)


def test_survival_is_a_step_function_between_event_times():
    curve = kaplan_meier(DURATIONS, OBSERVED)
    assert curve.at(0) == 1.0
    assert curve.at(1.99) == 1.0
    assert curve.at(2) == pytest.approx(0.875)
    assert curve.at(4) == pytest.approx(0.75)
    assert curve.at(100) == pytest.approx(0.4)


def test_greenwood_variance_at_the_first_event():
    curve = kaplan_meier(DURATIONS, OBSERVED)
    assert curve.variance[0] == pytest.approx(0.875**2 * 1 / (8 * 7))
    low, high = curve.confidence_interval(2)
    assert low < 0.875 < high


def test_numbers_at_risk_count_persons_still_followed():
    assert numbers_at_risk(DURATIONS, [0, 4, 8, 11]).tolist() == [8, 5, 3, 0]


def test_without_events_everyone_survives():
    curve = kaplan_meier([5, 7, 9], [0, 0, 0])
    assert curve.times.size == 0
    assert curve.at(100) == 1.0


def test_empty_input_gives_an_empty_curve():
    curve = kaplan_meier([], [])
    assert curve.n == 0
    assert curve.at(10) == 1.0


def test_negative_durations_are_refused():
    with pytest.raises(ValueError):
        kaplan_meier([-1, 2], [1, 0])


def test_follow_up_censors_at_the_end_of_observation():
    start = datetime.date(2024, 1, 1)
    end = datetime.date(2024, 12, 31)
    durations, observed = follow_up(
        [start, start, datetime.date(2024, 6, 1)],
        [datetime.date(2024, 1, 31), None, datetime.date(2025, 3, 1)],
        end,
    )
    assert durations.tolist() == [30, 365, 213]
    assert observed.tolist() == [True, False, False]


def test_step_points_start_at_one_and_end_at_the_horizon():
    xs, ys = kaplan_meier(DURATIONS, OBSERVED).step_points(9)
    assert xs[0] == 0 and ys[0] == 1.0
    assert xs[-1] == 9 and ys[-1] == pytest.approx(0.4)
    assert np.all(np.diff(ys) <= 0)

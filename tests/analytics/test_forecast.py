"""Forecast check: PAI and hit rate by hand."""

import numpy as np
import pytest

from schakel.analytics import forecast


def test_pai_and_hit_rate_by_hand():
    cube = np.zeros((3, 2, 5), dtype=int)  # 10 cells
    cube[0, 0, 0] = 5
    cube[1, 0, 0] = 3
    cube[0, 1, 4] = 4
    cube[1, 0, 1] = 1
    # Month 3 (index 2): 6 incidents in cell (0,0), 2 in (1,4), 2 elsewhere.
    cube[2, 0, 0] = 6
    cube[2, 1, 4] = 2
    cube[2, 1, 1] = 2
    score = forecast.forecast_check(cube, train_periods=2, share=0.2)
    # Top 20 % = 2 cells: (0,0) with 8, (1,4) with 4. They hold 8 of 10 incidents.
    assert score.predicted_cells == 2
    assert score.incidents_in_predicted == 8
    assert score.hit_rate == pytest.approx(0.8)
    assert score.area_share == pytest.approx(0.2)
    assert score.pai == pytest.approx(4.0)


def test_share_is_rounded_up_to_whole_cells_and_ties_keep_grid_order():
    mask = forecast.predicted_cells(np.array([[1.0, 2.0, 2.0, 0.0]]), 0.3)
    assert mask.tolist() == [[False, True, True, False]]


def test_training_must_leave_a_month_to_score():
    with pytest.raises(ValueError):
        forecast.forecast_check(np.zeros((2, 3, 3)), train_periods=2, share=0.1)

"""Forecast check: how well do the hot spots of months 1..k predict month k + 1?

Pure NumPy; no Django.

The cells are ranked on the training window (periods 0..k-1 of a count cube): either by the
total count or by the Gi* z-score of the total (`method="gi"`). The top `share` of the cells of
the study area (rounded up to whole cells; ties broken by the lower row-major index, so the
result is deterministic) is the prediction. On period k:

    hit rate = incidents in the predicted cells / all incidents            (0..1)
    area share = predicted cells / all cells of the study area              (0..1)
    PAI = hit rate / area share                                             (Chainey et al. 2008)

A PAI of 1 means no better than chance; higher is better.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .hotspots import gi_star


@dataclass(frozen=True)
class ForecastScore:
    train_periods: int
    predicted_cells: int
    total_cells: int
    incidents_in_predicted: int
    incidents_total: int

    @property
    def area_share(self) -> float:
        return self.predicted_cells / self.total_cells if self.total_cells else 0.0

    @property
    def hit_rate(self) -> float:
        return self.incidents_in_predicted / self.incidents_total if self.incidents_total else 0.0

    @property
    def pai(self) -> float:
        return self.hit_rate / self.area_share if self.area_share else 0.0


def predicted_cells(scores: npt.ArrayLike, share: float) -> npt.NDArray[np.bool_]:
    """A mask of the top `share` (0 < share <= 1) of cells by score."""
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    values = np.asarray(scores, dtype=np.float64)
    flat = values.ravel()
    n = math.ceil(share * flat.size - 1e-9)
    # Stable sort on -score: equal scores keep row-major order.
    order = np.argsort(-flat, kind="stable")[:n]
    mask = np.zeros(flat.size, dtype=bool)
    mask[order] = True
    return mask.reshape(values.shape)


def forecast_check(
    counts: npt.ArrayLike, train_periods: int, share: float, method: str = "count"
) -> ForecastScore:
    """Train on periods 0..train_periods-1 of a (periods, rows, cols) cube, score the next one."""
    cube = np.asarray(counts, dtype=np.int64)
    if cube.ndim != 3:
        raise ValueError("need counts shaped (periods, rows, cols)")
    if not 1 <= train_periods < cube.shape[0]:
        raise ValueError("train_periods must leave at least one period to score")
    training = cube[:train_periods].sum(axis=0)
    if method == "count":
        scores = training.astype(np.float64)
    elif method == "gi":
        scores = gi_star(training).z
    else:
        raise ValueError(f"unknown method {method!r}")
    mask = predicted_cells(scores, share)
    target = cube[train_periods]
    return ForecastScore(
        train_periods=train_periods,
        predicted_cells=int(mask.sum()),
        total_cells=int(mask.size),
        incidents_in_predicted=int(target[mask].sum()),
        incidents_total=int(target.sum()),
    )

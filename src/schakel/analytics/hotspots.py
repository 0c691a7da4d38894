"""Hot spots on a square grid in RD New: binning, Getis-Ord Gi*, FDR correction and classes.

Pure NumPy/SciPy; no Django. The Django app (`schakel.incidents`) and the `hotspots` command call it.

Grid
    Square cells of `cell_size` metres (100 m default, 250 m and 500 m selectable) in RD New
    (EPSG:28992), aligned to multiples of the cell size as in CBS's *vierkantstatistieken*: a cell
    with column `c` and row `r` covers x in [c * size, (c + 1) * size) and y in
    [r * size, (r + 1) * size). A `Grid` holds the counts of a rectangular study area as a 2-D array
    with row 0 the southernmost row and column 0 the westernmost; empty cells inside the study
    area are kept (they carry information for Gi*). Flattening is row-major, the same order as
    libpysal's `lat2W(nrows, ncols)`.

Cell ids
    ``crs28992res{size}mN{y_min}E{x_min}`` with the lower-left corner in whole metres, modelled
    on the codes of CBS's square statistics (e.g. ``crs28992res100mN463000E155000``). The id is
    unique for every cell size, including 250 m whose corners are not whole hectometres.

Gi* (Getis & Ord 1992; Ord & Getis 1995)
    Binary queen contiguity including the cell itself (`star=True`, transform 'B'): a cell's
    neighbourhood is the 3 × 3 block around it, clipped at the edge of the study area (9 cells
    inside, 6 on an edge, 4 in a corner). The formulas are exactly those of PySAL's
    ``esda.G_Local(y, w, star=True, transform='B')`` (esda 2.x, ``G_Local.calc``), with n the
    number of cells and the focal cell counted in every sum:

        G_i   = sum_{j in N_i} y_j / sum_j y_j
        E[G_i] = k_i / n                                  (k_i: neighbourhood size incl. i)
        V[G_i] = k_i (n - k_i) / (n - 1) / n^2 * s^2 / ybar^2
                 with ybar = sum y / n and s^2 = sum y^2 / n - ybar^2
        z_i   = (G_i - E[G_i]) / sqrt(V[G_i])

    The neighbourhood sums are nine shifted array additions (a 3 × 3 box sum), so a
    1,000 × 1,000 grid takes a few tens of milliseconds.

p-values
    ``p_value`` is esda's ``p_norm``: the one-tailed normal tail beyond |z|, ``norm.sf(|z|)``.
    A cell is significant at confidence level c (90/95/99 %) when that tail is below
    (1 - c) / 2, i.e. the usual two-sided test (|z| > 1.645, 1.960, 2.576), as ArcGIS's Gi_Bin.
    ``p_fdr`` is the Benjamini-Hochberg adjusted version of ``p_value`` over all cells of the
    study area; since BH scales linearly, comparing it with (1 - c) / 2 is the same as comparing
    BH-adjusted two-sided p-values with 1 - c.

Classes (``hot_cold_class``, like ArcGIS's Gi_Bin)
    +3/+2/+1: hot spot at 99/95/90 % confidence; -3/-2/-1: cold spot; 0: not significant.
    ``hot_cold_class`` uses the FDR-adjusted p (the default: with a million cells, uncorrected
    tests find thousands of "hot spots" by chance); ``hot_cold_class_raw`` uses the raw p.

Degenerate input (no incidents at all, or every cell the same count) has no variance: z is 0,
p is 0.5 and every cell is class 0 (esda would return NaN).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

CELL_SIZES: tuple[int, ...] = (100, 250, 500)
DEFAULT_CELL_SIZE = 100
CONFIDENCE_LEVELS: tuple[float, ...] = (0.90, 0.95, 0.99)

# The Netherlands in RD New (EPSG:28992): what an incident coordinate may be.
RD_BOUNDS = (0.0, 300_000.0, 300_000.0, 625_000.0)  # x_min, x_max, y_min, y_max

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Extent:
    """A study area in whole cells: columns col0..col0+ncols-1, rows row0..row0+nrows-1."""

    cell_size: int
    col0: int
    row0: int
    ncols: int
    nrows: int

    @classmethod
    def around(
        cls, x_min: float, y_min: float, x_max: float, y_max: float, cell_size: int
    ) -> Extent:
        """The smallest aligned block of cells that covers the box (x_max, y_max inclusive)."""
        if cell_size <= 0:
            raise ValueError("cell size must be positive")
        col0 = int(np.floor(x_min / cell_size))
        row0 = int(np.floor(y_min / cell_size))
        col1 = int(np.floor(x_max / cell_size))
        row1 = int(np.floor(y_max / cell_size))
        return cls(cell_size, col0, row0, max(col1 - col0 + 1, 1), max(row1 - row0 + 1, 1))

    @property
    def shape(self) -> tuple[int, int]:
        return (self.nrows, self.ncols)

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """x_min, y_min, x_max, y_max of the study area in metres."""
        s = self.cell_size
        return (
            self.col0 * s,
            self.row0 * s,
            (self.col0 + self.ncols) * s,
            (self.row0 + self.nrows) * s,
        )

    def cell_index(
        self, x: npt.ArrayLike, y: npt.ArrayLike
    ) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
        """Row and column inside the study area of each point, and which points fall inside."""
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
        cols = np.floor(xs / self.cell_size).astype(np.int64) - self.col0
        rows = np.floor(ys / self.cell_size).astype(np.int64) - self.row0
        inside = (cols >= 0) & (cols < self.ncols) & (rows >= 0) & (rows < self.nrows)
        return rows, cols, inside

    def lower_left(self) -> tuple[IntArray, IntArray]:
        """x_min and y_min of every cell, as 2-D arrays in grid order."""
        s = self.cell_size
        xs = (self.col0 + np.arange(self.ncols, dtype=np.int64)) * s
        ys = (self.row0 + np.arange(self.nrows, dtype=np.int64)) * s
        x_min, y_min = np.meshgrid(xs, ys)
        return x_min, y_min

    def cell_ids(self) -> npt.NDArray[np.str_]:
        """CBS-style ids of every cell (row-major), see the module docstring."""
        x_min, y_min = self.lower_left()
        prefix = f"crs28992res{self.cell_size}mN"
        return np.char.add(
            np.char.add(np.char.add(prefix, y_min.ravel().astype(str)), "E"),
            x_min.ravel().astype(str),
        )


def cell_id(x_min: int, y_min: int, cell_size: int) -> str:
    """The id of one cell by its lower-left corner."""
    return f"crs28992res{cell_size}mN{int(y_min)}E{int(x_min)}"


def bin_points(x: npt.ArrayLike, y: npt.ArrayLike, extent: Extent) -> IntArray:
    """Count points per cell of the study area (points outside it are ignored)."""
    rows, cols, inside = extent.cell_index(x, y)
    flat = rows[inside] * extent.ncols + cols[inside]
    counts = np.bincount(flat, minlength=extent.nrows * extent.ncols)
    return counts.reshape(extent.shape).astype(np.int64)


def bin_points_by_period(
    x: npt.ArrayLike, y: npt.ArrayLike, period: npt.ArrayLike, n_periods: int, extent: Extent
) -> IntArray:
    """Counts per period and cell: an array (n_periods, nrows, ncols).

    `period` holds each point's period index (0..n_periods-1); other points are ignored.
    """
    rows, cols, inside = extent.cell_index(x, y)
    periods = np.asarray(period, dtype=np.int64)
    inside &= (periods >= 0) & (periods < n_periods)
    ncells = extent.nrows * extent.ncols
    flat = periods[inside] * ncells + rows[inside] * extent.ncols + cols[inside]
    counts = np.bincount(flat, minlength=n_periods * ncells)
    return counts.reshape((n_periods, extent.nrows, extent.ncols)).astype(np.int64)


def box_sum(grid: npt.ArrayLike) -> FloatArray:
    """Sum over each cell's 3 × 3 queen neighbourhood including itself, clipped at the edges.

    Works on the last two axes, so a stack of grids (periods, rows, cols) is summed per grid.
    """
    values = np.asarray(grid, dtype=np.float64)
    pad = [(0, 0)] * (values.ndim - 2) + [(1, 1), (1, 1)]
    padded = np.pad(values, pad)
    nrows, ncols = values.shape[-2:]
    total = np.zeros_like(values)
    for dr in range(3):
        for dc in range(3):
            total += padded[..., dr : dr + nrows, dc : dc + ncols]
    return total


@dataclass(frozen=True)
class GiStar:
    """Gi* of every cell of a grid (arrays shaped like the grid)."""

    g: FloatArray
    expected: FloatArray
    variance: FloatArray
    z: FloatArray
    p_value: FloatArray


def gi_star(grid: npt.ArrayLike) -> GiStar:
    """Getis-Ord Gi* with binary queen weights incl. the focal cell; esda's analytical moments.

    `grid` is 2-D (rows, cols) or a stack of grids (periods, rows, cols); each 2-D grid is its
    own study area (its own n, mean and variance).
    """
    y = np.asarray(grid, dtype=np.float64)
    if y.ndim < 2:
        raise ValueError("gi_star needs a 2-D grid (or a stack of them)")
    nrows, ncols = y.shape[-2:]
    n = float(nrows * ncols)
    axes = (-2, -1)
    total = y.sum(axis=axes, keepdims=True)
    mean = total / n
    variance_y = (y * y).sum(axis=axes, keepdims=True) / n - mean**2
    k = box_sum(np.ones((nrows, ncols)))
    with np.errstate(divide="ignore", invalid="ignore"):
        g = box_sum(y) / total
        expected = np.broadcast_to(k / n, y.shape).copy()
        variance = k * (n - k) / (n - 1.0) / n**2 * (variance_y / mean**2)
        z = (g - expected) / np.sqrt(variance)
    degenerate = ~np.isfinite(z)
    if degenerate.any():
        z = np.where(degenerate, 0.0, z)
        g = np.where(np.isfinite(g), g, 0.0)
        variance = np.where(np.isfinite(variance), variance, 0.0)
    variance = np.broadcast_to(variance, y.shape).copy()
    return GiStar(g=g, expected=expected, variance=variance, z=z, p_value=norm_tail(z))


def norm_tail(z: npt.ArrayLike) -> FloatArray:
    """esda's `p_norm`: the standard normal tail beyond |z| (`scipy.stats.norm.sf(abs(z))`)."""
    return np.asarray(0.5 * special.erfc(np.abs(np.asarray(z, dtype=np.float64)) / np.sqrt(2.0)))


def fdr_bh(p_values: npt.ArrayLike) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (same as `scipy.stats.false_discovery_control`).

    Works on any shape; all values are one family. p_(i) * m / i, made monotone from the
    largest rank down, capped at 1.
    """
    p = np.asarray(p_values, dtype=np.float64)
    flat = p.ravel()
    m = flat.size
    if m == 0:
        return p.copy()
    order = np.argsort(flat, kind="stable")
    ranked = flat[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty_like(flat)
    adjusted[order] = np.minimum(ranked, 1.0)
    return adjusted.reshape(p.shape)


def classify(
    z: npt.ArrayLike, p: npt.ArrayLike, levels: Iterable[float] = CONFIDENCE_LEVELS
) -> npt.NDArray[np.int8]:
    """Gi_Bin-style classes: +3/+2/+1 hot at 99/95/90 %, the negatives cold, 0 not significant.

    `p` is on esda's scale (the tail beyond |z|), so level c needs p < (1 - c) / 2.
    """
    zs = np.asarray(z, dtype=np.float64)
    ps = np.asarray(p, dtype=np.float64)
    strength = np.zeros(zs.shape, dtype=np.int8)
    for rank, level in enumerate(sorted(levels), start=1):
        strength = np.where(ps < (1.0 - level) / 2.0, np.int8(rank), strength).astype(np.int8)
    return (np.sign(zs).astype(np.int8) * strength).astype(np.int8)


@dataclass(frozen=True)
class HotSpotResult:
    """Everything per cell of one grid, in grid shape (rows, cols)."""

    extent: Extent
    counts: IntArray
    z: FloatArray
    p_value: FloatArray
    p_fdr: FloatArray
    hot_cold_class: npt.NDArray[np.int8]
    hot_cold_class_raw: npt.NDArray[np.int8]

    def as_columns(self) -> dict[str, np.ndarray]:
        """One entry per cell, row-major: the columns of the `hotspots` command's output."""
        x_min, y_min = self.extent.lower_left()
        return {
            "cell_id": self.extent.cell_ids(),
            "x_min": x_min.ravel(),
            "y_min": y_min.ravel(),
            "count": self.counts.ravel(),
            "gi_z": self.z.ravel(),
            "p_value": self.p_value.ravel(),
            "p_fdr": self.p_fdr.ravel(),
            "hot_cold_class": self.hot_cold_class.ravel(),
        }

    def summary(self) -> dict[int, int]:
        """Number of cells per class (+3..-3)."""
        classes, numbers = np.unique(self.hot_cold_class, return_counts=True)
        found = dict(zip(classes.tolist(), numbers.tolist(), strict=True))
        return {c: found.get(c, 0) for c in (3, 2, 1, 0, -1, -2, -3)}


def analyse_grid(counts: npt.ArrayLike, extent: Extent) -> HotSpotResult:
    """Gi*, FDR and classes for one grid of counts."""
    grid = np.asarray(counts, dtype=np.int64)
    if grid.shape != extent.shape:
        raise ValueError("counts do not match the extent")
    gi = gi_star(grid)
    p_fdr = fdr_bh(gi.p_value)
    return HotSpotResult(
        extent=extent,
        counts=grid,
        z=gi.z,
        p_value=gi.p_value,
        p_fdr=p_fdr,
        hot_cold_class=classify(gi.z, p_fdr),
        hot_cold_class_raw=classify(gi.z, gi.p_value),
    )


def analyse_points(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    cell_size: int = DEFAULT_CELL_SIZE,
    extent: Extent | None = None,
) -> HotSpotResult:
    """Bin points (study area: the given extent or the cells around the points) and analyse."""
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if extent is None:
        if xs.size == 0:
            raise ValueError("no points and no extent: the study area is unknown")
        extent = Extent.around(xs.min(), ys.min(), xs.max(), ys.max(), cell_size)
    return analyse_grid(bin_points(xs, ys, extent), extent)

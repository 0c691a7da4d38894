"""Gi* on a grid agrees with PySAL's esda; FDR and the hot/cold classes."""

import warnings

import numpy as np
import pytest
from scipy import stats

from schakel.analytics import hotspots

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")


def esda_gi_star(grid):
    nrows, ncols = grid.shape
    w = libpysal.weights.lat2W(nrows, ncols, rook=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(grid.ravel().astype(float), w, star=True, transform="B", permutations=0)


def assert_agrees_with_esda(grid):
    ours = hotspots.gi_star(grid)
    theirs = esda_gi_star(grid)
    np.testing.assert_allclose(ours.z.ravel(), theirs.Zs, atol=1e-6, rtol=0)
    np.testing.assert_allclose(ours.p_value.ravel(), theirs.p_norm, atol=1e-6, rtol=0)
    np.testing.assert_allclose(ours.g.ravel(), theirs.Gs, atol=1e-9, rtol=0)
    np.testing.assert_allclose(ours.expected.ravel(), theirs.EGs, atol=1e-12, rtol=0)
    np.testing.assert_allclose(ours.variance.ravel(), theirs.VGs, rtol=1e-9, atol=0)


def test_gi_star_agrees_with_esda_on_random_counts():
    rng = np.random.default_rng(7)
    assert_agrees_with_esda(rng.poisson(3.0, size=(15, 15)))


def test_gi_star_agrees_with_esda_on_a_non_square_grid_with_a_planted_hot_spot():
    rng = np.random.default_rng(11)
    grid = rng.poisson(0.5, size=(9, 23))
    grid[2:5, 15:18] += 12  # off-centre, so a transposed cell order would not agree
    assert_agrees_with_esda(grid)
    z = hotspots.gi_star(grid).z
    assert np.unravel_index(np.argmax(z), z.shape) == (3, 16)


def test_gi_star_agrees_with_esda_when_most_cells_are_empty():
    rng = np.random.default_rng(3)
    grid = np.zeros((12, 17), dtype=int)
    cells = rng.choice(grid.size, size=10, replace=False)
    grid.ravel()[cells] = rng.integers(1, 6, size=10)
    assert_agrees_with_esda(grid)


def test_gi_star_agrees_with_esda_on_a_single_row_and_column_edge_case():
    assert_agrees_with_esda(np.array([[0, 1, 5, 9, 2, 0, 0, 1]]).reshape(2, 4))


def test_stack_of_grids_is_analysed_per_grid():
    rng = np.random.default_rng(5)
    cube = rng.poisson(2, size=(3, 6, 8))
    stacked = hotspots.gi_star(cube).z
    for i in range(3):
        np.testing.assert_allclose(stacked[i], hotspots.gi_star(cube[i]).z)


def test_empty_grid_has_no_hot_spots_and_no_nan():
    result = hotspots.analyse_grid(np.zeros((4, 5), dtype=int), hotspots.Extent(100, 0, 0, 5, 4))
    assert np.all(result.z == 0)
    assert np.all(result.hot_cold_class == 0)
    assert np.all(np.isfinite(result.p_fdr))


def test_fdr_matches_a_hand_computed_benjamini_hochberg_case():
    p = np.array([0.01, 0.04, 0.03, 0.20])
    # sorted 0.01, 0.03, 0.04, 0.20 -> x 4/1, 4/2, 4/3, 4/4 = 0.04, 0.06, 0.0533, 0.20
    # monotone from the top: 0.04, 0.0533, 0.0533, 0.20
    expected = np.array([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    np.testing.assert_allclose(hotspots.fdr_bh(p), expected)
    np.testing.assert_allclose(hotspots.fdr_bh(p), stats.false_discovery_control(p))


def test_fdr_agrees_with_scipy_on_many_values():
    p = np.random.default_rng(1).random((30, 40)) ** 3
    np.testing.assert_allclose(hotspots.fdr_bh(p).ravel(), stats.false_discovery_control(p.ravel()))


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        (2.60, 3),
        (2.55, 2),
        (1.97, 2),
        (1.95, 1),
        (1.65, 1),
        (1.64, 0),
        (0.0, 0),
        (-1.70, -1),
        (-2.00, -2),
        (-3.00, -3),
    ],
)
def test_classes_follow_the_two_sided_90_95_99_thresholds(z, expected):
    p = hotspots.norm_tail(np.array([z]))
    assert hotspots.classify(np.array([z]), p)[0] == expected


def test_planted_hot_spot_is_classified_hot_after_fdr():
    rng = np.random.default_rng(2)
    grid = rng.poisson(1.0, size=(40, 40))
    grid[20:22, 10:12] += 25
    result = hotspots.analyse_grid(grid, hotspots.Extent(100, 1000, 4000, 40, 40))
    assert result.hot_cold_class[20, 10] == 3
    assert result.hot_cold_class[35, 35] <= 0
    # FDR is never more lenient than the raw test.
    assert np.all(np.abs(result.hot_cold_class) <= np.abs(result.hot_cold_class_raw))


def test_cells_are_aligned_to_multiples_of_the_cell_size_and_keep_empty_cells():
    x = np.array([155_010.0, 155_260.0, 155_990.0])
    y = np.array([463_010.0, 463_510.0, 463_020.0])
    result = hotspots.analyse_points(x, y, cell_size=250)
    assert result.extent.bounds == (155_000, 463_000, 156_000, 463_750)
    assert result.counts.shape == (3, 4)
    assert result.counts.sum() == 3
    assert (result.counts == 0).sum() == 9
    columns = result.as_columns()
    assert columns["cell_id"][0] == "crs28992res250mN463000E155000"
    assert list(columns) == [
        "cell_id",
        "x_min",
        "y_min",
        "count",
        "gi_z",
        "p_value",
        "p_fdr",
        "hot_cold_class",
    ]


def test_counts_per_period_go_to_their_own_grid():
    extent = hotspots.Extent(100, 0, 0, 2, 2)
    cube = hotspots.bin_points_by_period(
        [10, 150, 150, 999], [10, 150, 20, 20], [0, 1, 1, 0], 2, extent
    )
    assert cube[0].tolist() == [[1, 0], [0, 0]]
    assert cube[1].tolist() == [[0, 1], [0, 1]]

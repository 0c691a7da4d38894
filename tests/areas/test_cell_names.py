"""Hot-spot cells are named by their neighbourhood and a square on the map (issue 13: they were
shown as codes like `crs28992res100mN564700E184000`)."""

import random

import pytest
from django.urls import reverse

from schakel.incidents.cellnames import cell_names, column_letters, grid_reference
from tests.areas.conftest import add_incidents

pytestmark = pytest.mark.django_db


def test_columns_are_lettered_like_a_spreadsheet():
    assert [column_letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_rows_count_from_the_north_and_columns_from_the_west():
    west, north = 183_000, 565_000
    assert grid_reference(183_000, 564_900, 100, west, north) == "A1"
    assert grid_reference(183_100, 564_700, 100, west, north) == "B3"
    assert grid_reference(183_900, 564_000, 100, west, north) == "J10"


def test_a_cell_outside_every_outline_has_only_its_square(neighbourhood):
    assert cell_names([100_000], [400_000], 100, (99_900, 399_000, 100_500, 400_500)) == ["B5"]


def test_the_quick_scan_names_hot_cells_by_neighbourhood_and_square(
    analist, neighbourhood, client_for
):
    rng = random.Random(1)
    add_incidents(
        [(183_000 + rng.uniform(0, 1000), 564_000 + rng.uniform(0, 1000)) for _ in range(150)]
    )
    add_incidents(
        [(183_450 + rng.uniform(0, 100), 564_450 + rng.uniform(0, 100)) for _ in range(200)],
        prefix="H",
    )
    response = client_for(analist).get(reverse("areas:detail", args=[neighbourhood.pk]))
    cells = {c["cell_id"]: c["name"] for c in response.context["scan"]["hotspots"].hot_cells}
    # The cell with its lower-left corner at (183400, 564400): fifth column; the grid around the
    # area reaches one cell above its top edge (565000 lies in the row 565000–565100), so the
    # seventh row.
    assert cells["crs28992res100mN564400E183400"] == "Buurt Noord · E7"
    table = response.content.decode().split('id="hot-cells"')[1].split("</table>")[0]
    assert "Buurt Noord · E7" in table
    assert "crs28992" not in table.replace('data-show-cell="crs28992', "")
    features = response.context["map_config"]["layers"][0]["data"]["features"]
    assert {f["properties"]["name"] for f in features} >= {"Buurt Noord · E7"}

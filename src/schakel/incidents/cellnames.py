"""Readable names for the cells of the hot-spot grid (issue 13: cells were shown as codes like
`crs28992res100mN564700E184000`).

A cell is named by the innermost area that holds its centre and a grid reference on the map
that is shown beside the table — "Lindehof · C4": columns lettered from the west (A, B, …,
Z, AA, …), rows numbered from the north, as in a city map's index. The stable INSPIRE id stays
in the GeoJSON for GIS tools.

Which area holds a point is known by `areas` (the outlines), which sits above this app: it
registers a namer at start-up (`register_area_namer`); without one, cells get the grid
reference only.
"""

from collections.abc import Callable, Sequence

AreaNamer = Callable[[Sequence[float], Sequence[float]], list[str | None]]
_area_namer: AreaNamer | None = None


def register_area_namer(namer: AreaNamer) -> None:
    global _area_namer
    _area_namer = namer


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet-style)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def grid_reference(x_min: float, y_min: float, cell_size: int, west: float, north: float) -> str:
    column = int((x_min - west) // cell_size)
    row = int((north - (y_min + cell_size)) // cell_size)
    return f"{column_letters(max(column, 0))}{max(row, 0) + 1}"


def cell_names(
    x_mins: Sequence[float],
    y_mins: Sequence[float],
    cell_size: int,
    bounds: tuple[float, float, float, float],
) -> list[str]:
    """Names of cells given by their lower-left corners, on the grid of `bounds` (x_min, y_min,
    x_max, y_max of the map the cells are shown on)."""
    west, north = bounds[0], bounds[3]
    references = [
        grid_reference(x, y, cell_size, west, north) for x, y in zip(x_mins, y_mins, strict=True)
    ]
    areas: list[str | None] = [None] * len(references)
    if _area_namer is not None and references:
        half = cell_size / 2
        areas = _area_namer([x + half for x in x_mins], [y + half for y in y_mins])
    # The same in every language (analyses are cached across users): the column header says
    # what it is.
    return [f"{area} · {ref}" if area else ref for area, ref in zip(areas, references, strict=True)]

"""Area outlines: WGS84 ↔ RD New conversion and which points lie inside a (multi)polygon.

Outlines arrive as GeoJSON in WGS84 (lon, lat); incidents are stored in RD New metres
(EPSG:28992). An outline is converted once to RD New, and points are tested against it with a
vectorised even-odd rule, so holes (inner rings) are honoured. No Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

# A polygon is a list of rings (outer ring first, then holes); a ring an (n, 2) array of x, y.
Ring = NDArray[np.float64]
Polygon = list[Ring]


@lru_cache(maxsize=2)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def wgs84_to_rd(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """Longitude/latitude (EPSG:4326) to RD New x/y in metres (EPSG:28992)."""
    x, y = _transformer("EPSG:4326", "EPSG:28992").transform(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    )
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def rd_to_wgs84(x: ArrayLike, y: ArrayLike) -> tuple[NDArray, NDArray]:
    """RD New x/y in metres to longitude/latitude."""
    lon, lat = _transformer("EPSG:28992", "EPSG:4326").transform(
        np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    )
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def polygons_of(geometry: dict) -> list[list[list[Sequence[float]]]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry, as coordinate lists."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"not a polygon geometry: {geometry['type']}")


def geometry_to_rd(geometry: dict) -> list[Polygon]:
    """A WGS84 GeoJSON (Multi)Polygon as polygons of RD New rings."""
    result: list[Polygon] = []
    for polygon in polygons_of(geometry):
        rings = []
        for ring in polygon:
            coordinates = np.asarray(ring, dtype=float)[:, :2]
            x, y = wgs84_to_rd(coordinates[:, 0], coordinates[:, 1])
            rings.append(np.column_stack([x, y]))
        result.append(rings)
    return result


def bounding_box(polygons: list[Polygon]) -> tuple[float, float, float, float]:
    """x_min, y_min, x_max, y_max over the outer rings."""
    outer = np.vstack([polygon[0] for polygon in polygons])
    return (
        float(outer[:, 0].min()),
        float(outer[:, 1].min()),
        float(outer[:, 0].max()),
        float(outer[:, 1].max()),
    )


def ring_area(ring: Ring) -> float:
    """The (unsigned) area of a ring by the shoelace formula, in squared units of the ring."""
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def _inside_ring(x: NDArray, y: NDArray, ring: Ring) -> NDArray[np.bool_]:
    """Even-odd crossing test of many points against one ring, one edge at a time."""
    inside = np.zeros(x.shape, dtype=bool)
    x1, y1 = ring[:-1, 0], ring[:-1, 1]
    x2, y2 = ring[1:, 0], ring[1:, 1]
    for ax, ay, bx, by in zip(x1, y1, x2, y2, strict=True):
        if ay == by:
            continue  # a horizontal edge never crosses the ray
        straddles = (ay > y) != (by > y)
        crossing_x = ax + (y - ay) * (bx - ax) / (by - ay)
        inside ^= straddles & (x < crossing_x)
    return inside


def points_in_polygons(x: ArrayLike, y: ArrayLike, polygons: list[Polygon]) -> NDArray[np.bool_]:
    """Which points (x, y) lie inside any of the polygons (holes excluded)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    result = np.zeros(x.shape, dtype=bool)
    for polygon in polygons:
        inside = np.zeros(x.shape, dtype=bool)
        for ring in polygon:
            inside ^= _inside_ring(x, y, ring)
        result |= inside
    return result


def rd_box_to_wgs84_ring(
    x_min: float, y_min: float, x_max: float, y_max: float
) -> list[list[float]]:
    """A closed GeoJSON ring (lon, lat) for an RD New rectangle, e.g. a grid cell."""
    xs = np.array([x_min, x_max, x_max, x_min, x_min])
    ys = np.array([y_min, y_min, y_max, y_max, y_min])
    lon, lat = rd_to_wgs84(xs, ys)
    return [[round(float(a), 7), round(float(b), 7)] for a, b in zip(lon, lat, strict=True)]

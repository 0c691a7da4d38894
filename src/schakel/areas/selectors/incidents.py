"""The incidents of an area: loaded as arrays, counted per month, and analysed for (emerging)
hot spots. Aggregates only: incidents carry no personal data."""

import datetime
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db.models import Q
from django.utils import timezone

from schakel.analytics import hotspots
from schakel.analytics.polygons import geometry_to_rd, points_in_polygons, rd_box_to_wgs84_ring
from schakel.incidents import selectors as incident_selectors
from schakel.incidents.cellnames import cell_names
from schakel.registry.models import Area

from ..models import AreaBoundary
from .areas import area_outlines

TREND_MONTHS = 12
HOTSPOT_MONTHS = 12
MAX_MAP_CELLS = 2_000
MAX_HOTSPOT_CELLS = 250_000  # beyond this the area is too large to analyse at this cell size


@dataclass
class AreaIncidents:
    """The incidents of an area as arrays: RD x/y, time (UTC, numpy datetime64) and category."""

    x: np.ndarray
    y: np.ndarray
    occurred_at: np.ndarray
    category: np.ndarray
    polygons: list | None = None

    @property
    def size(self) -> int:
        return int(self.x.size)


def area_incidents(
    area: Area,
    *,
    since: datetime.datetime | None = None,
    category: str = "",
    outlines: list[AreaBoundary] | None = None,
) -> AreaIncidents:
    """Incidents inside the area's outlines (bounding boxes in the database, exact test in
    NumPy); `polygons` is None (and nothing is found) when the area has no outline at all."""
    outlines = area_outlines(area) if outlines is None else outlines
    if not outlines:
        empty = np.zeros(0, dtype=float)
        return AreaIncidents(
            empty, empty, np.zeros(0, dtype="datetime64[s]"), np.zeros(0, dtype=object)
        )
    boxes = Q()
    for outline in outlines:
        boxes |= Q(
            x__gte=outline.x_min, x__lte=outline.x_max, y__gte=outline.y_min, y__lte=outline.y_max
        )
    queryset = incident_selectors.plausible_incidents().filter(boxes)
    if since is not None:
        queryset = queryset.filter(occurred_at__gte=since)
    if category:
        queryset = queryset.filter(category=category)
    rows = list(queryset.values_list("x", "y", "occurred_at", "category"))
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    when = (
        pd.to_datetime([r[2] for r in rows], utc=True)
        .tz_localize(None)
        .to_numpy(dtype="datetime64[s]")
    )
    category_array = np.array([r[3] for r in rows], dtype=object)
    polygons = [polygon for o in outlines for polygon in geometry_to_rd(o.geometry)]
    inside = points_in_polygons(x, y, polygons) if rows else np.zeros(0, dtype=bool)
    return AreaIncidents(x[inside], y[inside], when[inside], category_array[inside], polygons)


def count_incidents(
    incidents: AreaIncidents, start: datetime.date, end: datetime.date, category: str = ""
) -> int:
    """Incidents from `start` up to and including `end` (local dates), optionally of a category."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz).astimezone(datetime.UTC)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    ).astimezone(datetime.UTC)
    low64 = np.datetime64(low.replace(tzinfo=None), "s")
    high64 = np.datetime64(high.replace(tzinfo=None), "s")
    mask = (incidents.occurred_at >= low64) & (incidents.occurred_at < high64)
    if category:
        mask &= incidents.category == category
    return int(mask.sum())


def month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = first.year, first.month - back
        while month <= 0:
            month += 12
            year -= 1
        starts.append(datetime.date(year, month, 1))
    return starts


def monthly_trends(incidents: AreaIncidents, today: datetime.date, months: int = TREND_MONTHS):
    """Counts per month (the last `months`, this month included) and category, with totals."""
    starts = month_starts(today, months)
    local = pd.DatetimeIndex(incidents.occurred_at).tz_localize("UTC")
    local = local.tz_convert(str(timezone.get_current_timezone()))
    month_keys = np.asarray(local.year * 12 + local.month - 1, dtype=np.int64)
    first_key = starts[0].year * 12 + starts[0].month - 1
    rows_index = month_keys - first_key
    categories = sorted({str(c) for c in incidents.category})
    column = {c: j for j, c in enumerate(categories)}
    columns = np.array([column[str(c)] for c in incidents.category], dtype=np.int64)
    counts = np.zeros((len(starts), len(categories)), dtype=np.int64)
    keep = (rows_index >= 0) & (rows_index < len(starts))
    np.add.at(counts, (rows_index[keep], columns[keep]), 1)
    totals = counts.sum(axis=1)
    peak = int(totals.max()) if totals.size else 0
    this_month = (today.year, today.month)
    rows = [
        {
            "month": start,
            "counts": counts[i].tolist(),
            "total": int(totals[i]),
            "bar_percent": round(100 * int(totals[i]) / peak) if peak else 0,
            # still filling (or not yet imported): not a month with few incidents
            "running": (start.year, start.month) == this_month,
        }
        for i, start in enumerate(starts)
    ]
    data_until = local.max().date() if len(local) else None
    return {"categories": categories, "rows": rows, "peak": peak, "data_until": data_until}


@dataclass
class AreaHotspots:
    cell_size: int
    geojson: dict
    hot_cells: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    too_large: bool = False


def area_hotspots(
    incidents: AreaIncidents, *, cell_size: int, since: datetime.datetime
) -> AreaHotspots:
    """Gi* hot and cold spots of the recent incidents, on the aligned grid around the area.

    The study area is the rectangle of whole cells around the area; the map shows the
    significant cells whose centre lies inside the area.
    """
    empty = {"type": "FeatureCollection", "features": []}
    since64 = np.datetime64(since.astimezone(datetime.UTC).replace(tzinfo=None), "s")
    recent = incidents.occurred_at >= since64
    x, y = incidents.x[recent], incidents.y[recent]
    if x.size == 0:
        return AreaHotspots(cell_size, empty)
    if incidents.polygons is not None:
        outer = np.vstack([polygon[0] for polygon in incidents.polygons])
        box = (outer[:, 0].min(), outer[:, 1].min(), outer[:, 0].max(), outer[:, 1].max())
    else:
        box = (x.min(), y.min(), x.max(), y.max())
    extent = hotspots.Extent.around(*box, cell_size)
    if extent.nrows * extent.ncols > MAX_HOTSPOT_CELLS:
        return AreaHotspots(cell_size, empty, too_large=True)
    result = hotspots.analyse_points(x, y, cell_size=cell_size, extent=extent)
    columns = result.as_columns()
    x_min, y_min = columns["x_min"], columns["y_min"]
    inside = np.ones(x_min.shape, dtype=bool)
    if incidents.polygons is not None:
        inside = points_in_polygons(
            x_min + cell_size / 2, y_min + cell_size / 2, incidents.polygons
        )
    classes = columns["hot_cold_class"]
    shown = np.flatnonzero(inside & (classes != 0))
    # The strongest first, so that a cap keeps what matters.
    shown = shown[np.argsort(-np.abs(columns["gi_z"][shown]), kind="stable")][:MAX_MAP_CELLS]
    features, hot_cells = [], []
    names = cell_names(
        [float(x_min[i]) for i in shown], [float(y_min[i]) for i in shown], cell_size, extent.bounds
    )
    for name, i in zip(names, shown, strict=True):
        properties = {
            "cell_id": str(columns["cell_id"][i]),
            "name": name,
            "count": int(columns["count"][i]),
            "gi_z": round(float(columns["gi_z"][i]), 2),
            "p_fdr": float(columns["p_fdr"][i]),
            "hot_cold_class": int(classes[i]),
        }
        ring = rd_box_to_wgs84_ring(
            float(x_min[i]),
            float(y_min[i]),
            float(x_min[i]) + cell_size,
            float(y_min[i]) + cell_size,
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": properties,
            }
        )
        if properties["hot_cold_class"] > 0:
            hot_cells.append(properties | {"x_min": int(x_min[i]), "y_min": int(y_min[i])})
    summary = {
        "hot": int(((classes > 0) & inside).sum()),
        "cold": int(((classes < 0) & inside).sum()),
        "cells": int(inside.sum()),
    }
    return AreaHotspots(
        cell_size,
        {"type": "FeatureCollection", "features": features},
        hot_cells[:25],
        summary,
    )


def area_emerging(area: Area, *, cell_size: int, today: datetime.date | None = None) -> dict:
    """Emerging hot spots of the last `HOTSPOT_MONTHS` full months on the grid around the area,
    as a GeoJSON FeatureCollection (WGS84): aggregates, no personal data.

    The study area is the bounding box of the area's outlines (see `area_outlines`); the cells
    whose centre lies outside them are left off the map. Full months only, because a half
    month at the end would look like a cooling-down.
    """
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = month_starts(end, HOTSPOT_MONTHS)[0]
    empty = {"type": "FeatureCollection", "features": []}
    outlines = area_outlines(area)
    if not outlines:
        return empty | {"properties": {"no_outline": True}}
    box = (
        min(o.x_min for o in outlines),
        min(o.y_min for o in outlines),
        max(o.x_max for o in outlines),
        max(o.y_max for o in outlines),
    )
    polygons = [polygon for o in outlines for polygon in geometry_to_rd(o.geometry)]
    extent = incident_selectors.study_extent(cell_size, box)
    if extent is None or extent.nrows * extent.ncols > MAX_HOTSPOT_CELLS:
        return empty | {"properties": {"too_large": True}}
    outcome = incident_selectors.emerging_hot_spots(
        cell_size, period="month", start=start, end=end, bounds=box
    )
    if outcome is None:
        return empty | {"properties": {}}
    rows, cols = np.indices(extent.shape)
    half = cell_size / 2
    keep = points_in_polygons(
        ((extent.col0 + cols) * cell_size + half).ravel().astype(float),
        ((extent.row0 + rows) * cell_size + half).ravel().astype(float),
        polygons,
    ).reshape(extent.shape)
    return incident_selectors.emerging_collection(*outcome, keep=keep)

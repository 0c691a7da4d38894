"""Reading incidents for analyses: counts per category/month, grids, hot spots, GeoJSON.

Incidents are not personal data (an id, a time, a category, a point), so these functions take
no user; the views decide who may call them (`policy.may_analyse_incidents`, and for the area
pages `policy.may_use_area_approach`).

The database does the binning (``GROUP BY floor(x / size), floor(y / size), month``), so only one
row per occupied cell and period reaches Python, however many incidents there are.

`bounds` everywhere is ``(x_min, y_min, x_max, y_max)`` in RD New metres: the study area. Without
it the study area is the bounding box of all incidents (of every category, so maps of different
categories line up).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import json
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Max, Min
from django.db.models.functions import Floor, TruncMonth, TruncWeek
from django.utils import timezone
from pyproj import Transformer

from schakel.analytics import emerging, forecast, hotspots
from schakel.lib import plausible

from .cellnames import cell_names
from .models import Incident, IncidentImport

Bounds = tuple[float, float, float, float]
PERIODS = ("month", "week")
# Cells × periods one analysis may hold (about 160 MB per array of floats): beyond this the web
# request would take gigabytes; choose a larger cell, a smaller area or fewer periods.
MAX_CUBE_CELLS = 20_000_000
_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def plausible_incidents():
    """Incidents on a plausible day (`schakel.lib.plausible`): a date such as 0001-01-01 or
    9999-12-31, imported before the importers refused them, would stretch every period series
    over millennia (and past what a date can hold); analyses leave them out and say so."""
    low, high = plausible.event_window()
    return Incident.objects.filter(
        occurred_at__gte=_local_midnight(low),
        occurred_at__lt=_local_midnight(high + dt.timedelta(days=1)),
    )


def implausible_count() -> int:
    """How many incidents the analyses leave out for an implausible date (counted once per data
    version and day: two counts over every incident, on each analysis page, otherwise)."""
    return _implausible_count(day=timezone.localdate())


def incidents(
    category: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    bounds: Bounds | None = None,
):
    """Incidents on a plausible day, filtered by category, dates (both inclusive, local days)
    and study area."""
    query = plausible_incidents()
    if category:
        query = query.filter(category=category)
    if start:
        query = query.filter(occurred_at__gte=_local_midnight(start))
    if end:
        query = query.filter(occurred_at__lt=_local_midnight(end + dt.timedelta(days=1)))
    if bounds:
        x_min, y_min, x_max, y_max = bounds
        query = query.filter(x__gte=x_min, x__lt=x_max, y__gte=y_min, y__lt=y_max)
    return query


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def categories() -> list[str]:
    """Every category in the data (the analysis forms' choices): a scan of every incident, so
    kept per data version like the analyses."""
    return _categories()


def counts_per_category(**filters) -> list[dict]:
    """[{'category', 'n'}] largest first."""
    return list(
        incidents(**filters).values("category").annotate(n=Count("id")).order_by("-n", "category")
    )


def counts_per_month(**filters) -> list[dict]:
    """[{'month': date, 'n'}] in time order (local months)."""
    return [
        {
            "month": row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            "n": row["n"],
        }
        for row in incidents(**filters)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    ]


class AnalysisTooLarge(ValueError):
    """The study area (times the number of periods) has too many cells for one request."""


def _check_size(cells: int) -> None:
    if cells > MAX_CUBE_CELLS:
        raise AnalysisTooLarge(cells)


def study_extent(cell_size: int, bounds: Bounds | None = None) -> hotspots.Extent | None:
    """The grid over `bounds`, or over all incidents; None when there are none."""
    if bounds is None:
        box = plausible_incidents().aggregate(
            x_min=Min("x"), y_min=Min("y"), x_max=Max("x"), y_max=Max("y")
        )
        if box["x_min"] is None:
            return None
        return hotspots.Extent.around(
            box["x_min"], box["y_min"], box["x_max"], box["y_max"], cell_size
        )
    x_min, y_min, x_max, y_max = bounds
    # x_max/y_max are exclusive edges: the cell that starts there is not part of the area.
    return hotspots.Extent.around(
        x_min, y_min, np.nextafter(x_max, -np.inf), np.nextafter(y_max, -np.inf), cell_size
    )


def grid_counts(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE,
    *,
    category: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    bounds: Bounds | None = None,
) -> tuple[hotspots.Extent, np.ndarray] | None:
    """Counts per cell of the study area (rows, cols); None when there are no incidents."""
    extent = study_extent(cell_size, bounds)
    if extent is None:
        return None
    _check_size(extent.nrows * extent.ncols)
    counts = np.zeros(extent.shape, dtype=np.int64)
    rows = (
        incidents(category, start, end, _bounds_of(extent))
        .annotate(col=Floor(F("x") / cell_size), row=Floor(F("y") / cell_size))
        .values("col", "row")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[int(row["row"]) - extent.row0, int(row["col"]) - extent.col0] = row["n"]
    return extent, counts


def _bounds_of(extent: hotspots.Extent) -> Bounds:
    return tuple(float(v) for v in extent.bounds)  # type: ignore[return-value]


@dataclass(frozen=True)
class PeriodCube:
    extent: hotspots.Extent
    periods: list[dt.date]  # first day of each period
    counts: np.ndarray  # (periods, rows, cols)


def period_counts(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE,
    *,
    period: str = "month",
    category: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    bounds: Bounds | None = None,
) -> PeriodCube | None:
    """Counts per period (local months or ISO weeks) and cell; every period between the first
    and the last incident (or `start`/`end`) is present, empty ones too."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    extent = study_extent(cell_size, bounds)
    if extent is None:
        return None
    trunc = TruncMonth("occurred_at") if period == "month" else TruncWeek("occurred_at")
    rows = list(
        incidents(category, start, end, _bounds_of(extent))
        .annotate(col=Floor(F("x") / cell_size), row=Floor(F("y") / cell_size), period=trunc)
        .values("col", "row", "period")
        .annotate(n=Count("id"))
    )
    days = [
        r["period"].date() if isinstance(r["period"], dt.datetime) else r["period"] for r in rows
    ]
    first = _period_start(start, period) if start else min(days, default=None)
    last = _period_start(end, period) if end else max(days, default=None)
    if first is None or last is None:
        return PeriodCube(extent, [], np.zeros((0, *extent.shape), dtype=np.int64))
    periods = _period_range(first, last, period)
    _check_size(len(periods) * extent.nrows * extent.ncols)
    index = {p: i for i, p in enumerate(periods)}
    counts = np.zeros((len(periods), *extent.shape), dtype=np.int64)
    for row, day in zip(rows, days, strict=True):
        i = index.get(day)
        if i is not None:
            counts[i, int(row["row"]) - extent.row0, int(row["col"]) - extent.col0] = row["n"]
    return PeriodCube(extent, periods, counts)


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == "month":
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


def _period_range(first: dt.date, last: dt.date, period: str) -> list[dt.date]:
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        if period == "month":
            current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            current += dt.timedelta(days=7)
    return periods


# An analysis is computed once per input and kept in the shared cache, so the page and its map's
# GeoJSON (two requests) and every worker share one computation. The key holds the data's
# version: the newest incident and the newest import (an import that only updates rows changes
# the second), so new data is never answered from an old analysis.
ANALYSIS_CACHE_SECONDS = 3600


def data_version() -> str:
    newest_incident = Incident.objects.aggregate(newest=Max("pk"))["newest"] or 0
    newest_import = IncidentImport.objects.order_by("-pk").values_list("pk", "finished_at").first()
    return f"{newest_incident}:{newest_import}"


def _cached(function):
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = {}
        for name, value in bound.arguments.items():
            # `**filters`: the page passes bounds=None where the map passes nothing
            values = value if name == "filters" else {name: value}
            arguments.update({k: v for k, v in values.items() if v is not None})
        arguments = repr(sorted(arguments.items()))
        digest = hashlib.sha256(f"{data_version()}|{arguments}".encode()).hexdigest()[:32]
        key = f"schakel:analysis:{function.__name__}:{digest}"
        found = cache.get(key)
        if found is not None:
            return found[0]
        value = function(*args, **kwargs)
        cache.set(key, (value,), ANALYSIS_CACHE_SECONDS)
        return value

    wrapper.uncached = function
    return wrapper


@_cached
def hot_spots(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE, **filters
) -> hotspots.HotSpotResult | None:
    """Gi*, FDR and classes per cell for the selected incidents; None without incidents."""
    grid = grid_counts(cell_size, **filters)
    if grid is None:
        return None
    extent, counts = grid
    return hotspots.analyse_grid(counts, extent)


@_cached
def emerging_hot_spots(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE, *, period: str = "month", **filters
) -> tuple[PeriodCube, emerging.EmergingResult] | None:
    """Emerging hot-spot patterns; None without incidents or with fewer than two periods."""
    cube = period_counts(cell_size, period=period, **filters)
    if cube is None or len(cube.periods) < 2:
        return None
    return cube, emerging.emerging_hot_spots(cube.counts)


@_cached
def _categories() -> list[str]:
    return list(Incident.objects.order_by("category").values_list("category", flat=True).distinct())


@_cached
def _implausible_count(day: dt.date) -> int:
    return Incident.objects.count() - plausible_incidents().count()


# What the analysis pages show of an analysis is kept in the cache too: a page then reads a few
# kilobytes instead of the whole analysis (a cube of cells × periods runs to hundreds of
# megabytes for a region: reading it back from the cache took 3.3 s of the emerging page's 4.1 s).
HOTTEST_SHOWN = 25
PATTERNS_SHOWN = 200


@_cached
def hot_spots_table(cell_size: int = hotspots.DEFAULT_CELL_SIZE, **filters) -> dict | None:
    """The hot-spot page's content: grid size, cells per class and the hottest cells."""
    result = hot_spots(cell_size, **filters)
    if result is None:
        return None
    columns = result.as_columns()
    order = np.lexsort((-columns["count"], -columns["gi_z"]))[:HOTTEST_SHOWN]
    names = cell_names(
        [float(columns["x_min"][i]) for i in order],
        [float(columns["y_min"][i]) for i in order],
        result.extent.cell_size,
        result.extent.bounds,
    )
    rows = [
        {
            "cell_id": columns["cell_id"][i],
            "name": name,
            "x_min": int(columns["x_min"][i]),
            "y_min": int(columns["y_min"][i]),
            "count": int(columns["count"][i]),
            "z": float(columns["gi_z"][i]),
            "p": float(columns["p_value"][i]),
            "p_fdr": float(columns["p_fdr"][i]),
            "cls": int(columns["hot_cold_class"][i]),
        }
        for name, i in zip(names, order, strict=True)
    ]
    return {
        "nrows": result.extent.nrows,
        "ncols": result.extent.ncols,
        "cell_size": result.extent.cell_size,
        "summary": [(int(c), int(n)) for c, n in result.summary().items()],
        "rows": rows,
    }


@_cached
def emerging_table(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE, *, period: str = "month", **filters
) -> dict | None:
    """The emerging page's content: the periods, cells per pattern and the cells with one."""
    outcome = emerging_hot_spots(cell_size, period=period, **filters)
    if outcome is None:
        return None
    cube, result = outcome
    names = result.pattern_names().ravel()
    ids = cube.extent.cell_ids()
    totals = cube.counts.sum(axis=0).ravel()
    shown = np.flatnonzero(result.pattern.ravel() > 0)[:PATTERNS_SHOWN]
    x_min, y_min = cube.extent.lower_left()
    cells = cell_names(
        x_min.ravel()[shown].astype(float).tolist(),
        y_min.ravel()[shown].astype(float).tolist(),
        cube.extent.cell_size,
        cube.extent.bounds,
    )
    rows = [
        {
            "cell_id": ids[i],
            "name": name,
            "pattern": str(names[i]),
            "hot": int(result.hot_periods.ravel()[i]),
            "trend_z": float(result.trend_z.ravel()[i]),
            "trend_p": float(result.trend_p.ravel()[i]),
            "count": int(totals[i]),
        }
        for name, i in zip(cells, shown, strict=True)
    ]
    return {
        "periods": list(cube.periods),
        "summary": [(str(name), int(n)) for name, n in sorted(result.summary().items())],
        "rows": rows,
    }


def complete_months(cube: PeriodCube, today: dt.date | None = None) -> int:
    """How many of a monthly cube's months are complete: all but this month, still running,
    which would count as a month with too few incidents."""
    if not cube.periods:
        return 0
    today = today or timezone.localdate()
    last = cube.periods[-1]
    running = (last.year, last.month) == (today.year, today.month)
    return len(cube.periods) - 1 if running else len(cube.periods)


@_cached
def forecast_score(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE,
    *,
    train_periods: int,
    share: float,
    method: str = "count",
    month: dt.date | None = None,
    **filters,
) -> tuple[PeriodCube, forecast.ForecastScore, int] | None:
    """Score the latest complete month: train on the `train_periods` months before it, predict
    the top `share` of cells. Returns the cube, the score and the scored month's index; None
    when there are not enough complete months."""
    cube = period_counts(cell_size, period="month", **filters)
    if cube is None:
        return None
    # `month` (the running one, by default today's) is part of the cache key: when a month
    # ends, the check moves on to it even if no incident was imported since.
    target = complete_months(cube, month) - 1
    if target < train_periods:
        return None
    window = cube.counts[target - train_periods : target + 1]
    return cube, forecast.forecast_check(window, train_periods, share, method), target


@_cached
def hot_spots_geojson(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE, *, all_cells: bool = False, **filters
) -> str:
    """The hot-spot map as GeoJSON text (cells with incidents or a class, or `all_cells`).

    Building thousands of features in Python costs more than the analysis itself, so the text is
    cached per input like the analysis."""
    result = hot_spots(cell_size, **filters)
    if result is None:
        return json.dumps({"type": "FeatureCollection", "features": [], "properties": {}})
    columns = result.as_columns()
    mask = np.ones(columns["count"].shape, dtype=bool)
    if not all_cells:
        mask = (columns["count"] > 0) | (columns["hot_cold_class"] != 0)
    properties = {k: columns[k] for k in ("count", "gi_z", "p_value", "p_fdr", "hot_cold_class")}
    properties["gi_z"] = np.round(properties["gi_z"], 4)
    meta = {
        "cell_size": result.extent.cell_size,
        "classes": {str(k): v for k, v in result.summary().items()},
    }
    collection = feature_collection(
        result.extent, mask.reshape(result.extent.shape), properties, meta
    )
    return json.dumps(collection, cls=DjangoJSONEncoder)


@_cached
def emerging_geojson(
    cell_size: int = hotspots.DEFAULT_CELL_SIZE,
    *,
    period: str = "month",
    all_cells: bool = False,
    **filters,
) -> str:
    """The emerging hot-spot map as GeoJSON text, cached per input (see `hot_spots_geojson`)."""
    outcome = emerging_hot_spots(cell_size, period=period, **filters)
    if outcome is None:
        return json.dumps({"type": "FeatureCollection", "features": [], "properties": {}})
    return json.dumps(emerging_collection(*outcome, all_cells=all_cells), cls=DjangoJSONEncoder)


def cell_polygons(
    extent: hotspots.Extent, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 rings (n, 5, 2 as lon/lat) of the cells in `mask` (all cells without one), and
    their flat (row-major) indices."""
    flat = (
        np.flatnonzero(mask.ravel()) if mask is not None else np.arange(extent.nrows * extent.ncols)
    )
    rows, cols = np.divmod(flat, extent.ncols)
    s = extent.cell_size
    x0 = (extent.col0 + cols) * s
    y0 = (extent.row0 + rows) * s
    xs = np.stack([x0, x0 + s, x0 + s, x0, x0], axis=1).astype(float)
    ys = np.stack([y0, y0, y0 + s, y0 + s, y0], axis=1).astype(float)
    lon, lat = _TO_WGS84.transform(xs.ravel(), ys.ravel())
    rings = np.stack([np.asarray(lon), np.asarray(lat)], axis=1).reshape(len(flat), 5, 2)
    return np.round(rings, 6), flat


def feature_collection(
    extent: hotspots.Extent, mask: np.ndarray, properties: dict[str, np.ndarray], meta: dict
) -> dict:
    """A GeoJSON FeatureCollection of the cells in `mask` with per-cell `properties` (flat
    row-major arrays, one entry per cell of the extent)."""
    rings, flat = cell_polygons(extent, mask)
    ids = extent.cell_ids()
    x_min, y_min = extent.lower_left()
    names = cell_names(
        x_min.ravel()[flat].astype(float).tolist(),
        y_min.ravel()[flat].astype(float).tolist(),
        extent.cell_size,
        extent.bounds,
    )
    features = []
    for ring, index, name in zip(rings, flat, names, strict=True):
        props = {"cell_id": str(ids[index]), "name": name}
        for name, values in properties.items():
            value = values[index]
            props[name] = value.item() if hasattr(value, "item") else value
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring.tolist()]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features, "properties": meta}


def emerging_collection(
    cube: PeriodCube,
    result: emerging.EmergingResult,
    *,
    all_cells: bool = False,
    keep: np.ndarray | None = None,
) -> dict:
    """Emerging hot-spot cells as a GeoJSON FeatureCollection (WGS84) with their pattern, counts,
    hot/cold periods and trend. Only cells with a pattern or with incidents, unless `all_cells`;
    `keep` (rows, cols) limits the cells further (e.g. to those inside an area)."""
    totals = cube.counts.sum(axis=0)
    mask = np.ones(totals.shape, dtype=bool)
    if not all_cells:
        mask = (totals > 0) | (result.pattern != 0)
    if keep is not None:
        mask &= keep
    properties = {
        "pattern": result.pattern_names().ravel(),
        "pattern_code": result.pattern.ravel(),
        "count": totals.ravel(),
        "hot_periods": result.hot_periods.ravel(),
        "cold_periods": result.cold_periods.ravel(),
        "trend_z": np.round(result.trend_z.ravel(), 4),
        "trend_p": np.round(result.trend_p.ravel(), 6),
    }
    meta = {
        "cell_size": cube.extent.cell_size,
        "periods": [p.isoformat() for p in cube.periods],
        "patterns": result.summary() if keep is None else _pattern_summary(result.pattern[keep]),
    }
    return feature_collection(cube.extent, mask, properties, meta)


def _pattern_summary(codes: np.ndarray) -> dict[str, int]:
    values, numbers = np.unique(codes, return_counts=True)
    return {emerging.PATTERN_CODES[int(c)]: int(n) for c, n in zip(values, numbers, strict=True)}

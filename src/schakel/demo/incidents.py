"""Demo incidents for the fictional city of Lindewaard: three years, with planted hot spots.

Everything here is fiction. The constants are the contract with the area pages (and anyone else
who wants to point at the planted patterns): all coordinates in RD New metres (EPSG:28992).

- `EXTENT`: the city, (x_min, y_min, x_max, y_max) = 6 km × 6 km.
- `PLANTED_HOTSPOTS`: three persistent hot spots (all 36 months) and one that emerges in the
  last 6 months; each a centre, a spread (standard deviation in metres) and the categories.
- `IMPROVED_AREA`: a box that is a hot spot for two years, after which a hot-spot plan starts and
  its incidents drop by about 40 % in the last 12 months ("where a plan worked").

The 36 months are the full calendar months before the month of the reference date `today`
(month 0 the oldest).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from schakel.incidents.models import Incident, IncidentImport
from schakel.organisations.models import Organisation, OrganisationKind

EXTENT = (180_000, 560_000, 186_000, 566_000)
MONTHS = 36
CATEGORIES = (
    "overlast",
    "drugsoverlast",
    "woninginbraak",
    "straatroof",
    "vernieling",
    "jeugdoverlast",
)
# Background share per category (city-wide incidents).
CATEGORY_WEIGHTS = (0.30, 0.10, 0.18, 0.07, 0.20, 0.15)
BACKGROUND_PER_MONTH = 700
ID_PREFIX = "DEMO-"

PLANTED_HOTSPOTS = (
    {
        "name": "Stationsplein",
        "kind": "persistent",
        "centre": (182_350, 562_650),
        "spread": 90,
        "per_month": 130,
        "categories": ("overlast", "drugsoverlast", "straatroof"),
        "months": (0, MONTHS),
    },
    {
        "name": "Marktplein",
        "kind": "persistent",
        "centre": (183_150, 563_450),
        "spread": 90,
        "per_month": 110,
        "categories": ("vernieling", "overlast", "jeugdoverlast"),
        "months": (0, MONTHS),
    },
    {
        "name": "Winkelcentrum De Wiek",
        "kind": "persistent",
        "centre": (181_450, 564_250),
        "spread": 80,
        "per_month": 90,
        "categories": ("jeugdoverlast", "vernieling", "woninginbraak"),
        "months": (0, MONTHS),
    },
    {
        "name": "Parkstrook Oost",
        "kind": "emerging",
        "centre": (184_650, 561_350),
        "spread": 80,
        "per_month": 100,
        "categories": ("drugsoverlast", "overlast"),
        "months": (MONTHS - 6, MONTHS),
    },
)

IMPROVED_AREA = {
    "name": "Lindehof",
    "centre": (184_000, 564_800),
    "spread": 120,
    "bounds": (183_600, 564_400, 184_400, 565_200),  # x_min, y_min, x_max, y_max: centre ± 400 m
    "per_month_before": 120,
    "per_month_after": 72,  # -40 % in the last 12 months
    "plan_starts_month": MONTHS - 12,
    "categories": ("overlast", "woninginbraak", "vernieling"),
}

# Evening and night are busier than the morning.
_HOUR_WEIGHTS = np.array(
    [4, 3, 2, 1, 1, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 7, 8, 8, 7, 5], dtype=float
)


def month_starts(today: dt.date) -> list[dt.date]:
    """The first day of each of the 36 demo months (oldest first)."""
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def generate(seed: int, today: dt.date) -> pd.DataFrame:
    """The demo incidents as a frame (source_id, occurred_at UTC, category, x, y)."""
    rng = np.random.default_rng(seed + 3)
    x0, y0, x1, y1 = EXTENT
    parts = []

    def add(month: int, n: int, x, y, categories, weights=None):
        parts.append(
            pd.DataFrame(
                {
                    "month": np.full(n, month),
                    "x": x,
                    "y": y,
                    "category": rng.choice(categories, size=n, p=weights),
                }
            )
        )

    for month in range(MONTHS):
        # Background: a smooth density, denser towards the centre of the city.
        n = rng.poisson(BACKGROUND_PER_MONTH)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        x = np.where(rng.random(n) < 0.5, rng.uniform(x0, x1, n), rng.normal(cx, 1200, n))
        y = np.where(rng.random(n) < 0.5, rng.uniform(y0, y1, n), rng.normal(cy, 1200, n))
        add(month, n, x, y, CATEGORIES, CATEGORY_WEIGHTS)
        for spot in PLANTED_HOTSPOTS:
            start, end = spot["months"]
            if start <= month < end:
                n = rng.poisson(spot["per_month"])
                sx, sy = spot["centre"]
                add(
                    month,
                    n,
                    rng.normal(sx, spot["spread"], n),
                    rng.normal(sy, spot["spread"], n),
                    spot["categories"],
                )
        area = IMPROVED_AREA
        rate = (
            area["per_month_before"]
            if month < area["plan_starts_month"]
            else area["per_month_after"]
        )
        n = rng.poisson(rate)
        ax, ay = area["centre"]
        add(
            month,
            n,
            rng.normal(ax, area["spread"], n),
            rng.normal(ay, area["spread"], n),
            area["categories"],
        )

    frame = pd.concat(parts, ignore_index=True)
    inside = frame["x"].between(x0, x1, inclusive="left") & frame["y"].between(
        y0, y1, inclusive="left"
    )
    frame = frame[inside].reset_index(drop=True)

    starts = month_starts(today)
    month_start = pd.to_datetime(pd.Series([starts[m] for m in range(MONTHS)]))
    days_in_month = month_start.dt.days_in_month.to_numpy()
    m = frame["month"].to_numpy()
    day = np.floor(rng.random(len(frame)) * days_in_month[m]).astype(int)
    hour = rng.choice(24, size=len(frame), p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    minute = rng.integers(0, 60, len(frame))
    local = (
        month_start.to_numpy()[m]
        + day.astype("timedelta64[D]")
        + hour.astype("timedelta64[h]")
        + minute.astype("timedelta64[m]")
    )
    occurred = (
        pd.Series(local)
        .dt.tz_localize(
            "Europe/Amsterdam",
            ambiguous=np.zeros(len(frame), dtype=bool),
            nonexistent="shift_forward",
        )
        .dt.tz_convert("UTC")
    )
    frame = frame.assign(occurred_at=occurred).sort_values("occurred_at", kind="stable")
    frame["source_id"] = [f"{ID_PREFIX}{i:06d}" for i in range(len(frame))]
    frame["x"] = frame["x"].round(1)
    frame["y"] = frame["y"].round(1)
    return frame.reset_index(drop=True)


def load(seed: int, today: dt.date) -> dict:
    """Write the demo incidents (bulk, in batches); returns the number written."""
    frame = generate(seed, today)
    police = Organisation.objects.filter(kind=OrganisationKind.POLICE).order_by("pk").first()
    municipality = (
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
    )
    # Nuisance reports reach the municipality; crimes are police registrations.
    by_municipality = {"overlast", "jeugdoverlast"}
    times = [t.to_pydatetime() for t in frame["occurred_at"]]
    objects = [
        Incident(
            source_id=source_id,
            occurred_at=when,
            category=category,
            x=x,
            y=y,
            source_organisation=municipality if category in by_municipality else police,
        )
        for source_id, when, category, x, y in zip(
            frame["source_id"], times, frame["category"], frame["x"], frame["y"], strict=True
        )
    ]
    Incident.objects.bulk_create(objects, batch_size=2000)
    return {"incidents": len(objects)}


def remove() -> None:
    Incident.objects.filter(source_id__startswith=ID_PREFIX).delete()
    IncidentImport.objects.all().delete()

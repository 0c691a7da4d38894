"""Benchmark: 10 million incidents → Gi* hot spots on a 1,000 × 1,000 grid, ours against esda.

    .venv/bin/python bench/hotspots.py [--rows 10000000] [--esda-size 1000] [--esda-timeout 600]

1. Generates synthetic incidents with planted hot spots over 100 km × 100 km of RD New
   (1,000 × 1,000 cells of 100 m) into bench/out/incidents.parquet and .csv (once; reused).
2. Ours, end to end in a fresh process: DuckDB reads the file and bins the points, then Gi*,
   FDR and the classes (`schakel.analytics.gridfile` + `hotspots.analyse_grid`); for Parquet
   and for CSV. Peak memory is that process's ru_maxrss.
3. esda in a fresh process on the same grid of counts: `libpysal.weights.lat2W(n, n,
   rook=False)` (timed separately) and `esda.G_Local(y, w, star=True, transform='B',
   permutations=0)`. If it does not finish within the timeout, it is measured on smaller grids
   and extrapolated (said so in the output).
4. Checks that the planted hot spots are found, and that ours and esda agree.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"
CELL = 100
N_CELLS = 1000
X0, Y0 = 100_000, 400_000  # south-west corner of the study area (RD New)
HOT_SPOTS = [  # (x, y, share of all incidents, spread in metres)
    (125_050, 425_050, 0.004, 60),
    (150_050, 460_050, 0.004, 60),
    (175_050, 430_050, 0.003, 80),
    (120_050, 480_050, 0.003, 80),
    (180_050, 485_050, 0.002, 60),
]
CATEGORIES = np.array(["overlast", "vernieling", "woninginbraak", "straatroof"])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(rows: int, seed: int = 1) -> tuple[Path, Path]:
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    OUT.mkdir(parents=True, exist_ok=True)
    parquet = OUT / f"incidents_{rows}.parquet"
    csv = OUT / f"incidents_{rows}.csv"
    if parquet.exists() and csv.exists():
        return parquet, csv
    rng = np.random.default_rng(seed)
    chunk = 1_000_000
    start = np.datetime64("2022-01-01T00:00:00", "s")
    span = 3 * 365 * 24 * 3600
    with pq.ParquetWriter(
        parquet,
        pa.schema(
            [
                ("id", pa.string()),
                ("datetime", pa.timestamp("s")),
                ("category", pa.string()),
                ("x", pa.float64()),
                ("y", pa.float64()),
            ]
        ),
    ) as writer:
        for first in range(0, rows, chunk):
            n = min(chunk, rows - first)
            # Background: uniform with a gentle east-west gradient.
            x = X0 + N_CELLS * CELL * np.sqrt(rng.random(n))
            y = Y0 + N_CELLS * CELL * rng.random(n)
            which = rng.random(n)
            edge = 0.0
            for hx, hy, share, spread in HOT_SPOTS:
                mask = (which >= edge) & (which < edge + share)
                k = int(mask.sum())
                x[mask] = rng.normal(hx, spread, k)
                y[mask] = rng.normal(hy, spread, k)
                edge += share
            table = pa.table(
                {
                    "id": pa.array(np.char.add("b", np.arange(first, first + n).astype(str))),
                    "datetime": pa.array(start + rng.integers(0, span, n).astype("timedelta64[s]")),
                    "category": pa.array(CATEGORIES[rng.integers(0, len(CATEGORIES), n)]),
                    "x": np.round(x, 1),
                    "y": np.round(y, 1),
                }
            )
            writer.write_table(table)
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (HEADER, DELIMITER ',')"
    )
    return parquet, csv


def run_ours(path: str) -> dict:
    from schakel.analytics import gridfile, hotspots

    extent = hotspots.Extent(CELL, X0 // CELL, Y0 // CELL, N_CELLS, N_CELLS)
    t0 = time.perf_counter()
    binned = gridfile.bin_file(path, CELL, extent=extent)
    t1 = time.perf_counter()
    gi = hotspots.gi_star(binned.counts)
    t2 = time.perf_counter()
    p_fdr = hotspots.fdr_bh(gi.p_value)
    t3 = time.perf_counter()
    classes = hotspots.classify(gi.z, p_fdr)
    t4 = time.perf_counter()
    found = []
    for hx, hy, _share, _spread in HOT_SPOTS:
        found.append(int(classes[hy // CELL - extent.row0, hx // CELL - extent.col0]))
    np.save(OUT / "counts.npy", binned.counts)
    np.save(OUT / "z_ours.npy", gi.z)
    return {
        "points": binned.points_used,
        "read_and_bin_s": t1 - t0,
        "gi_star_s": t2 - t1,
        "fdr_s": t3 - t2,
        "classes_s": t4 - t3,
        "total_s": t4 - t0,
        "peak_mb": peak_mb(),
        "planted_classes": found,
        "hot_cells_99": int((classes == 3).sum()),
        "cold_cells": int((classes < 0).sum()),
    }


def run_esda(size: int) -> dict:
    import warnings

    import esda
    import libpysal

    counts = np.load(OUT / "counts.npy")
    if size != counts.shape[0]:
        counts = counts[:size, :size]
    y = counts.ravel().astype(float)
    t0 = time.perf_counter()
    w = libpysal.weights.lat2W(size, size, rook=False)
    t1 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = esda.G_Local(y, w, star=True, transform="B", permutations=0)
    t2 = time.perf_counter()
    from schakel.analytics import hotspots

    ours = hotspots.gi_star(counts).z.ravel()
    return {
        "size": size,
        "lat2W_s": t1 - t0,
        "g_local_s": t2 - t1,
        "total_s": t2 - t0,
        "peak_mb": peak_mb(),
        "max_abs_z_diff": float(np.max(np.abs(ours - g.Zs))),
    }


def in_subprocess(args: list[str], timeout: float | None) -> dict | None:
    command = [sys.executable, __file__, *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        print(error.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--esda-size", type=int, default=N_CELLS)
    parser.add_argument("--esda-timeout", type=float, default=600)
    parser.add_argument("--child", choices=["ours", "esda"])
    parser.add_argument("--path")
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.child == "ours":
        print(json.dumps(run_ours(args.path)))
        return
    if args.child == "esda":
        print(json.dumps(run_esda(args.size)))
        return

    t = time.perf_counter()
    parquet, csv = generate(args.rows)
    print(
        f"data: {args.rows:,} incidents, {parquet.stat().st_size / 1e6:.0f} MB Parquet, "
        f"{csv.stat().st_size / 1e6:.0f} MB CSV (generated/reused in {time.perf_counter() - t:.1f} s)"
    )
    print(f"machine: {os.cpu_count()} cores")
    results = {}
    for label, path in (("parquet", parquet), ("csv", csv)):
        r = in_subprocess(["--child", "ours", "--path", str(path)], None)
        results[label] = r
        print(
            f"ours ({label}): {r['total_s']:.2f} s end to end = read+bin {r['read_and_bin_s']:.2f} s"
            f" + Gi* {r['gi_star_s']:.3f} s + FDR {r['fdr_s']:.3f} s + classes {r['classes_s']:.3f} s;"
            f" peak memory {r['peak_mb']:.0f} MB; {r['points']:,} points;"
            f" planted hot spots' classes {r['planted_classes']}; {r['hot_cells_99']} cells hot at 99 %"
        )
    sizes = [args.esda_size]
    esda_result = in_subprocess(
        ["--child", "esda", "--size", str(args.esda_size)], args.esda_timeout
    )
    if esda_result is None:
        print(
            f"esda on {args.esda_size}² cells did not finish within {args.esda_timeout:.0f} s;"
            " measuring smaller grids to extrapolate (linear in the number of cells)"
        )
        sizes = [250, 500]
        small = [
            in_subprocess(["--child", "esda", "--size", str(s)], args.esda_timeout) for s in sizes
        ]
        for s in small:
            print(
                f"esda {s['size']}²: lat2W {s['lat2W_s']:.1f} s, G_Local {s['g_local_s']:.1f} s,"
                f" peak {s['peak_mb']:.0f} MB"
            )
        per_cell = small[-1]["total_s"] / small[-1]["size"] ** 2
        esda_total = per_cell * args.esda_size**2
        print(f"esda {args.esda_size}² (EXTRAPOLATED): ~{esda_total:.0f} s")
    else:
        e = esda_result
        esda_total = e["total_s"]
        print(
            f"esda ({e['size']}² cells): lat2W {e['lat2W_s']:.1f} s + G_Local {e['g_local_s']:.1f} s"
            f" = {e['total_s']:.1f} s; peak memory {e['peak_mb']:.0f} MB;"
            f" max |z ours - z esda| = {e['max_abs_z_diff']:.2e}"
        )
    for label in ("parquet", "csv"):
        ours = results[label]["total_s"]
        print(
            f"speed-up ({label}, end to end incl. reading {args.rows:,} rows, against esda's"
            f" lat2W + G_Local on the binned grid): {esda_total / ours:.0f}×"
        )


if __name__ == "__main__":
    main()

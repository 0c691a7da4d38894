"""A Dutch evaluation set for record linkage (issue 14): two partner extracts drawn from one
fictional registry of households — and how Schakel's linkage does on it.

    .venv/bin/python bench/dutch_households.py [--households 4000] [--seed 14] [--out DIR]
                                               [--without-sex]

The registry holds households at one address: two parents (often with different surnames), their
children (the father's surname, sometimes a double surname), twins now and then (the same
surname, address and date of birth; another given name, sometimes the other sex), each person
with a unique BSN that passes the 11-test. Two extracts each take part of the persons, as two
partners would hold them; the second is written differently: typos, ij/y, surname prefixes as
"Vries, de" or "de Vries", day and month swapped, persons who moved, and BSNs left out. Both
carry the sex ("M"/"V"); the second leaves it out for a quarter of the persons and has it wrong
for one in 500 (`--without-sex`: the sex is not compared).

It prints precision, recall and F1 of `linkage.link_records` on the pair, and the false links
that matter most here: two different members of one household (twins first), and pairs that
carry two different valid BSNs. With `--out` it writes the extracts and the truth as CSV.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from tests.analytics.households import (  # noqa: E402
    MAPPING,
    MAPPING_WITHOUT_SEX,
    evaluate,
    extract,
    registry,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--without-sex", action="store_true", help="do not compare the sex")
    options = parser.parse_args()
    mapping = MAPPING_WITHOUT_SEX if options.without_sex else MAPPING
    rng = random.Random(options.seed)
    persons = registry(options.households, rng)
    twins = {frozenset((p.pid, p.twin_of)) for p in persons if p.twin_of is not None}
    left = extract(persons, 0.7, rng, messy=False)
    right = extract(persons, 0.7, rng, messy=True)
    if options.out:
        options.out.mkdir(parents=True, exist_ok=True)
        left.drop(columns=["pid", "household"]).to_csv(options.out / "partner_a.csv", index=False)
        right.drop(columns=["pid", "household"]).to_csv(options.out / "partner_b.csv", index=False)
        pd.concat([left, right])[["id", "pid", "household"]].to_csv(
            options.out / "truth.csv", index=False
        )
    from schakel.analytics import linkage

    started = time.perf_counter()
    columns = list(mapping.values())
    result = linkage.link_records(
        left[columns], right[columns], mapping, threshold=options.threshold
    )
    seconds = time.perf_counter() - started
    pairs = list(zip(result.pairs.left_id, result.pairs.right_id, strict=True))
    print(
        f"{len(persons)} persons in {options.households} households, {len(twins)} twin pairs; "
        f"extracts of {len(left)} and {len(right)} records; threshold {options.threshold}"
    )
    for name, value in evaluate(left, right, pairs, twins).items():
        print(f"  {name:<38} {value:.4f}" if isinstance(value, float) else f"  {name:<38} {value}")
    print(f"  {'seconds':<38} {seconds:.1f}")


if __name__ == "__main__":
    main()

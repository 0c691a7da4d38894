"""Linkage results as {frozenset((id, id)): probability}, for tests that ask about one pair."""


def by_pair(result) -> dict:
    return {
        frozenset((a, b)): p
        for a, b, p in zip(
            result.pairs.left_id, result.pairs.right_id, result.pairs.match_probability,
            strict=True,
        )
    }  # fmt: skip

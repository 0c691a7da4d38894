"""The federation's hardened index: balanced filters of one weight, epochs that do not link,
decoys that pad the count and stay put, and typos that still match."""

import numpy as np

from schakel.analytics import bloom
from schakel.analytics import federated_index as fed

SECRET = b"a long shared secret of the Veiligheidshuizen"
FATIMA = {"given_name": "Fatima", "surname": "El Amrani", "date_of_birth": "1975-11-30"}
TYPO = {"given_name": "Fatima", "surname": "El Amrany", "date_of_birth": "1975-11-30"}
OTHERS = [
    {"given_name": g, "surname": s, "date_of_birth": f"19{60 + n}-0{1 + n % 9}-1{n % 9}"}
    for n, (g, s) in enumerate(
        [("Jan", "de Vries"), ("Anna", "Jansen"), ("Mohamed", "Yilmaz"), ("Eva", "Bakker")] * 5
    )
]


def test_balanced_filters_all_have_half_their_bits_set():
    key = fed.epoch_key(SECRET, "2025-1")
    index = fed.build_index([FATIMA, *OTHERS], key, fed.Hardening(block=16))
    assert set(bloom.popcount(index).tolist()) == {fed.BASE_BITS}
    plain = fed.encode([FATIMA, *OTHERS], key, fed.Hardening(balanced=False))
    assert len(set(bloom.popcount(plain).tolist())) > 1  # what balancing hides


def test_the_index_is_padded_to_a_block_with_decoys_in_canonical_order():
    key = fed.epoch_key(SECRET, "2025-1")
    index = fed.build_index([FATIMA, *OTHERS], key, fed.Hardening(block=16))
    assert len(index) == 32  # 21 persons → the next multiple of 16
    rows = [row.tobytes() for row in index.astype(">u8")]
    assert rows == sorted(rows)
    again = fed.build_index([FATIMA, *OTHERS], key, fed.Hardening(block=16))
    assert np.array_equal(index, again)  # the decoys do not change between publications


def test_a_typo_still_matches_and_a_stranger_does_not():
    key = fed.epoch_key(SECRET, "2025-1")
    index = fed.build_index([FATIMA, *OTHERS], key, fed.Hardening(block=16))
    question = fed.encode([TYPO], key)[0]
    assert fed.best_score(question, index) >= fed.BALANCED_THRESHOLD
    stranger = fed.encode([{**FATIMA, "given_name": "Pieter", "surname": "Bakker"}], key)[0]
    assert fed.best_score(stranger, index) < fed.BALANCED_THRESHOLD


def test_encodings_of_another_epoch_do_not_link():
    old = fed.build_index([FATIMA], fed.epoch_key(SECRET, "2024-2"), fed.Hardening(block=1))
    question = fed.encode([FATIMA], fed.epoch_key(SECRET, "2025-1"))[0]
    assert fed.best_score(question, old) < 0.7
    assert fed.fingerprint(fed.epoch_key(SECRET, "2024-2")) != fed.fingerprint(
        fed.epoch_key(SECRET, "2025-1")
    )

"""Hardened keyed Bloom-filter indexes that Veiligheidshuizen exchange for "already known?".

Every installation publishes one index: the CLKs (`analytics.bloom`) of the persons in its open
cases, made from given names, surname and date of birth under a key that the installations agree
on, and hardened before they leave the house:

- **a key per epoch**: the shared secret is never used directly; each epoch (`2025-1`, …) derives
  its own key with HMAC, and bloom.py puts the field name in every hashed message (a key per
  field). Encodings of two epochs do not link, so rotating the epoch retires every old index.
- **balancing** (Schnell, Borgs & Encarnação 2016): each filter is joined with its own negation
  and the bits are shuffled by a permutation derived from the epoch key, so every entry has
  exactly half its bits set — the number of set bits no longer tells the length of a name.
- **padding with decoys**: the index is filled to a multiple of `block` entries with random
  filters of the same weight, so the number of persons is known only to within a block.
- **a canonical order**: entries are sorted by their bytes, so the order tells nothing about
  which case came first.

Pure NumPy and the standard library (no Django); the protocol and threat model are in
`docs/privacy-preserving-linkage.md`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import bloom

FORMAT = "schakel-federation-index/1"
BASE_BITS = 1024
# The fields a question at the Veiligheidshuis always carries (bloom.py's weights).
FIELDS = ("given_name", "surname", "date_of_birth")
SETTINGS = bloom.ClkSettings(
    bits=BASE_BITS, field_hashes=tuple((f, bloom.DEFAULT_FIELD_HASHES[f]) for f in FIELDS)
)
# Dice of balanced filters is the share of agreeing bits; measured on the Dutch household set
# (bench/federation_balancing.py, docs/benchmarks.md): F1 is highest there for each kind.
BALANCED_THRESHOLD = 0.92
PLAIN_THRESHOLD = 0.88
DEFAULT_BLOCK = 256


@dataclass(frozen=True)
class Hardening:
    balanced: bool = True
    block: int = DEFAULT_BLOCK  # pad to a multiple of this many entries (1: no decoys)

    @property
    def bits(self) -> int:
        return 2 * BASE_BITS if self.balanced else BASE_BITS

    @property
    def threshold(self) -> float:
        return BALANCED_THRESHOLD if self.balanced else PLAIN_THRESHOLD


class FederationIndexError(ValueError):
    """An index cannot be used (wrong format, epoch or length)."""


def epoch_key(secret: bytes, epoch: str) -> bytes:
    """The key of one epoch: HMAC(secret, epoch). A new epoch makes every old encoding useless."""
    if len(secret) < bloom.MIN_KEY_BYTES:
        raise FederationIndexError("the federation key is too short")
    if not epoch:
        raise FederationIndexError("the federation needs an epoch")
    return hmac.new(secret, f"schakel-federation-epoch\x1f{epoch}".encode(), "sha256").digest()


def _generator(key: bytes, purpose: str) -> np.random.Generator:
    seed = hmac.new(key, purpose.encode(), "sha256").digest()
    return np.random.default_rng(int.from_bytes(seed, "big"))


def _permutation(key: bytes, bits: int) -> np.ndarray:
    return _generator(key, f"balance-permutation\x1f{bits}").permutation(bits)


def _to_bits(words: np.ndarray) -> np.ndarray:
    return np.unpackbits(np.atleast_2d(words).astype(">u8").view(np.uint8), axis=1)


def _to_words(bits: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.packbits(bits, axis=1)).view(">u8").astype(np.uint64)


def encode(
    records: Sequence[Mapping[str, str]], key: bytes, hardening: Hardening = Hardening()
) -> np.ndarray:
    """The (n, words) encodings of records with `FIELDS`, balanced if asked (no decoys here)."""
    if not records:
        return np.zeros((0, hardening.bits // 64), dtype=np.uint64)
    plain = np.vstack([bloom.encode_record(r, key, SETTINGS) for r in records])
    return balance(plain, key) if hardening.balanced else plain


def balance(plain: np.ndarray, key: bytes) -> np.ndarray:
    """Each filter joined with its negation, the bits permuted under the key: weight = length."""
    bits = _to_bits(plain)
    joined = np.concatenate([bits, 1 - bits], axis=1)
    return _to_words(joined[:, _permutation(key, joined.shape[1])])


def decoys(key: bytes, count: int, density: float, hardening: Hardening) -> np.ndarray:
    """`count` random filters, made and balanced like real ones: a fixed stream per epoch key, so
    that two publications of one epoch share their decoys (a changing decoy would show itself)."""
    if count <= 0:
        return np.zeros((0, hardening.bits // 64), dtype=np.uint64)
    rng = _generator(key, f"decoys\x1f{density:.2f}")
    raw = (rng.random((count, BASE_BITS)) < density).astype(np.uint8)
    plain = _to_words(raw)
    return balance(plain, key) if hardening.balanced else plain


def padded_size(count: int, block: int) -> int:
    """The next multiple of `block` above `count` (always at least one decoy when block > 1)."""
    if block <= 1:
        return count
    return (count // block + 1) * block


def build_index(
    records: Sequence[Mapping[str, str]],
    key: bytes,
    hardening: Hardening = Hardening(),
) -> np.ndarray:
    """The entries of a published index: encodings, padded with decoys, in canonical order."""
    real = encode(records, key, hardening)
    real = np.unique(real, axis=0) if len(real) else real
    # Decoys get the density of real filters (rounded, so it rarely changes): a decoy that is
    # much fuller or emptier than the real ones would be easy to tell apart.
    plain_density = 0.33
    if len(records):
        sample = encode(records[:500], key, Hardening(balanced=False, block=1))
        plain_density = round(float(bloom.popcount(sample).mean()) / BASE_BITS * 50) / 50
    filler = decoys(
        key, padded_size(len(real), hardening.block) - len(real), plain_density, hardening
    )
    entries = np.vstack([real, filler]) if len(filler) else real
    order = np.lexsort(entries.T[::-1]) if len(entries) else np.zeros(0, dtype=np.int64)
    return entries[order]


def serialise(entries: np.ndarray) -> list[str]:
    return [base64.b64encode(row.astype(">u8").tobytes()).decode("ascii") for row in entries]


def deserialise(texts: Sequence[str], bits: int) -> np.ndarray:
    words = bits // 64
    rows = []
    for text in texts:
        try:
            raw = base64.b64decode(text, validate=True)
        except (ValueError, TypeError):
            raise FederationIndexError("an entry is not valid base64") from None
        if len(raw) != bits // 8:
            raise FederationIndexError("an entry has the wrong length")
        rows.append(np.frombuffer(raw, dtype=">u8").astype(np.uint64))
    return np.vstack(rows) if rows else np.zeros((0, words), dtype=np.uint64)


def best_score(question: np.ndarray, entries: np.ndarray) -> float:
    """The highest Dice coefficient between one encoding and an index (0 for an empty index)."""
    if not len(entries):
        return 0.0
    return float(bloom.dice_scores(np.atleast_2d(question), entries)[0].max())


def fingerprint(key: bytes) -> str:
    """A short, one-way label of an epoch key: peers can see that they share a key, not the key."""
    return hashlib.sha256(b"schakel-federation-fingerprint" + key).hexdigest()[:16]

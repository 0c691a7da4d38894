"""Privacy-preserving record linkage with keyed Bloom-filter encodings (CLKs).

A partner that may not hand over names, dates of birth or BSNs runs `encode` on its own machine:
every record becomes one cryptographic long-term key (CLK, Schnell et al. 2011), a 1,024-bit
Bloom filter into which the bigrams of each normalised field are hashed. Hashing is double
hashing over HMAC-SHA256 keyed with a secret that the partners agree among themselves; the key
never reaches Schakel, so Schakel cannot test guesses ("is Jan de Vries in here?") against the
encodings. Similar records give similar bit vectors, so Schakel links encodings to encodings by
their Dice coefficient, without any raw identifier present.

This module uses only the standard library and NumPy, so that a partner can run it without
installing Schakel or Django:

    python bloom.py encode extract.csv --mapping mapping.json --key-file partner.key \\
        --output encoded.csv
    python -m schakel.analytics.bloom link left.csv right.csv --output pairs.csv

The threat model (what this protects against, and what not) is in
`docs/privacy-preserving-linkage.md`.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import hmac
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROLES = (
    "id",
    "given_name",
    "surname",
    "date_of_birth",
    "street",
    "house_number",
    "postcode",
    "city",
    "national_id",
)
DEFAULT_BITS = 1024
MIN_KEY_BYTES = 16
CLK_COLUMNS = ("id", "clk")
PAIR_COLUMNS = ("left_id", "right_id", "match_probability")
# Measured on FEBRL4 (docs/benchmarks.md): 0.7 keeps precision at 1.0 with recall ≥ 0.99.
DEFAULT_DICE_THRESHOLD = 0.7

# Hash functions per bigram for each field: the weight of the field in the Dice score. Names and
# date of birth identify a person best; the address may change when someone moves.
DEFAULT_FIELD_HASHES: dict[str, int] = {
    "given_name": 20,
    "surname": 22,
    "date_of_birth": 18,
    "national_id": 12,
    "street": 6,
    "house_number": 6,
    "postcode": 8,
    "city": 4,
}

# Dutch surname prefixes (tussenvoegsels): "de Vries", "Vries, de" and "Vries" are one surname.
# Longest first: "van der" before "van". `analytics.linkage` uses this list too.
SURNAME_PREFIX_WORDS = (
    "van der",
    "van den",
    "van de",
    "van het",
    "van 't",
    "in 't",
    "op de",
    "op den",
    "uit de",
    "uit den",
    "van",
    "de",
    "der",
    "den",
    "het",
    "'t",
    "ter",
    "ten",
    "te",
    "la",
    "le",
    "du",
    "del",
    "di",
    "da",
    "el",
    "al",
)
SURNAME_PREFIXES = re.compile(r"^((" + "|".join(SURNAME_PREFIX_WORDS) + r") )+")


# This module is also handed to partners as a single file (standard library + NumPy), so it
# carries its own copy of `analytics.messages` rather than importing it.
def gettext_noop(message: str) -> str:
    """Marks a message for translation (Django's makemessages finds it) without needing Django."""
    return message


class EncodingError(ValueError):
    """The input, the mapping or the key cannot be used (the message is fit for a user)."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    def translated(self, gettext) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text


# --- normalisation (the same rules as analytics.linkage, in plain Python) -------------------


def _clean(value: str) -> str:
    text = unicodedata.normalize("NFKD", value.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _surname(value: str) -> str:
    value = re.sub(r"^(.*),\s*(.*)$", r"\2 \1", value)
    cleaned = _clean(value)
    return SURNAME_PREFIXES.sub("", cleaned).strip() or cleaned


def _date(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return value
    found = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
    if found:
        return f"{found[1]}{int(found[2]):02d}{int(found[3]):02d}"
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    if found:
        return f"{found[3]}{int(found[2]):02d}{int(found[1]):02d}"
    return ""


def _digits(value: str) -> str:
    digits = re.sub(r"[^0-9]", "", value)
    return "0" + digits if len(digits) == 8 else digits


def _house_number(value: str) -> str:
    found = re.search(r"\d+", value)
    return found[0] if found else ""


def _postcode(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


NORMALISERS = {
    "given_name": _clean,
    "surname": _surname,
    "date_of_birth": _date,
    "street": _clean,
    "house_number": _house_number,
    "postcode": _postcode,
    "city": _clean,
    "national_id": _digits,
}


def normalise(role: str, value: str | None) -> str:
    return NORMALISERS[role](value or "") if value else ""


def bigrams(text: str) -> set[str]:
    """The bigrams of a value padded with a space on each side ('jan' → ' j','ja','an','n ')."""
    if not text:
        return set()
    padded = f" {text} "
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


# --- encoding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClkSettings:
    bits: int = DEFAULT_BITS
    field_hashes: tuple[tuple[str, int], ...] = tuple(DEFAULT_FIELD_HASHES.items())

    def __post_init__(self) -> None:
        if self.bits <= 0 or self.bits % 64:
            raise EncodingError(
                gettext_noop("The number of bits must be a positive multiple of 64.")
            )


DEFAULT_SETTINGS = ClkSettings()


def read_key(path: str | Path) -> bytes:
    try:
        key = Path(path).read_bytes().strip()
    except FileNotFoundError:
        raise EncodingError(
            gettext_noop("The key file %(path)s does not exist."), path=path
        ) from None
    except OSError as error:
        raise EncodingError(
            gettext_noop("The key file %(path)s cannot be read: %(error)s."), path=path, error=error
        ) from None
    if len(key) < MIN_KEY_BYTES:
        raise EncodingError(
            gettext_noop(
                'The key must be at least %(size)s bytes; agree a long random secret with the other partners (e.g. `python -c "import secrets; print(secrets.token_hex(32))"`).'
            ),
            size=MIN_KEY_BYTES,
        )
    return key


def encode_record(
    record: Mapping[str, str | None], key: bytes, settings: ClkSettings = DEFAULT_SETTINGS
) -> np.ndarray:
    """One CLK as `bits / 64` uint64 words.

    Each bigram of a field is hashed once with HMAC-SHA256 under the secret key (the field name in
    the message keeps fields apart); two 64-bit halves of the digest give the k positions
    h1 + i·h2 (mod bits) of double hashing (Kirsch & Mitzenmacher).
    """
    bitmap = 0
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for role, hashes in settings.field_hashes:
        for gram in bigrams(normalise(role, record.get(role))):
            digest = mac.copy()
            digest.update(f"{role}\x1f{gram}".encode())
            value = digest.digest()
            h1 = int.from_bytes(value[:8], "big")
            h2 = int.from_bytes(value[8:16], "big") | 1
            for i in range(hashes):
                bitmap |= 1 << ((h1 + i * h2) % settings.bits)
    return np.frombuffer(bitmap.to_bytes(settings.bits // 8, "big"), dtype=">u8").astype(np.uint64)


def to_base64(clk: np.ndarray) -> str:
    return base64.b64encode(clk.astype(">u8").tobytes()).decode("ascii")


def from_base64(text: str, bits: int | None = None) -> np.ndarray:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (ValueError, TypeError):
        raise EncodingError(gettext_noop("An encoding is not valid base64.")) from None
    if not raw or len(raw) % 8 or (bits is not None and len(raw) * 8 != bits):
        raise EncodingError(gettext_noop("An encoding has the wrong length."))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64)


def parse_mapping(value: str | Mapping) -> dict[str, str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise EncodingError(
                gettext_noop("The mapping is not valid JSON: %(error)s."), error=error
            ) from None
    if not isinstance(value, Mapping):
        raise EncodingError(
            gettext_noop("The mapping must be a JSON object from role to column name.")
        )
    unknown = sorted(str(r) for r in value if r not in ROLES)
    if unknown:
        raise EncodingError(
            gettext_noop("The mapping names unknown roles: %(names)s."), names=", ".join(unknown)
        )
    mapping = {r: c for r, c in value.items() if c}
    if not all(isinstance(c, str) for c in mapping.values()):
        raise EncodingError(
            gettext_noop("Every column in the mapping must be a column name (text).")
        )
    if "id" not in mapping:
        raise EncodingError(gettext_noop("The mapping has no column for the required role 'id'."))
    if len(mapping) < 3:
        raise EncodingError(gettext_noop("The mapping needs at least two roles besides 'id'."))
    return mapping


def encode_rows(
    rows: Iterable[Mapping[str, str]],
    mapping: Mapping[str, str],
    key: bytes,
    settings: ClkSettings = DEFAULT_SETTINGS,
) -> list[tuple[str, str]]:
    """(id, base64 CLK) for every row; raises when a mapped column or an id is missing."""
    encoded: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if number == 2:
            missing = sorted(c for c in mapping.values() if c not in row)
            if missing:
                raise EncodingError(
                    gettext_noop(
                        "The mapping names columns that the input does not have: %(names)s."
                    ),
                    names=", ".join(missing),
                )
        record_id = (row.get(mapping["id"]) or "").strip()
        if not record_id:
            raise EncodingError(gettext_noop("Line %(line)s has no id."), line=number)
        if record_id in seen:
            raise EncodingError(
                gettext_noop("The id on line %(line)s occurs more than once."), line=number
            )
        seen.add(record_id)
        record = {role: row.get(column) for role, column in mapping.items() if role != "id"}
        encoded.append((record_id, to_base64(encode_record(record, key, settings))))
    return encoded


def encode_file(
    input_path: str | Path,
    mapping: Mapping[str, str],
    key: bytes,
    output_path: str | Path,
    settings: ClkSettings = DEFAULT_SETTINGS,
) -> int:
    """Encode a CSV extract; the output holds only `id,clk`. Returns the number of records."""
    input_path = Path(input_path)
    if not input_path.is_file():
        raise EncodingError(gettext_noop("The file %(path)s does not exist."), path=input_path)
    try:
        with input_path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None:
                raise EncodingError(gettext_noop("The file %(path)s is empty."), path=input_path)
            missing = sorted(c for c in mapping.values() if c not in reader.fieldnames)
            if missing:
                raise EncodingError(
                    gettext_noop(
                        "The mapping names columns that the input does not have: %(names)s."
                    ),
                    names=", ".join(missing),
                )
            encoded = encode_rows(reader, mapping, key, settings)
    except (UnicodeDecodeError, csv.Error) as error:
        raise EncodingError(
            gettext_noop("The file %(path)s is not a readable CSV file: %(error)s."),
            path=input_path,
            error=error,
        ) from None
    with Path(output_path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLK_COLUMNS)
        writer.writerows(encoded)
    return len(encoded)


# --- linking encodings --------------------------------------------------------------------------


def read_encodings(path: str | Path) -> tuple[list[str], np.ndarray]:
    """Ids and an (n, words) uint64 matrix from an `id,clk` file."""
    path = Path(path)
    if not path.is_file():
        raise EncodingError(gettext_noop("The file %(path)s does not exist."), path=path)
    ids: list[str] = []
    rows: list[np.ndarray] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not set(CLK_COLUMNS) <= set(reader.fieldnames):
                raise EncodingError(
                    gettext_noop("The file %(path)s must have the columns id and clk."), path=path
                )
            for row in reader:
                ids.append(row["id"])
                rows.append(from_base64(row["clk"]))
    except (UnicodeDecodeError, csv.Error) as error:
        raise EncodingError(
            gettext_noop("The file %(path)s is not a readable CSV file: %(error)s."),
            path=path,
            error=error,
        ) from None
    if len({len(r) for r in rows}) > 1:
        raise EncodingError(
            gettext_noop("The encodings in %(path)s do not all have the same length."), path=path
        )
    if len(set(ids)) != len(ids):
        raise EncodingError(gettext_noop("The file %(path)s has duplicate ids."), path=path)
    matrix = np.vstack(rows) if rows else np.zeros((0, DEFAULT_BITS // 64), dtype=np.uint64)
    return ids, matrix


def popcount(matrix: np.ndarray) -> np.ndarray:
    return np.bitwise_count(matrix).sum(axis=-1, dtype=np.int32)


def dice_scores(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The full (len(left), len(right)) Dice matrix; for small inputs and tests."""
    inter = np.bitwise_count(left[:, None, :] & right[None, :, :]).sum(axis=2, dtype=np.int32)
    total = popcount(left)[:, None] + popcount(right)[None, :]
    return np.where(total > 0, 2.0 * inter / np.maximum(total, 1), 0.0)


def _spreadsheet_safe(value: str) -> str:
    """An id that a spreadsheet would read as a formula, prefixed with `'` (CSV injection). A copy
    of `schakel.lib.csvfiles.neutralise`: this file is handed to partners on its own; a test
    keeps the two in step."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def _exhaustive_candidates(
    left: np.ndarray, right: np.ndarray, threshold: float, chunk_cells: int
) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every pair, compared in chunks of left rows that keep the working set small."""
    counts_right = popcount(right)
    words = left.shape[1]
    rows_per_chunk = max(1, chunk_cells // max(1, len(right) * words))
    for start in range(0, len(left), rows_per_chunk):
        block = left[start : start + rows_per_chunk]
        inter = np.bitwise_count(block[:, None, :] & right[None, :, :]).sum(axis=2, dtype=np.int32)
        total = popcount(block)[:, None] + counts_right[None, :]
        dice = 2.0 * inter / np.maximum(total, 1)
        i, j = np.nonzero(dice >= threshold)
        yield i + start, j, dice[i, j]


def lsh_candidate_pairs(
    left: np.ndarray, right: np.ndarray, *, bands: int = 24, bits_per_band: int = 12, seed: int = 0
) -> np.ndarray:
    """Hamming LSH blocking: pairs that agree on all sampled bit positions of at least one band.

    Similar CLKs agree on most bits, so a band of 12 random positions catches a true pair with
    high probability over 24 bands, while random pairs (agreeing on about half the bits) rarely
    collide. Returns unique (i, j) index pairs as an (n, 2) array.
    """
    rng = np.random.default_rng(seed)
    total_bits = left.shape[1] * 64
    left_bits = np.unpackbits(left.astype(">u8").view(np.uint8), axis=1)
    right_bits = np.unpackbits(right.astype(">u8").view(np.uint8), axis=1)
    weights = (1 << np.arange(bits_per_band, dtype=np.int64))[::-1]
    found: list[np.ndarray] = []
    for _ in range(bands):
        positions = rng.choice(total_bits, size=bits_per_band, replace=False)
        left_keys = left_bits[:, positions].astype(np.int64) @ weights
        right_keys = right_bits[:, positions].astype(np.int64) @ weights
        order = np.argsort(right_keys, kind="stable")
        sorted_keys = right_keys[order]
        lo = np.searchsorted(sorted_keys, left_keys, side="left")
        hi = np.searchsorted(sorted_keys, left_keys, side="right")
        sizes = hi - lo
        if not sizes.sum():
            continue
        i = np.repeat(np.arange(len(left)), sizes)
        offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        j = order[np.repeat(lo, sizes) + offsets]
        found.append(np.stack([i, j], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.vstack(found), axis=0)


def _lsh_candidates(
    left: np.ndarray, right: np.ndarray, threshold: float, seed: int, chunk_pairs: int = 1_000_000
) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    pairs = lsh_candidate_pairs(left, right, seed=seed)
    counts_left, counts_right = popcount(left), popcount(right)
    for start in range(0, len(pairs), chunk_pairs):
        i, j = pairs[start : start + chunk_pairs].T
        inter = np.bitwise_count(left[i] & right[j]).sum(axis=1, dtype=np.int32)
        dice = 2.0 * inter / np.maximum(counts_left[i] + counts_right[j], 1)
        keep = dice >= threshold
        yield i[keep], j[keep], dice[keep]


@dataclass
class EncodedLinkResult:
    left_index: np.ndarray
    right_index: np.ndarray
    score: np.ndarray
    seconds: float


def link_encodings(
    left: np.ndarray,
    right: np.ndarray | None = None,
    *,
    threshold: float = DEFAULT_DICE_THRESHOLD,
    one_to_one: bool | None = None,
    blocking: str = "auto",
    seed: int = 0,
    chunk_cells: int = 4_000_000,
) -> EncodedLinkResult:
    """Pairs of encodings with a Dice coefficient at or above `threshold`.

    With `right` None the left encodings are deduplicated (pairs i < j). In link mode the pairs are
    by default made one-to-one: greedily by score, each record takes part in one pair at most.
    `blocking` is "none" (compare all pairs, in chunks), "lsh" (Hamming LSH) or "auto" (LSH from
    fifty million pairs on).
    """
    if not 0.0 < threshold <= 1.0:
        raise EncodingError(gettext_noop("The threshold must be above 0 and at most 1."))
    started = time.perf_counter()
    dedupe = right is None
    other = left if right is None else right
    if left.size and other.size and left.shape[1] != other.shape[1]:
        raise EncodingError(gettext_noop("The two files hold encodings of different lengths."))
    if blocking == "auto":
        blocking = "lsh" if len(left) * len(other) > 50_000_000 else "none"
    if blocking not in ("none", "lsh"):
        raise EncodingError(gettext_noop("Blocking must be 'none', 'lsh' or 'auto'."))
    parts_i, parts_j, parts_s = [], [], []
    if len(left) and len(other):
        chunks = (
            _lsh_candidates(left, other, threshold, seed)
            if blocking == "lsh"
            else _exhaustive_candidates(left, other, threshold, chunk_cells)
        )
        for i, j, s in chunks:
            if dedupe:
                keep = i < j
                i, j, s = i[keep], j[keep], s[keep]
            parts_i.append(i)
            parts_j.append(j)
            parts_s.append(s)
    i = np.concatenate(parts_i) if parts_i else np.zeros(0, dtype=np.int64)
    j = np.concatenate(parts_j) if parts_j else np.zeros(0, dtype=np.int64)
    s = np.concatenate(parts_s) if parts_s else np.zeros(0, dtype=np.float64)
    order = np.lexsort((j, i, -s))
    i, j, s = i[order], j[order], s[order]
    if one_to_one is None:
        one_to_one = not dedupe
    if one_to_one and len(s):
        keep = _greedy_one_to_one(i, j)
        i, j, s = i[keep], j[keep], s[keep]
    return EncodedLinkResult(i, j, s, time.perf_counter() - started)


def _greedy_one_to_one(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Indexes of the pairs kept when, best score first, each record is used once."""
    used_left: set[int] = set()
    used_right: set[int] = set()
    keep = np.zeros(len(i), dtype=bool)
    for n, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        if a in used_left or b in used_right:
            continue
        used_left.add(a)
        used_right.add(b)
        keep[n] = True
    return keep


def link_files(
    left_path: str | Path,
    right_path: str | Path | None,
    output_path: str | Path,
    *,
    threshold: float = DEFAULT_DICE_THRESHOLD,
    one_to_one: bool | None = None,
    blocking: str = "auto",
) -> int:
    """Link two encoded files (or deduplicate one) into `left_id,right_id,match_probability`."""
    left_ids, left = read_encodings(left_path)
    if right_path is None:
        right_ids, right = left_ids, None
    else:
        right_ids, right = read_encodings(right_path)
    result = link_encodings(
        left, right, threshold=threshold, one_to_one=one_to_one, blocking=blocking
    )
    with Path(output_path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PAIR_COLUMNS)
        for a, b, score in zip(result.left_index, result.right_index, result.score, strict=True):
            writer.writerow(
                (_spreadsheet_safe(left_ids[a]), _spreadsheet_safe(right_ids[b]), f"{score:.6f}")
            )
    return len(result.score)


# --- command line (stdlib only) -----------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m schakel.analytics.bloom",
        description="Keyed Bloom-filter encodings (CLKs) for privacy-preserving record linkage.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    encode = commands.add_parser("encode", help="Encode a CSV extract into id,clk.")
    encode.add_argument("input")
    encode.add_argument("--mapping", required=True, help="JSON file: role → column name.")
    encode.add_argument("--key-file", required=True, help="File holding the partners' secret.")
    encode.add_argument("--output", required=True)
    encode.add_argument("--bits", type=int, default=DEFAULT_BITS)
    link = commands.add_parser("link", help="Link two encoded files (or deduplicate one).")
    link.add_argument("left")
    link.add_argument("right", nargs="?")
    link.add_argument("--output", required=True)
    link.add_argument("--threshold", type=float, default=DEFAULT_DICE_THRESHOLD)
    args = parser.parse_args(argv)
    try:
        if args.command == "encode":
            try:
                mapping_text = Path(args.mapping).read_text(encoding="utf-8")
            except OSError:
                raise EncodingError(
                    gettext_noop("The mapping file %(path)s cannot be read."), path=args.mapping
                ) from None
            count = encode_file(
                args.input,
                parse_mapping(mapping_text),
                read_key(args.key_file),
                args.output,
                ClkSettings(bits=args.bits),
            )
            print(f"{count} records encoded into {args.output}.")
        else:
            count = link_files(args.left, args.right, args.output, threshold=args.threshold)
            print(f"{count} pairs written to {args.output}.")
    except EncodingError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

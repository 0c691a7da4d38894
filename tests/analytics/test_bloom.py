"""Keyed Bloom-filter encodings (CLKs): quality on FEBRL4, keys, privacy of the output."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from schakel.analytics import bloom
from tests.analytics.febrl import FEBRL_MAPPING, f1, febrl4_sample

KEY = b"a-secret-agreed-between-partners-only"
F1_FLOOR_PRIVATE = 0.95


def _matrix(frame, key=KEY):
    rows = bloom.encode_rows(frame.to_dict("records"), FEBRL_MAPPING, key)
    return [i for i, _ in rows], np.vstack([bloom.from_base64(c) for _, c in rows])


@pytest.mark.slow
def test_privacy_preserving_linkage_keeps_f1_above_floor_on_febrl4_sample():
    left, right = febrl4_sample(1000)
    left_ids, left_clks = _matrix(left)
    right_ids, right_clks = _matrix(right)
    result = bloom.link_encodings(left_clks, right_clks)
    pairs = [
        (left_ids[i], right_ids[j])
        for i, j in zip(result.left_index, result.right_index, strict=True)
    ]
    assert f1(pairs, len(left)) >= F1_FLOOR_PRIVATE
    # one-to-one in link mode
    assert len(set(result.left_index)) == len(result.left_index)
    assert len(set(result.right_index)) == len(result.right_index)


@pytest.mark.slow
def test_lsh_blocking_finds_nearly_what_comparing_all_pairs_finds():
    left, right = febrl4_sample(300)
    _, a = _matrix(left)
    _, b = _matrix(right)
    everything = bloom.link_encodings(a, b, blocking="none")
    blocked = bloom.link_encodings(a, b, blocking="lsh")
    assert len(blocked.score) >= 0.9 * len(everything.score)


def test_same_key_gives_the_same_encoding_and_another_key_another():
    record = {"given_name": "Jan", "surname": "de Vries", "date_of_birth": "1980-02-03"}
    first = bloom.encode_record(record, KEY)
    assert np.array_equal(first, bloom.encode_record(record, KEY))
    other = bloom.encode_record(record, b"another-secret-of-other-partners")
    assert not np.array_equal(first, other)
    assert bloom.dice_scores(first[None, :], other[None, :])[0, 0] < 0.7


def test_similar_records_have_similar_encodings():
    a = bloom.encode_record(
        {"given_name": "Fatima", "surname": "El Amrani", "date_of_birth": "1975-11-30"}, KEY
    )
    b = bloom.encode_record(
        {"given_name": "Fatma", "surname": "el amrani", "date_of_birth": "30-11-1975"}, KEY
    )
    c = bloom.encode_record(
        {"given_name": "Pieter", "surname": "Bakker", "date_of_birth": "1990-06-01"}, KEY
    )
    scores = bloom.dice_scores(a[None, :], np.vstack([b, c]))[0]
    assert scores[0] > 0.8 > scores[1]


def _write_extract(path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nr", "voornaam", "achternaam", "geboren", "bsn"])
        writer.writerow(["p1", "Jan", "de Vries", "1980-02-03", "111222333"])
        writer.writerow(["p2", "Fatima", "El Amrani", "1975-11-30", "123456782"])


def test_encoded_output_holds_no_raw_identifier(tmp_path):
    extract, mapping, key, out = (tmp_path / n for n in ("in.csv", "map.json", "key", "out.csv"))
    _write_extract(extract)
    mapping.write_text(
        json.dumps(
            {
                "id": "nr",
                "given_name": "voornaam",
                "surname": "achternaam",
                "date_of_birth": "geboren",
                "national_id": "bsn",
            }
        )
    )
    key.write_bytes(KEY)
    bloom.encode_file(extract, bloom.parse_mapping(mapping.read_text()), bloom.read_key(key), out)
    text = out.read_text()
    assert text.splitlines()[0] == "id,clk"
    for value in ("Jan", "Vries", "vries", "1980", "111222333", "Fatima", "Amrani", "123456782"):
        assert value not in text
    ids, matrix = bloom.read_encodings(out)
    assert ids == ["p1", "p2"] and matrix.shape == (2, 16)


def test_standalone_script_encodes_and_links_without_django(tmp_path):
    extract, mapping, key = tmp_path / "in.csv", tmp_path / "map.json", tmp_path / "key"
    _write_extract(extract)
    mapping.write_text(
        json.dumps(
            {
                "id": "nr",
                "given_name": "voornaam",
                "surname": "achternaam",
                "date_of_birth": "geboren",
            }
        )
    )
    key.write_bytes(KEY)
    script = Path(bloom.__file__)
    # Run the file itself, outside the project, so no Django or Schakel import can happen.
    done = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "sys.argv = sys.argv[1:]; import runpy; runpy.run_path(sys.argv[0], run_name='__main__')",
            str(script),
            "encode",
            str(extract),
            "--mapping",
            str(mapping),
            "--key-file",
            str(key),
            "--output",
            str(tmp_path / "enc.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(Path(np.__file__).parents[1])},
    )
    assert done.returncode == 0, done.stderr
    assert "django" not in done.stderr.lower()
    linked = bloom.main(["link", str(tmp_path / "enc.csv"), "--output", str(tmp_path / "p.csv")])
    assert linked == 0
    assert (tmp_path / "p.csv").read_text().splitlines()[0] == "left_id,right_id,match_probability"


def test_a_short_key_is_refused(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(b"short")
    with pytest.raises(bloom.EncodingError, match="at least"):
        bloom.read_key(key)


def test_mapping_naming_a_missing_column_is_refused(tmp_path):
    extract = tmp_path / "in.csv"
    _write_extract(extract)
    mapping = {"id": "nr", "given_name": "voornaam", "surname": "familienaam"}
    with pytest.raises(bloom.EncodingError, match="familienaam"):
        bloom.encode_file(extract, mapping, KEY, tmp_path / "out.csv")

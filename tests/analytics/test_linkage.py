"""Probabilistic linkage (Splink): quality on FEBRL4, mappings, modes, determinism."""

import json

import pandas as pd
import pytest

from schakel.analytics import linkage
from tests.analytics.febrl import FEBRL_MAPPING, f1, febrl4_sample
from tests.analytics.pairs import by_pair

F1_FLOOR_PLAIN = 0.98


@pytest.fixture(scope="module")
def febrl():
    return febrl4_sample(1000)


def _persons() -> pd.DataFrame:
    return pd.DataFrame(
        [
            [
                "1",
                "Jan",
                "de Vries",
                "1980-02-03",
                "Dorpsstraat",
                "12",
                "9991 AB",
                "Lindewaard",
                "111222333",
            ],
            [
                "2",
                "Jan",
                "Vries, de",
                "03-02-1980",
                "Dorpstraat",
                "12a",
                "9991AB",
                "Lindewaard",
                "",
            ],
            [
                "3",
                "Fatima",
                "El Amrani",
                "1975-11-30",
                "Kerkweg",
                "4",
                "9992 CD",
                "Lindewaard",
                "123456782",
            ],
            ["4", "Fatma", "El Amrani", "1975-11-30", "Kerkweg", "4", "9992CD", "Lindewaard", ""],
            [
                "5",
                "Pieter",
                "Bakker",
                "1990-06-01",
                "Stationsplein",
                "1",
                "9993 EF",
                "Lindewaard",
                "999999990",
            ],
            [
                "6",
                "Sanne",
                "Bakker",
                "1992-09-14",
                "Stationsplein",
                "1",
                "9993 EF",
                "Lindewaard",
                "100000010",
            ],
            [
                "7",
                "Mohamed",
                "Yilmaz",
                "1969-01-20",
                "Molenlaan",
                "33",
                "9994 GH",
                "Lindewaard",
                "100000022",
            ],
            [
                "8",
                "Anouk",
                "Jansen",
                "2001-12-24",
                "Beukenlaan",
                "7",
                "9995 IJ",
                "Lindewaard",
                "100000034",
            ],
        ],
        columns=[
            "nr",
            "voornaam",
            "achternaam",
            "geboren",
            "straat",
            "huisnr",
            "pc",
            "plaats",
            "bsn",
        ],
    )


PERSON_MAPPING = {
    "id": "nr",
    "given_name": "voornaam",
    "surname": "achternaam",
    "date_of_birth": "geboren",
    "street": "straat",
    "house_number": "huisnr",
    "postcode": "pc",
    "city": "plaats",
    "national_id": "bsn",
}


@pytest.mark.slow
def test_plain_linkage_keeps_f1_above_floor_on_febrl4_sample(febrl):
    left, right = febrl
    result = linkage.link_records(left, right, FEBRL_MAPPING, threshold=0.9)
    pairs = list(zip(result.pairs.left_id, result.pairs.right_id, strict=True))
    assert f1(pairs, len(left)) >= F1_FLOOR_PLAIN
    # link mode: every left id comes from the left extract
    assert set(result.pairs.left_id) <= set(left.rec_id)
    assert set(result.pairs.right_id) <= set(right.rec_id)


@pytest.mark.slow
def test_linkage_is_deterministic(febrl):
    left, right = (frame.head(300) for frame in febrl)
    first = linkage.link_records(left, right, FEBRL_MAPPING, threshold=0.5)
    second = linkage.link_records(left, right, FEBRL_MAPPING, threshold=0.5)
    pd.testing.assert_frame_equal(first.pairs, second.pairs)


def test_dedupe_finds_spelling_variants_but_not_household_members():
    result = linkage.link_records(_persons(), None, PERSON_MAPPING, threshold=0.5)
    pairs = set(zip(result.pairs.left_id, result.pairs.right_id, strict=True))
    assert ("1", "2") in pairs  # "Vries, de" and a date written the other way round
    assert ("3", "4") in pairs  # a typo in the given name, no BSN
    assert ("5", "6") not in pairs  # same home, different person
    assert result.mode == "dedupe"


def test_missing_optional_roles_still_link():
    frame = _persons()[["nr", "voornaam", "achternaam", "geboren"]]
    mapping = {
        "id": "nr",
        "given_name": "voornaam",
        "surname": "achternaam",
        "date_of_birth": "geboren",
    }
    result = linkage.link_records(frame, None, mapping, threshold=0.5)
    assert ("3", "4") in set(zip(result.pairs.left_id, result.pairs.right_id, strict=True))
    assert set(result.roles) == {"given_name", "surname", "date_of_birth"}


def test_a_role_without_any_value_is_left_out():
    frame = _persons().assign(bsn="")
    result = linkage.link_records(frame, None, PERSON_MAPPING, threshold=0.5)
    assert "national_id" not in result.roles


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ('{"given_name": "a", "surname": "b"}', "required role 'id'"),
        ("not json", "not valid JSON"),
        ('["id"]', "JSON object"),
        ('{"id": "nr", "shoe_size": "x", "surname": "y"}', "unknown roles"),
        ('{"id": "nr", "surname": "achternaam"}', "at least two roles"),
    ],
)
def test_bad_mappings_are_refused_with_a_clear_message(mapping, message):
    with pytest.raises(linkage.MappingError, match=message):
        linkage.parse_mapping(mapping)


def test_mapping_naming_a_missing_column_is_refused():
    mapping = {**PERSON_MAPPING, "city": "woonplaats"}
    with pytest.raises(linkage.MappingError, match="woonplaats"):
        linkage.link_records(_persons(), None, mapping)


def test_duplicate_ids_are_refused():
    frame = _persons()
    frame.loc[1, "nr"] = "1"
    with pytest.raises(linkage.MappingError, match="duplicate"):
        linkage.link_records(frame, None, PERSON_MAPPING)


def test_mapping_error_carries_a_translatable_template():
    with pytest.raises(linkage.MappingError) as caught:
        linkage.load_mapping("/nonexistent/mapping.json")
    assert caught.value.template == "The mapping file %(path)s does not exist."
    dutch = {
        "The mapping file %(path)s does not exist.": "Het koppelbestand %(path)s bestaat niet."
    }
    assert caught.value.translated(dutch.get) == (
        "Het koppelbestand /nonexistent/mapping.json bestaat niet."
    )
    assert json.dumps(caught.value.params)


@pytest.mark.parametrize(
    ("role", "value"),
    [
        ("surname", "de Vries"),
        ("surname", "Vries, de"),
        ("surname", "van der Berg"),
        ("surname", "Van 't Hof"),
        ("surname", "El Amrani"),
        ("surname", "van den Heuvel-de Boer"),
        ("surname", "Ter Horst"),
        ("surname", "de"),
        ("given_name", "Jan-Willem"),
        ("given_name", "Éva  Zoë"),
    ],
)
def test_linkage_and_bloom_normalise_names_alike(role, value):
    """The Splink linkage (SQL) and the Bloom encoding (Python) must clean names the same way,
    or the privacy-preserving mode would compare differently from the plain one."""
    import duckdb

    from schakel.analytics import bloom

    con = duckdb.connect()
    frame = pd.DataFrame({"id": ["1"], "name": [value]})
    linkage.normalise(con, frame, {"id": "id", role: "name"}, "people")
    (in_linkage,) = con.execute(f"SELECT {role} FROM people").fetchone()  # noqa: S608
    assert (in_linkage or "") == bloom.normalise(role, value)
    assert bloom.normalise(role, value)  # never normalised away to nothing


def _household(rows) -> pd.DataFrame:
    """The household's records among the other persons of an extract (ids prefixed "h")."""
    columns = ["nr", "voornaam", "achternaam", "geboren", "straat", "huisnr", "pc", "plaats", "bsn"]
    household = pd.DataFrame(rows, columns=columns).assign(nr=lambda f: "h" + f.nr)
    return pd.concat([_persons(), household], ignore_index=True)


HOME = ["Dorpsstraat", "12", "9991 AB", "Lindewaard"]


def _linked(frame, threshold) -> dict:
    return by_pair(linkage.link_records(frame, None, PERSON_MAPPING, threshold=threshold))


def test_two_different_valid_bsns_never_reach_the_upper_threshold():
    """Everything agrees but the BSN, and both BSNs pass the 11-test: two people (issue 14)."""
    frame = _household(
        [
            ["1", "Jan", "de Vries", "1980-02-03", *HOME, "111222333"],
            ["2", "Jan", "de Vries", "1980-02-03", *HOME, "123456782"],
            ["3", "Jan", "de Vries", "1980-02-03", *HOME, "111222333"],
        ]
    )
    linked = _linked(frame, 0.01)
    assert linked.get(frozenset(("h1", "h2")), 0) < 0.9
    assert linked.get(frozenset(("h2", "h3")), 0) < 0.9
    assert linked[frozenset(("h1", "h3"))] >= 0.9  # the same BSN still links


def test_twins_and_household_members_are_not_linked():
    """Same surname, address and date of birth, another given name: twins, not one person —
    with or without a BSN on one side; a typo in a given name still links."""
    frame = _household(
        [
            ["1", "Adam", "de Vries", "2010-05-05", *HOME, "111222333"],
            ["2", "Anna-Lena", "de Vries", "2010-05-05", *HOME, ""],
            ["3", "Anna-Lena", "Vries, de", "2010-05-05", *HOME, "123456782"],
            ["4", "Adma", "de Vries", "2010-05-05", *HOME, ""],
            ["5", "Pieter", "de Vries", "1978-01-09", *HOME, ""],
        ]
    )
    linked = _linked(frame, 0.5)
    assert {frozenset(("h1", "h4")), frozenset(("h2", "h3"))} <= set(linked)
    for twins in ((1, 2), (1, 3), (2, 4), (3, 4), (1, 5), (2, 5)):
        assert frozenset(f"h{n}" for n in twins) not in linked, twins

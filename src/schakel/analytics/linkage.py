"""Probabilistic record linkage (Fellegi–Sunter) with Splink on DuckDB.

Partners register the same person under different spellings, addresses and with or without BSN.
This module finds which records belong to one person, for any extract: a *mapping* names which
column of the extract plays which role (`id`, `given_name`, `surname`, `date_of_birth`, `street`,
`house_number`, `postcode`, `city`, `national_id`, `sex`; only `id` is required). It

1. normalises the mapped columns in DuckDB (case, accents, punctuation, Dutch surname prefixes,
   several date formats, postcode spacing),
2. builds a Splink model with one comparison per role present (given name and surname together,
   so that swapped names still match),
3. trains it without labels: u-probabilities by seeded random sampling, m-probabilities by
   expectation maximisation over a few blocking rules, the prior from deterministic rules,
4. scores the blocked candidate pairs and returns those at or above a threshold — with, when
   asked (`explain=True`), the reason per pair: the level each comparison fell in and its weight.

Two modes: *link* (two extracts; pairs always run left → right) and *dedupe* (one extract).
No Django here; the `linkage` app and `manage.py link` call `link_records`.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd

from schakel.analytics.bloom import SURNAME_PREFIX_WORDS
from schakel.analytics.messages import UserFacingError, gettext_noop
from schakel.lib.csvfiles import neutralise

if TYPE_CHECKING:
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

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
    "sex",
)
IDENTIFYING_ROLES = ROLES[1:]
PAIR_COLUMNS = ["left_id", "right_id", "match_probability"]

# Dutch surname prefixes (tussenvoegsels), shared with the Bloom-filter encoding.
SURNAME_PREFIXES = SURNAME_PREFIX_WORDS

DEFAULT_SEED = 5
logger = logging.getLogger(__name__)


class MappingError(UserFacingError):
    """The mapping or the extract cannot be linked."""


@dataclass(frozen=True)
class LinkageOptions:
    """Tunable parts of a run; the defaults suit person registrations of a few to a million rows."""

    seed: int = DEFAULT_SEED
    max_pairs_u: float = 5e5
    em_max_pairs: float | None = 2e6
    prior_recall: float = 0.8
    default_prior: float = 1e-4
    term_frequencies: bool = True
    predict_chunks: int = 1
    # Below this many records (the smaller extract in link mode) EM is unreliable and the
    # expert m-probabilities are kept; u is always estimated from the data.
    em_min_records: int = 2000
    # Households (issue 14): the given-name rule below is set, not learned, unless every
    # extract shows it holds no households — at least `household_min_records` records with a
    # home, and at most `household_max_share` of them sharing home and surname with another
    # record of the same extract. None: decide from the data; True/False: always / never.
    households: bool | None = None
    household_min_records: int = 1000
    household_max_share: float = 0.001
    threads: int | None = None
    memory_limit: str | None = None
    temp_directory: str | None = None


@dataclass
class LinkageResult:
    """Pairs at or above the threshold (`left_id,right_id,match_probability`) and how they came."""

    pairs: pd.DataFrame
    mode: str
    threshold: float
    roles: list[str]
    left_count: int
    right_count: int
    seconds: float
    model: dict[str, Any] = field(default_factory=dict)
    # Whether the household rules were applied, and the share each extract showed.
    households: bool = True
    household_shares: list[float] = field(default_factory=list)

    @property
    def pair_count(self) -> int:
        return len(self.pairs)


# --- mappings -----------------------------------------------------------------------------


def parse_mapping(value: str | bytes | Mapping[str, Any]) -> dict[str, str]:
    """A mapping from JSON text (or an already parsed object) to {role: column}; checked."""
    if isinstance(value, str | bytes):
        try:
            value = json.loads(value)
        except (ValueError, UnicodeDecodeError) as error:
            raise MappingError(
                gettext_noop("The mapping is not valid JSON: %(error)s."), error=error
            ) from None
    if not isinstance(value, Mapping):
        raise MappingError(
            gettext_noop("The mapping must be a JSON object from role to column name.")
        )
    unknown = sorted(str(role) for role in value if role not in ROLES)
    if unknown:
        raise MappingError(
            gettext_noop("The mapping names unknown roles: %(names)s. Known roles are: %(roles)s."),
            names=", ".join(unknown),
            roles=", ".join(ROLES),
        )
    mapping: dict[str, str] = {}
    for role, column in value.items():
        if column in (None, ""):
            continue
        if not isinstance(column, str):
            raise MappingError(
                gettext_noop("The column for role '%(role)s' must be a column name (text)."),
                role=role,
            )
        mapping[role] = column
    if "id" not in mapping:
        raise MappingError(gettext_noop("The mapping has no column for the required role 'id'."))
    if len([r for r in mapping if r != "id"]) < 2:
        raise MappingError(
            gettext_noop(
                "The mapping needs columns for at least two roles besides 'id' to compare records."
            )
        )
    return mapping


def load_mapping(path: str | Path) -> dict[str, str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MappingError(
            gettext_noop("The mapping file %(path)s does not exist."), path=path
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(
            gettext_noop("The mapping file %(path)s cannot be read: %(error)s."),
            path=path,
            error=error,
        ) from None
    return parse_mapping(text)


def check_columns(mapping: Mapping[str, str], columns, *, source: str = "the extract") -> None:
    missing = sorted({column for column in mapping.values() if column not in set(columns)})
    if missing:
        raise MappingError(
            gettext_noop("The mapping names columns that %(source)s does not have: %(names)s."),
            source=source,
            names=", ".join(missing),
        )


def read_extract(path: str | Path) -> pd.DataFrame:
    """A CSV extract, every column as text; empty cells become missing values."""
    path = Path(path)
    if not path.is_file():
        raise MappingError(gettext_noop("The file %(path)s does not exist."), path=path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise MappingError(
            gettext_noop("The file %(path)s is not a readable CSV file: %(error)s."),
            path=path,
            error=error,
        ) from None
    return frame


# --- normalisation --------------------------------------------------------------------------


def _clean_sql(column: str) -> str:
    """Lower case, no accents, only letters/digits/spaces, single spaces, empty → NULL."""
    return (
        f"nullif(trim(regexp_replace(regexp_replace(strip_accents(lower(coalesce(CAST({column} "
        "AS VARCHAR), ''))), '[^a-z0-9'' ]+', ' ', 'g'), '\\s+', ' ', 'g')), '')"
    )


def _surname_sql(column: str) -> str:
    # "Vries, de" → "de vries" first, then the prefix is dropped: "vries".
    cleaned = _clean_sql(f"regexp_replace(CAST({column} AS VARCHAR), '^(.*),\\s*(.*)$', '\\2 \\1')")
    prefixes = "|".join(p.replace("'", "''") for p in SURNAME_PREFIXES)
    stripped = f"trim(regexp_replace({cleaned}, '^((({prefixes}) )+)', ''))"
    return f"coalesce(nullif({stripped}, ''), {cleaned})"


def _date_sql(column: str) -> str:
    """Dates as YYYYMMDD text (typos kept, so that a one-digit slip still compares close)."""
    raw = f"trim(CAST({column} AS VARCHAR))"
    ymd = f"regexp_extract({raw}, '^(\\d{{4}})[-/.](\\d{{1,2}})[-/.](\\d{{1,2}})', ['y','m','d'])"
    dmy = f"regexp_extract({raw}, '^(\\d{{1,2}})[-/.](\\d{{1,2}})[-/.](\\d{{4}})', ['d','m','y'])"
    return f"""CASE
        WHEN regexp_matches({raw}, '^\\d{{8}}$') THEN {raw}
        WHEN regexp_matches({raw}, '^\\d{{4}}[-/.]\\d{{1,2}}[-/.]\\d{{1,2}}')
            THEN {ymd}.y || lpad({ymd}.m, 2, '0') || lpad({ymd}.d, 2, '0')
        WHEN regexp_matches({raw}, '^\\d{{1,2}}[-/.]\\d{{1,2}}[-/.]\\d{{4}}$')
            THEN {dmy}.y || lpad({dmy}.m, 2, '0') || lpad({dmy}.d, 2, '0')
        ELSE NULL END"""


def _digits_sql(column: str) -> str:
    digits = f"regexp_replace(CAST({column} AS VARCHAR), '[^0-9]', '', 'g')"
    # A BSN written without its leading zero has eight digits.
    return f"nullif(CASE WHEN length({digits}) = 8 THEN '0' || {digits} ELSE {digits} END, '')"


def _house_number_sql(column: str) -> str:
    return f"nullif(regexp_extract(CAST({column} AS VARCHAR), '\\d+'), '')"


def _sex_sql(column: str) -> str:
    """'m' or 'v' (the BRP's M/V, English m/f, ISO 5218's 1/2, words); anything else unknown."""
    value = f"lower(trim(CAST({column} AS VARCHAR)))"
    return f"""CASE
        WHEN {value} IN ('m', 'man', 'mannelijk', 'male', '1') THEN 'm'
        WHEN {value} IN ('v', 'vrouw', 'vrouwelijk', 'f', 'female', '2') THEN 'v'
        ELSE NULL END"""


def _postcode_sql(column: str) -> str:
    return f"nullif(upper(regexp_replace(CAST({column} AS VARCHAR), '[^0-9A-Za-z]', '', 'g')), '')"


NORMALISERS = {
    "given_name": _clean_sql,
    "surname": _surname_sql,
    "date_of_birth": _date_sql,
    "street": _clean_sql,
    "house_number": _house_number_sql,
    "postcode": _postcode_sql,
    "city": _clean_sql,
    "national_id": _digits_sql,
    "sex": _sex_sql,
}


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def normalise(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, mapping: Mapping[str, str], name: str
) -> list[str]:
    """Create table `name` with `unique_id` and one normalised column per role; return the roles
    that carry at least one value."""
    check_columns(mapping, frame.columns)
    ids = frame[mapping["id"]].astype(str).str.strip()
    if (ids == "").any():
        raise MappingError(
            gettext_noop("The id column '%(column)s' has empty values."), column=mapping["id"]
        )
    if ids.duplicated().any():
        raise MappingError(
            gettext_noop("The id column '%(column)s' has duplicate values."), column=mapping["id"]
        )
    source_name = f"{name}_source"
    con.register(source_name, frame)
    selects = [f"trim(CAST({_quote(mapping['id'])} AS VARCHAR)) AS unique_id"]
    for role in IDENTIFYING_ROLES:
        if role in mapping:
            selects.append(f"{NORMALISERS[role](_quote(mapping[role]))} AS {role}")
        else:
            selects.append(f"CAST(NULL AS VARCHAR) AS {role}")
    # The given name cleaned as a surname (prefix dropped): what a surname written in the given
    # name's place is compared with ("van Veen" / "Truus" against "Truus" / "van Veen").
    if "given_name" in mapping:
        selects.append(f"{_surname_sql(_quote(mapping['given_name']))} AS given_surname")
    else:
        selects.append("CAST(NULL AS VARCHAR) AS given_surname")
    # The surname as typed, prefix included, without spaces and with ij as y: what a slip in the
    # prefix ("van derr Berg", "vand er Berg") or an ij/y ("van Dyk") is compared on.
    if "surname" in mapping:
        raw = _clean_sql(
            f"regexp_replace(CAST({_quote(mapping['surname'])} AS VARCHAR), "
            "'^(.*),\\s*(.*)$', '\\2 \\1')"
        )
        selects.append(f"replace(replace({raw}, ' ', ''), 'ij', 'y') AS surname_key")
    else:
        selects.append("CAST(NULL AS VARCHAR) AS surname_key")
    # The whole name, for how common it is: "Jan de Vries" on both sides says less than
    # "Xander Oosterbeek" (term frequencies of the "Equal" name level).
    if {"given_name", "surname"} <= set(mapping):
        given = NORMALISERS["given_name"](_quote(mapping["given_name"]))
        surname = NORMALISERS["surname"](_quote(mapping["surname"]))
        selects.append(f"{given} || ' ' || {surname} AS full_name")
    else:
        selects.append("CAST(NULL AS VARCHAR) AS full_name")
    # Identifiers are quoted by _quote and values never enter the SQL text.
    select_list = ", ".join(selects)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select_list} FROM {source_name}")  # noqa: S608
    con.unregister(source_name)
    counts = con.execute(
        f"SELECT {', '.join(f'count({r})' for r in IDENTIFYING_ROLES)} FROM {name}"  # noqa: S608
    ).fetchall()[0]
    return [role for role, count in zip(IDENTIFYING_ROLES, counts or (), strict=True) if count]


# --- the model ------------------------------------------------------------------------------


ADDRESS_ROLES = ("street", "house_number", "postcode", "city")

# Evidence against a match that is set rather than learned (issue 14, docs/decisions.md): how
# often a true match shows it. Two valid BSNs that differ: practically never. Another given name
# beyond a typo with the same surname: rarely (a call name, a second given name), but household
# members show it all the time, with an address and often a date of birth that agree.
TWO_VALID_BSNS_M = 1e-7
OTHER_GIVEN_NAME_M = 1e-4
# A date of birth that differs beyond a typo (not one or two digits, not day and month swapped):
# a wrong registration now and then, a household member of the same name far more often.
OTHER_DATE_OF_BIRTH_M = 2e-3
# Two records that both say a sex and say different ones: a slip of the keyboard or a changed
# registration now and then, a twin brother and sister far more often (set, see decisions.md).
SEXES_DIFFER_M = 1e-3
# Given names differ beyond a typo; initials only ("J", "J.P." → "j p") against a full name do
# not count: justice registrations often write initials.
_INITIALS = "'^[a-z]( [a-z])*$'"
_OTHER_GIVEN_NAME = (
    f"NOT regexp_matches(given_name_l, {_INITIALS}) "
    f"AND NOT regexp_matches(given_name_r, {_INITIALS}) "
    "AND jaro_winkler_similarity(given_name_l, given_name_r) < 0.8"
)
# How often two *different* persons show a level, where that is known rather than sampled:
# different persons differ in sex about half the time, and two valid BSNs that differ are
# always two persons. Set with the m-probability, so that a sample that happens not to show the
# level cannot turn the evidence around (docs/decisions.md).
SEXES_DIFFER_U = 0.5
TWO_VALID_BSNS_U = 1.0
# A level whose m is set as evidence against and whose u is sampled never counts for more than
# this Bayes factor (-5 bits: what "another given name" weighs on Dutch registrations).
AGAINST_BAYES_FACTOR = 1 / 32
# One name in the other's place where households are: a little against (m and u set).
ONE_NAME_ELSEWHERE_BAYES_FACTOR = 0.25
_NOT_SAME_NATIONAL_ID = " AND NOT coalesce(national_id_l = national_id_r, false)"


def _eleven_test(column: str) -> str:
    """SQL: the (normalised, digits-only) BSN in `column` passes the 11-test."""
    padded = f"lpad({column}, 9, '0')"
    terms = " + ".join(
        f"{weight} * CAST(substr({padded}, {i}, 1) AS INTEGER)"
        for i, weight in enumerate((9, 8, 7, 6, 5, 4, 3, 2, -1), start=1)
    )
    return f"(length({column}) BETWEEN 8 AND 9 AND ({terms}) % 11 = 0)"


# The custom levels' SQL is DuckDB's. Splink runs it as written on DuckDB and has sqlglot translate
# it for another backend: the same settings run on Spark (bench/linkage_spark.py, issue 14).
SQL_DIALECT = "duckdb"


def _custom(sql_condition: str, label_for_charts: str | None = None) -> ComparisonLevelCreator:
    """A comparison level with its own SQL condition, written in DuckDB's dialect."""
    import splink.comparison_level_library as cll

    return cll.CustomLevel(
        sql_condition, label_for_charts=label_for_charts, base_dialect_str=SQL_DIALECT
    )


def _fixed(level, m_probability: float):
    """A comparison level whose m-probability is set, and kept through EM training."""
    return level.configure(m_probability=m_probability, fix_m_probability=True)


def _set(level, m_probability: float, u_probability: float):
    """A comparison level whose m- and u-probabilities are both set: its weight is fixed."""
    return level.configure(
        m_probability=m_probability,
        u_probability=u_probability,
        fix_m_probability=True,
        fix_u_probability=True,
    )


def _household_member_sql(roles: set[str]) -> str:
    """SQL: the pair looks like two members of one household — surname alike (ij and y read
    alike: a twin's surname slips like anybody's), given names that differ beyond a typo, and
    not one BSN on both sides (a BSN belongs to one person)."""
    return (
        "jaro_winkler_similarity(replace(surname_l, 'ij', 'y'), replace(surname_r, 'ij', 'y'))"
        " >= 0.88 AND "
        + _OTHER_GIVEN_NAME
        + (_NOT_SAME_NATIONAL_ID if "national_id" in roles else "")
    )


def _comparisons(roles: set[str], term_frequencies: bool, households: bool = True) -> list:
    """One comparison per identifying part, with expert m-probabilities to start from.

    The m-probabilities (how often each level occurs among true matches) are the starting point
    of EM, and the model itself on extracts too small for EM (see `LinkageOptions`). The address
    roles form one comparison: street, number, postcode and city are strongly correlated, and
    counting them as independent evidence makes people who share a home look like one person.

    With `households` (the default) another given name beside the same surname counts strongly
    against a match, set; without (extracts that show no households, `household_shares`) EM
    learns how often true matches show it, like any other level.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def tf(level, column):
        return level.configure(tf_adjustment_column=column) if term_frequencies else level

    def comparison(name: str, levels: list, m: list[float]):
        return cl.CustomComparison(output_column_name=name, comparison_levels=levels).configure(
            m_probabilities=m
        )

    def label(level, text: str):
        # Every level has a fixed label: clerical review shows it in words (linkage/reasons.py).
        return level.configure(label_for_charts=text)

    comparisons = []
    if {"given_name", "surname"} <= roles:
        # The surname alike also when written with ij on one side and y on the other
        # ("van Dijk", "van Dyk"): a twin's surname slips like anybody's.
        other_given_name = _custom(
            _household_member_sql(roles), label_for_charts="Same surname, another given name"
        )
        if households:
            other_given_name = _fixed(other_given_name, OTHER_GIVEN_NAME_M)
        # (level, m-probability to start EM from), in the order they are tried.
        name_levels = [
            # Both names equal (full_name is NULL when either is missing).
            (label(tf(cll.ExactMatchLevel("full_name"), "full_name"), "Equal"), 0.78),
            # Swaps compare each name as a surname (given_surname: prefix dropped).
            (
                _custom(
                    "given_surname_l = surname_r AND surname_l = given_surname_r",
                    label_for_charts="Given name and surname swapped",
                ),
                0.01,
            ),
            (
                _custom(
                    "jaro_winkler_similarity(given_surname_l, surname_r) >= 0.9 AND "
                    "jaro_winkler_similarity(surname_l, given_surname_r) >= 0.9",
                    label_for_charts="Swapped, with a typo",
                ),
                0.01,
            ),
            (
                label(
                    cll.And(
                        cll.JaroWinklerLevel("given_name", 0.92),
                        cll.Or(
                            cll.JaroWinklerLevel("surname", 0.92),
                            cll.JaroWinklerLevel("surname_key", 0.92),
                        ),
                    ),
                    "Both nearly equal",
                ),
                0.08,
            ),
            (
                label(
                    cll.And(
                        cll.JaroWinklerLevel("given_name", 0.8),
                        cll.Or(
                            cll.JaroWinklerLevel("surname", 0.8),
                            cll.JaroWinklerLevel("surname_key", 0.8),
                        ),
                    ),
                    "Both similar",
                ),
                0.04,
            ),
            # Household members, twins above all, share surname, address and sometimes the
            # date of birth: their agreement there is not independent evidence, so a given
            # name that differs beyond a typo (not an initial) counts strongly against — set,
            # not learned, where households are (issue 14). One BSN on both sides outweighs it
            # (a BSN belongs to one person).
            (other_given_name, OTHER_GIVEN_NAME_M if households else 0.01),
            (label(tf(cll.ExactMatchLevel("surname"), "surname"), "Only the surname equal"), 0.02),
            (
                label(
                    tf(cll.ExactMatchLevel("given_name"), "given_name"),
                    "Only the given name equal",
                ),
                0.02,
            ),
        ]
        # One name written in the other's place, the other changed or left out. Where
        # households are, that is as often a household member's surname in a swapped
        # registration, and random pairs seldom show it, so a fixed m alone would still count
        # for: there both are set, a little against (Bayes factor 1/4).
        one_in_other_place = _custom(
            "given_surname_l = surname_r OR surname_l = given_surname_r",
            label_for_charts="One name in the other's place",
        )
        if households:
            one_in_other_place = _set(
                one_in_other_place,
                OTHER_GIVEN_NAME_M,
                OTHER_GIVEN_NAME_M / ONE_NAME_ELSEWHERE_BAYES_FACTOR,
            )
        name_levels.append((one_in_other_place, OTHER_GIVEN_NAME_M if households else 0.01))
        name_levels.append(
            (
                label(
                    cll.Or(
                        cll.JaroWinklerLevel("given_name", 0.88),
                        cll.JaroWinklerLevel("surname", 0.88),
                    ),
                    "One of them similar",
                ),
                0.01,
            )
        )
        m_rest = 1.0 - sum(m for _level, m in name_levels)
        name_levels.append((label(cll.ElseLevel(), "Different"), m_rest))
        missing = label(cll.And(cll.NullLevel("given_name"), cll.NullLevel("surname")), "Missing")
        comparisons.append(
            comparison(
                "name",
                [missing, *(level for level, _m in name_levels)],
                [m for _level, m in name_levels],
            )
        )
    else:
        for role in ("given_name", "surname"):
            if role in roles:
                comparisons.append(
                    comparison(
                        role,
                        [
                            label(cll.NullLevel(role), "Missing"),
                            label(tf(cll.ExactMatchLevel(role), role), "Equal"),
                            label(cll.JaroWinklerLevel(role, 0.92), "Nearly equal"),
                            label(cll.JaroWinklerLevel(role, 0.8), "Similar"),
                            label(cll.ElseLevel(), "Different"),
                        ],
                        [0.85, 0.08, 0.04, 0.03],
                    )
                )
    if "date_of_birth" in roles:
        comparisons.append(
            comparison(
                "date_of_birth",
                [
                    label(cll.NullLevel("date_of_birth"), "Missing"),
                    label(cll.ExactMatchLevel("date_of_birth"), "Equal"),
                    label(cll.DamerauLevenshteinLevel("date_of_birth", 1), "One digit differs"),
                    _custom(
                        "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4) AND "
                        "substr(date_of_birth_l, 5, 2) = substr(date_of_birth_r, 7, 2) AND "
                        "substr(date_of_birth_l, 7, 2) = substr(date_of_birth_r, 5, 2)",
                        label_for_charts="Day and month swapped",
                    ),
                    label(cll.DamerauLevenshteinLevel("date_of_birth", 2), "Two digits differ"),
                    # Where households are, a date of birth that differs beyond a slip is
                    # another member of the household far more often than a wrong registration
                    # (a father and son of one name): set, as EM learns them as matches.
                    _fixed(label(cll.ElseLevel(), "Different"), OTHER_DATE_OF_BIRTH_M)
                    if households
                    else label(cll.ElseLevel(), "Different"),
                ],
                [0.90, 0.05, 0.01, 0.02, OTHER_DATE_OF_BIRTH_M if households else 0.02],
            )
        )
    if "national_id" in roles:
        comparisons.append(
            comparison(
                "national_id",
                [
                    label(cll.NullLevel("national_id"), "Missing"),
                    label(cll.ExactMatchLevel("national_id"), "Equal"),
                    # Two different BSNs that both pass the 11-test: the test catches every
                    # single wrong digit and swapped neighbours, so this is two people (set).
                    _set(
                        _custom(
                            f"national_id_l <> national_id_r AND {_eleven_test('national_id_l')}"
                            f" AND {_eleven_test('national_id_r')}",
                            label_for_charts="Two different valid BSNs",
                        ),
                        TWO_VALID_BSNS_M,
                        TWO_VALID_BSNS_U,
                    ),
                    label(cll.DamerauLevenshteinLevel("national_id", 1), "One digit differs"),
                    label(cll.DamerauLevenshteinLevel("national_id", 2), "Two digits differ"),
                    label(cll.ElseLevel(), "Different"),
                ],
                [0.95, TWO_VALID_BSNS_M, 0.03, 0.01, 0.01],
            )
        )
    if "sex" in roles:
        # Only where both records say it: a missing or unknown sex ("O") is no evidence.
        comparisons.append(
            comparison(
                "sex",
                [
                    label(cll.NullLevel("sex"), "Missing"),
                    label(cll.ExactMatchLevel("sex"), "Equal"),
                    _set(label(cll.ElseLevel(), "Sexes differ"), SEXES_DIFFER_M, SEXES_DIFFER_U),
                ],
                [1.0 - SEXES_DIFFER_M, SEXES_DIFFER_M],
            )
        )
    address = [r for r in ADDRESS_ROLES if r in roles]
    if len(address) >= 2:
        household_member = (
            _household_member_sql(roles)
            if households and {"given_name", "surname"} <= roles
            else None
        )
        comparisons.append(_address_comparison(set(address), household_member))
    elif address:
        role = address[0]
        comparisons.append(
            comparison(
                role,
                [
                    label(cll.NullLevel(role), "Missing"),
                    label(tf(cll.ExactMatchLevel(role), role), "Equal"),
                    label(cll.JaroWinklerLevel(role, 0.9), "Similar"),
                    label(cll.ElseLevel(), "Different"),
                ],
                [0.75, 0.05, 0.20],
            )
        )
    return comparisons


def _address_comparison(roles: set[str], household_member: str | None = None):
    """Same home / same street or postcode / same city / elsewhere, from the roles present.

    With `household_member` (SQL, where households are): one home shared by two records that look
    like two members of one household (`_household_member_sql`) is no evidence either way — a
    household shares its home, so the home cannot tell a twin from a second registration of one
    person whose given name changed. Fellegi–Sunter would otherwise count the home as
    independent of the name and outweigh the other given name (a review found a twin brother and
    sister linked at 0.9996 among extracts where homes were otherwise unique)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def eq(role: str) -> str:
        return f"{role}_l = {role}_r"

    def missing(side: str) -> str:
        return " AND ".join(f"{r}_{side} IS NULL" for r in sorted(roles))

    home, street = [], []
    if {"postcode", "house_number"} <= roles:
        home.append(f"({eq('postcode')} AND {eq('house_number')})")
    if {"street", "house_number", "city"} <= roles:
        home.append(f"({eq('street')} AND {eq('house_number')} AND {eq('city')})")
    elif {"street", "house_number"} <= roles and "postcode" not in roles:
        home.append(f"({eq('street')} AND {eq('house_number')})")
    if "postcode" in roles:
        street.append(eq("postcode"))
        street.append("damerau_levenshtein(postcode_l, postcode_r) <= 1")
    if "street" in roles:
        street.append("jaro_winkler_similarity(street_l, street_r) >= 0.9")
    # typed as CustomComparison takes it (a list is invariant, so list[CustomLevel] would not do)
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        _custom(f"({missing('l')}) OR ({missing('r')})").configure(
            is_null_level=True, label_for_charts="Missing"
        )
    ]
    m: list[float] = []
    if home and household_member:
        levels.append(
            _set(
                _custom(
                    f"({' OR '.join(home)}) AND {household_member}",
                    label_for_charts="Same home, another given name",
                ),
                0.01,
                0.01,
            )
        )
        m.append(0.01)
    if home:
        levels.append(_custom(" OR ".join(home), label_for_charts="Same home"))
        m.append(0.74 if household_member else 0.75)
    if street:
        levels.append(_custom(" OR ".join(street), label_for_charts="Same street"))
        m.append(0.07)
    if "city" in roles:
        levels.append(
            _custom("jaro_winkler_similarity(city_l, city_r) >= 0.88", label_for_charts="Same city")
        )
        m.append(0.08)
    levels.append(cll.ElseLevel().configure(label_for_charts="Elsewhere"))
    m.append(1.0 - sum(m))
    return cl.CustomComparison(output_column_name="address", comparison_levels=levels).configure(
        m_probabilities=m
    )


def household_shares(
    con: duckdb.DuckDBPyConnection, tables: list[str], roles: set[str]
) -> list[tuple[int, float]] | None:
    """Per extract: (records with a home, share of them that share home and surname with another
    record of the same extract). None when the roles cannot say (no surname or no home).

    A registry of persons shows households: parents and children at one address, mostly with
    one surname. An extract in which nobody shares home and surname with anybody is evidence
    that its population holds no households (FEBRL's synthetic records; a list of business
    owners), and only then is the given-name rule learned instead of set (`LinkageOptions`).
    In dedupe mode duplicates count as sharing too, which errs on the safe side."""
    if "surname" not in roles:
        return None
    if {"postcode", "house_number"} <= roles:
        home = ["postcode", "house_number"]
    elif {"street", "house_number", "city"} <= roles:
        home = ["street", "house_number", "city"]
    else:
        return None
    present = " AND ".join(f"{column} IS NOT NULL" for column in [*home, "surname"])
    keys = ", ".join([*home, "surname"])
    shares = []
    for table in tables:
        # Table and column names are this module's own; no value enters the SQL text.
        total, shared = con.execute(
            f"SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE n > 1), 0) FROM ("  # noqa: S608
            f"SELECT count(*) AS n FROM {table} WHERE {present} GROUP BY {keys})"
        ).fetchall()[0]
        shares.append((int(total), float(shared) / total if total else 0.0))
    return shares


def _households(shares: list[tuple[int, float]] | None, options: LinkageOptions) -> bool:
    """Apply the household rules? Yes unless every extract shows it holds no households."""
    if options.households is not None:
        return options.households
    if not shares:
        return True
    return not all(
        total >= options.household_min_records and share <= options.household_max_share
        for total, share in shares
    )


def _rules(roles: set[str]) -> dict[str, list]:
    """Blocking rules for prediction, EM training and the deterministic prior; by roles present.

    Prediction takes the union of the rules, so a pair needs to agree on only one of them: a
    typo in the date of birth is caught by the name rules, a new surname by the address rule.
    """
    from splink import block_on

    def have(*needed: str) -> bool:
        return set(needed) <= roles

    predict: list = []
    em: list = []
    deterministic: list = []
    year = "substr(date_of_birth, 1, 4)"
    if have("national_id"):
        predict.append(block_on("national_id"))
        deterministic.append(block_on("national_id"))
    if have("date_of_birth"):
        predict.append(block_on("date_of_birth"))
        em.append(block_on("date_of_birth"))
    if have("given_name", "surname"):
        predict.append(block_on("given_name", "surname"))
        predict.append("l.given_surname = r.surname AND l.surname = r.given_surname")
        if have("date_of_birth"):
            deterministic.append(block_on("given_name", "surname", "date_of_birth"))
    if have("postcode", "house_number"):
        # Not an EM rule: pairs at one address are mostly household members, and EM would
        # learn "lives together" as the match class.
        predict.append(block_on("postcode", "house_number"))
    for name in ("surname", "given_name"):
        if have(name, "date_of_birth"):
            predict.append(block_on(name, year))
        if have(name, "postcode"):
            predict.append(block_on(name, "postcode"))
        elif have(name, "city"):
            predict.append(block_on(name, "city"))
    if have("given_name", "surname"):
        if not have("date_of_birth"):
            em.append(block_on("given_name", "surname"))
        else:
            em.append(block_on("substr(given_name, 1, 2)", "substr(surname, 1, 2)"))
    if have("national_id") and len(em) < 2:
        em.append(block_on("national_id"))
    if not predict:
        # Only partial roles (e.g. street and city): block on the first role present.
        first = next(r for r in IDENTIFYING_ROLES if r in roles)
        predict.append(block_on(first))
        em.append(block_on(first))
    return {"predict": predict, "em": em, "deterministic": deterministic}


def build_settings(
    roles: set[str],
    mode: str,
    *,
    term_frequencies: bool = True,
    explain: bool = False,
    households: bool = True,
):
    """The Splink settings for the roles present; `mode` is "link" or "dedupe". With `explain`
    the predictions keep each comparison's level (`gamma_`) and weight (`mw_`) columns."""
    from splink import SettingsCreator

    rules = _rules(roles)
    return SettingsCreator(
        link_type="link_only" if mode == "link" else "dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=_comparisons(roles, term_frequencies, households),
        blocking_rules_to_generate_predictions=rules["predict"],
        retain_intermediate_calculation_columns=explain,
        retain_matching_columns=explain,
    ), rules


def _connection(options: LinkageOptions) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    if options.threads:
        con.execute(f"SET threads = {int(options.threads)}")
    if options.memory_limit:
        con.execute(f"SET memory_limit = '{options.memory_limit}'")
    if options.temp_directory:
        con.execute(f"SET temp_directory = '{options.temp_directory}'")
    return con


def link_records(
    left: pd.DataFrame,
    right: pd.DataFrame | None,
    mapping: Mapping[str, str],
    *,
    right_mapping: Mapping[str, str] | None = None,
    threshold: float = 0.9,
    options: LinkageOptions | None = None,
    explain: bool = False,
) -> LinkageResult:
    """Link `left` to `right` (or deduplicate `left` when `right` is None).

    Returns the pairs with a match probability at or above `threshold`, sorted by probability
    (highest first) and then by ids, so that the same input gives the same output. With
    `explain` each pair carries its `reasons` (`_Explainer.reasons`): what clerical review shows.
    """
    from splink import DuckDBAPI, Linker

    if not 0.0 <= threshold <= 1.0:
        raise MappingError(gettext_noop("The threshold must be between 0 and 1."))
    options = options or LinkageOptions()
    started = time.perf_counter()
    mode = "dedupe" if right is None else "link"
    mapping = parse_mapping(dict(mapping))
    con = _connection(options)
    splink_logger = logging.getLogger("splink")
    previous_level = splink_logger.level
    # Splink warns about levels it cannot train on small extracts; that is expected here.
    splink_logger.setLevel(logging.ERROR)
    try:
        roles = set(normalise(con, left, mapping, "left_records"))
        if right is not None:
            right_map = parse_mapping(dict(right_mapping or mapping))
            try:
                right_roles = set(normalise(con, right, right_map, "right_records"))
            except MappingError as error:
                raise MappingError(gettext_noop("Right extract: %(error)s"), error=error) from None
            roles &= right_roles
        if len(roles) < 2:
            raise MappingError(
                gettext_noop(
                    "Fewer than two roles carry values in both extracts; there is nothing to compare."
                )
            )
        empty = LinkageResult(
            pairs=pd.DataFrame(
                {
                    c: pd.Series(dtype=t)
                    for c, t in zip(
                        [*PAIR_COLUMNS, "reasons"], ["str", "str", "float", "object"], strict=True
                    )
                    if explain or c != "reasons"
                }
            ),
            mode=mode,
            threshold=threshold,
            roles=sorted(roles),
            left_count=len(left),
            right_count=len(right) if right is not None else len(left),
            seconds=0.0,
            households=options.households is not False,
        )
        if (
            len(left) == 0
            or (right is not None and len(right) == 0)
            or (right is None and len(left) < 2)
        ):
            empty.seconds = time.perf_counter() - started
            return empty

        shares = household_shares(
            con, ["left_records"] + (["right_records"] if right is not None else []), roles
        )
        households = _households(shares, options)
        settings, rules = build_settings(
            roles,
            mode,
            term_frequencies=options.term_frequencies,
            explain=explain,
            households=households,
        )
        db_api = DuckDBAPI(con)
        tables = [db_api.register("left_records", dataset_display_name="left")]
        if right is not None:
            tables.append(db_api.register("right_records", dataset_display_name="right"))
        linker = Linker(tables if mode == "link" else tables[0], settings, log_level=None)
        _train(
            linker,
            rules,
            options,
            left_count=len(left),
            right_count=empty.right_count,
            households=households,
            dedupe=mode == "dedupe",
        )
        predictions = linker.inference.predict(
            threshold_match_probability=threshold,
            num_chunks_left=options.predict_chunks,
            num_chunks_right=options.predict_chunks,
            warning_mode="never",
        )
        explainer = _Explainer.of(linker) if explain else None
        pairs = _pairs(con, predictions.physical_name, mode, threshold, explainer)
        model = linker.misc.save_model_to_json()
    finally:
        splink_logger.setLevel(previous_level)
        con.close()
    return LinkageResult(
        pairs=pairs,
        mode=mode,
        threshold=threshold,
        roles=sorted(roles),
        left_count=len(left),
        right_count=empty.right_count,
        seconds=time.perf_counter() - started,
        model=model,
        households=households,
        household_shares=[share for _total, share in shares or []],
    )


def _train(
    linker,
    rules: dict[str, list],
    options: LinkageOptions,
    *,
    left_count: int,
    right_count: int,
    households: bool = True,
    dedupe: bool = False,
):
    """Unsupervised training: prior, u by seeded sampling, m by EM (no labels needed); u
    corrected for the matches in its sample where the extracts hold no households."""
    pairs_total = left_count * right_count
    # The pairs Splink can sample: every pair once (a dedupe pairs each record with the others).
    pairs_distinct = left_count * (left_count - 1) / 2 if dedupe else pairs_total
    _train_parameters(linker, rules, options, left_count, right_count, pairs_total, pairs_distinct)
    if not households:
        _correct_u(linker, options, pairs_distinct)
    _keep_against(linker)


def _train_parameters(
    linker, rules, options: LinkageOptions, left_count, right_count, pairs_total, pairs_distinct
) -> None:
    from splink.internals.exceptions import SplinkException

    prior_set = False
    if rules["deterministic"]:
        try:
            linker.training.estimate_probability_two_random_records_match(
                rules["deterministic"], recall=options.prior_recall
            )
            prior_set = linker._settings_obj._probability_two_random_records_match > 0
        except (SplinkException, ValueError, ZeroDivisionError, duckdb.Error):
            prior_set = False
    if not prior_set:
        linker._settings_obj._probability_two_random_records_match = min(
            0.5, max(options.default_prior, 1.0 / max(pairs_total, 1))
        )
    # One pass over the sample: Splink's chunked estimate stops early only when every level has
    # been seen 100 times, which rare levels (a swap, day and month swapped) never are, so it
    # ran forty-odd chunks for the same pairs (3.3 of FEBRL4's 4.6 s).
    linker.training.estimate_u_using_random_sampling(
        max_pairs=options.max_pairs_u, seed=options.seed, num_chunks=1, min_count_per_level=None
    )
    _unobserved_u(linker, min(options.max_pairs_u, pairs_distinct))
    trained = 0
    if min(left_count, right_count) < options.em_min_records:
        return
    # Sampling the EM pairs only pays on big extracts; on small ones its probe finds nothing.
    em_max_pairs = options.em_max_pairs if pairs_total > 1e9 else None
    for rule in rules["em"]:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=em_max_pairs
            )
            trained += 1
        except (SplinkException, ValueError, ZeroDivisionError, duckdb.Error) as error:
            # A rule that yields no pairs (tiny or odd extracts) trains nothing; try the next.
            logger.info("EM session skipped: %s", type(error).__name__)
    if not trained:
        logger.info("No EM session could run; Splink's default m-probabilities are used.")


def _unobserved_u(linker, sampled: float) -> None:
    """A level that no sampled pair of different persons reached (names swapped, say) gets the
    u of one pair in the sample — "not seen in n pairs" (the order of what the sample can
    tell; its 95 % bound would be 3 in n) — unless Splink's own fallback is lower (tiny
    extracts). Before, a swap among 100,000 records weighed 8 bits, not 16. Levels whose m is set
    (evidence against) are left to `_keep_against`."""
    from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT

    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            # A level with a set m is evidence against: a small u would turn it around.
            if level.is_null_level or level._fix_u_probability or level._fix_m_probability:
                continue
            if level._u_probability in (None, LEVEL_NOT_OBSERVED_TEXT):
                bound = 1.0 / max(sampled, 1.0)
                current = level.u_probability
                # On a tiny extract the bound says little: keep Splink's value when lower.
                level.u_probability = bound if current is None else min(current, bound)


def _keep_against(linker) -> None:
    """A level whose m is set as evidence against (another given name, a date of birth beyond a
    slip) keeps counting against: u at least m / AGAINST_BAYES_FACTOR. Random pairs seldom show
    "same surname, another given name" where surnames are varied, and a u below m would make a
    twin's other given name count *for* one person."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level or level._fix_u_probability or not level._fix_m_probability:
                continue
            m, u = level.m_probability, level.u_probability
            if m is not None and (u is None or u < m / AGAINST_BAYES_FACTOR):
                level.u_probability = min(1.0, m / AGAINST_BAYES_FACTOR)


def _correct_u(linker, options: LinkageOptions, pairs_distinct: float) -> None:
    """Take the true matches out of the u-probabilities that random sampling estimated.

    Splink estimates u (how often a level occurs among pairs of *different* persons) from random
    pairs, assuming hardly any of them are matches. Between two extracts of a few thousand
    persons that is not so: one pair in four to five thousand is a match (the prior λ), and the
    levels that true matches nearly always reach — equal BSN, equal date of birth, equal name —
    occur among non-matches far less often than that. Their estimates are then mostly true
    matches (u ≈ λ·m), which caps their weight near log2(1/λ) and let two differences outweigh
    three agreements. The sample is a mixture, u_sampled = (1 − λ)·u + λ·m, so
    u = (u_sampled − λ·m) / (1 − λ) — but never below the sample's own uncertainty about
    u_sampled (its standard error, sqrt(u_sampled / n) for n sampled pairs): what the sample
    cannot tell apart from nothing is not taken as nothing. With a million records λ is a
    millionth and nothing changes.

    Only where the extracts hold no households (`household_shares`): the correction assumes that
    different persons agree on name, date of birth and address independently, and household
    members agree on them together — a twin is surname, home and date of birth at once. There
    the sampled u, which the matches inflate, is kept: on the Dutch household set the
    correction brought back 57 links between members of one household (27 twins)."""
    settings = linker._settings_obj
    prior = settings._probability_two_random_records_match
    sampled = max(1.0, min(options.max_pairs_u, pairs_distinct))
    for comparison in settings.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level or level._fix_u_probability:
                continue
            m, u = level.m_probability, level.u_probability
            if m is None or u is None:
                continue
            corrected = (u - prior * m) / (1.0 - prior)
            level.u_probability = min(u, max(corrected, math.sqrt(u / sampled)))


@dataclass(frozen=True)
class _Explainer:
    """Reads a prediction row as the reason for its score (Splink's waterfall, in numbers)."""

    prior: float  # the match weight of two records chosen at random
    levels: dict[str, dict[int, str]]  # comparison → {comparison vector value: level label}

    @classmethod
    def of(cls, linker) -> _Explainer:
        settings = linker._settings_obj
        p = settings._probability_two_random_records_match
        return cls(
            prior=math.log2(p / (1 - p)),
            levels={
                comparison.output_column_name: {
                    level.comparison_vector_value: level.label_for_charts
                    for level in comparison.comparison_levels
                }
                for comparison in settings.comparisons
            },
        )

    def reasons(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The prior and, per comparison, the level the pair fell in and its match weight (log2
        of the Bayes factor, term-frequency adjustment included); they add up to the pair's
        match weight. Labels and numbers only: no value of either record."""
        comparisons = []
        for name, labels in self.levels.items():
            weight = float(row[f"mw_{name}"]) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
            level = labels[int(row[f"gamma_{name}"])]
            comparisons.append({"comparison": name, "level": level, "weight": round(weight, 2)})
        return {
            "prior": round(self.prior, 2),
            "match_weight": round(float(row["match_weight"]), 2),
            "comparisons": comparisons,
        }


def _pairs(
    con,
    table: str,
    mode: str,
    threshold: float,
    explainer: _Explainer | None = None,
) -> pd.DataFrame:
    """Pairs as (left_id, right_id): from the left extract to the right one, or lower id first;
    with an `explainer` a `reasons` column too."""
    if mode == "link":
        left = "CASE WHEN source_dataset_l = 'left' THEN unique_id_l ELSE unique_id_r END"
        right = "CASE WHEN source_dataset_l = 'left' THEN unique_id_r ELSE unique_id_l END"
    else:
        left = "least(unique_id_l, unique_id_r)"
        right = "greatest(unique_id_l, unique_id_r)"
    # `table` is Splink's own table name; the threshold is a bound parameter.
    extra = ""
    if explainer is not None:
        columns = set(con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns)  # noqa: S608
        wanted = ["match_weight"] + [
            column
            for name in explainer.levels
            for column in (f"gamma_{name}", f"mw_{name}", f"mw_tf_adj_{name}")
            if column in columns
        ]
        extra = "".join(f", {_quote(column)}" for column in wanted)
    sql = (
        f"SELECT {left} AS left_id, {right} AS right_id, match_probability{extra} "  # noqa: S608
        f"FROM {table} "
        "WHERE match_probability >= ? ORDER BY match_probability DESC, left_id, right_id"
    )
    frame = con.execute(sql, [float(threshold)]).df()
    frame["match_probability"] = frame["match_probability"].astype(float)
    if explainer is None:
        return frame
    reasons = [explainer.reasons(row) for row in frame.to_dict("records")]
    frame = frame[PAIR_COLUMNS].copy()
    frame["reasons"] = pd.Series(reasons, index=frame.index, dtype=object)
    return frame


# --- calibration ------------------------------------------------------------------------------

# Bins of match probability for the calibration report: "of the pairs at about 0.9, x % are true".
CALIBRATION_EDGES = (0.5, 0.8, 0.9, 0.99, 0.999, 1.0)


@dataclass(frozen=True)
class CalibrationBin:
    """Pairs whose probability lies in [lower, upper) — the last bin includes 1.0."""

    lower: float
    upper: float
    pairs: int
    true_pairs: int
    mean_probability: float

    @property
    def precision(self) -> float:
        """The share of the bin's pairs that are true: what its probabilities should come to."""
        return self.true_pairs / self.pairs if self.pairs else float("nan")


def calibration(
    probabilities, is_true, edges: tuple[float, ...] = CALIBRATION_EDGES
) -> list[CalibrationBin]:
    """How often pairs are true per band of predicted probability (against labelled pairs).

    A calibrated model has, in each bin, a share of true pairs close to the bin's mean
    probability. Probabilities below the first edge are left out (they were never reported).
    """
    p = np.asarray(probabilities, dtype=float)
    truth = np.asarray(is_true, dtype=bool)
    if p.shape != truth.shape:
        raise ValueError("probabilities and is_true differ in length")
    bins = []
    for i, (lower, upper) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        last = i == len(edges) - 2
        inside = (p >= lower) & ((p <= upper) if last else (p < upper))
        count = int(inside.sum())
        bins.append(
            CalibrationBin(
                lower=lower,
                upper=upper,
                pairs=count,
                true_pairs=int(truth[inside].sum()),
                mean_probability=float(p[inside].mean()) if count else float("nan"),
            )
        )
    return bins


def write_pairs(pairs: pd.DataFrame, path: str | Path) -> None:
    """The pairs as CSV with the columns `left_id,right_id,match_probability`."""
    out = pairs[PAIR_COLUMNS].copy()
    out["match_probability"] = out["match_probability"].map(lambda p: f"{p:.6f}")
    for column in ("left_id", "right_id"):  # ids come from partners' extracts
        out[column] = out[column].map(neutralise)
    out.to_csv(path, index=False)

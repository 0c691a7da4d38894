"""A fictional Dutch registry of households and two partner extracts drawn from it, for
evaluating record linkage (issue 14): used by `tests/analytics/test_linkage_households.py` and
`bench/dutch_households.py` (which documents the set)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd

GIVEN = {
    "m": [
        "Adam", "Daan", "Sem", "Noah", "Lucas", "Levi", "Finn", "Bram", "Luuk", "Mohamed",
        "Jan", "Pieter", "Hendrik", "Mehmet", "Thijs", "Jesse", "Ruben", "Stijn", "Youssef", "Wim",
    ],
    "f": [
        "Anna", "Emma", "Julia", "Mila", "Sophie", "Tess", "Sara", "Fenna", "Lotte", "Fatima",
        "Anna-Lena", "Marije", "Ilse", "Saskia", "Nora", "Yara", "Eva", "Lieke", "Ayse", "Ine",
    ],
}  # fmt: skip
SURNAMES = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"),
    ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"),
    ("", "Yilmaz"), ("", "El Amrani"), ("van der", "Linden"), ("", "Kuijpers"), ("", "Wijnands"),
]  # fmt: skip
STREETS = ["Dorpsstraat", "Kerkweg", "Molenlaan", "Stationsplein", "Beukenlaan", "Lindelaan",
           "Nieuwe Gracht", "Narcissenstraat", "Wilhelminastraat", "Julianalaan"]  # fmt: skip
CITIES = ["Lindewaard", "Oosterveen", "Zuidhorn", "Westerbroek"]


def valid_bsn(number: int) -> bool:
    digits = f"{number:09d}"
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@dataclass
class Person:
    pid: int
    household: int
    given: str
    sex: str
    prefix: str
    surname: str
    born: str
    street: str
    number: str
    postcode: str
    city: str
    bsn: str
    twin_of: int | None = None


def registry(households: int, rng: random.Random) -> list[Person]:
    persons: list[Person] = []
    bsn = 100_000_000 + rng.randrange(1_000_000)

    def next_bsn() -> str:
        nonlocal bsn
        bsn += 1
        while not valid_bsn(bsn):
            bsn += 1
        return f"{bsn:09d}"

    def add(home, given, sex, name, born, twin_of=None):
        household, street, number, postcode, city = home
        person = Person(
            pid=len(persons), household=household, given=given, sex=sex, prefix=name[0],
            surname=name[1], born=born, street=street, number=number, postcode=postcode,
            city=city, bsn=next_bsn(), twin_of=twin_of,
        )  # fmt: skip
        persons.append(person)
        return person

    def date(year):
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    for h in range(households):
        postcode = f"{rng.randint(1000, 9999)}{rng.choice(letters)}{rng.choice(letters)}"
        home = (h, rng.choice(STREETS), str(rng.randint(1, 180)), postcode, rng.choice(CITIES))
        father = rng.choice(SURNAMES)
        mother = rng.choice(SURNAMES)
        parents_born = rng.randint(1950, 1995)
        add(home, rng.choice(GIVEN["m"]), "m", father, date(parents_born))
        if rng.random() < 0.8:
            add(home, rng.choice(GIVEN["f"]), "f", mother, date(parents_born + rng.randint(-3, 3)))
        for _child in range(rng.choice([0, 1, 1, 2, 2, 3])):
            born = date(parents_born + rng.randint(22, 40))
            name = father if rng.random() < 0.9 else ("", f"{father[1]}-{mother[1]}")
            sex = rng.choice("mf")
            first = add(home, rng.choice(GIVEN[sex]), sex, name, born)
            if rng.random() < 0.05:  # twins: same surname, address and birth date
                twin_sex = sex if rng.random() < 0.5 else ("f" if sex == "m" else "m")
                given = rng.choice([g for g in GIVEN[twin_sex] if g != first.given])
                add(home, given, twin_sex, name, born, twin_of=first.pid)
    return persons


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]


def extract(persons, share, rng, *, messy: bool, sex: bool = True) -> pd.DataFrame:
    """Part of the persons (`share`), as a partner holds them; `messy` for the second partner.

    The sex is written as the BRP does ("M"/"V"); the messy partner leaves it out for one in
    four persons and has it wrong for one in five hundred. Those draws come from a generator of
    their own, so the rest of the set is the same with or without it (`sex=False`: no column).
    """
    rows = []
    sexes = random.Random(f"sex:{messy}:{len(persons)}:{persons[0].bsn if persons else ''}")
    for p in persons:
        if rng.random() > share:
            continue
        given, surname, born = p.given, f"{p.prefix} {p.surname}".strip(), p.born
        street, number, postcode, bsn = p.street, p.number, p.postcode, p.bsn
        if messy:
            if rng.random() < 0.15:
                given = _typo(given, rng)
            if rng.random() < 0.10:
                surname = _typo(surname, rng)
            if "ij" in surname and rng.random() < 0.3:
                surname = surname.replace("ij", "y")
            if p.prefix and rng.random() < 0.4:
                surname = f"{p.surname}, {p.prefix}"
            year, month, day = born.split("-")
            if int(day) <= 12 and rng.random() < 0.05:
                born = f"{year}-{day}-{month}"
            if rng.random() < 0.10:  # moved
                street, number = rng.choice(STREETS), str(rng.randint(1, 180))
                postcode = f"{rng.randint(1000, 9999)}AB"
            if rng.random() < 0.4:
                bsn = ""
        written = {"m": "M", "f": "V"}[p.sex]
        if messy:
            draw = sexes.random()
            if draw < 0.25:
                written = ""
            elif draw < 0.252:
                written = "V" if written == "M" else "M"
        rows.append(
            {
                "id": f"{'b' if messy else 'a'}{p.pid}", "pid": p.pid, "household": p.household,
                "given_name": given, "surname": surname, "date_of_birth": born,
                "street": street, "house_number": number, "postcode": postcode, "city": p.city,
                "bsn": bsn, **({"sex": written} if sex else {}),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


MAPPING = {
    "id": "id", "given_name": "given_name", "surname": "surname",
    "date_of_birth": "date_of_birth", "street": "street", "house_number": "house_number",
    "postcode": "postcode", "city": "city", "national_id": "bsn", "sex": "sex",
}  # fmt: skip
# The same without the sex, as the registry's person records are (they have no sex field).
MAPPING_WITHOUT_SEX = {role: column for role, column in MAPPING.items() if role != "sex"}


def evaluate(left, right, pairs, twins: set[frozenset[int]]) -> dict:
    pid_l = dict(zip(left.id, left.pid, strict=True))
    pid_r = dict(zip(right.id, right.pid, strict=True))
    house_l = dict(zip(left.id, left.household, strict=True))
    house_r = dict(zip(right.id, right.household, strict=True))
    bsn_l = dict(zip(left.id, left.bsn, strict=True))
    bsn_r = dict(zip(right.id, right.bsn, strict=True))
    true_pairs = len(set(left.pid) & set(right.pid))
    found = household = twin = two_bsns = 0
    for a, b in pairs:
        if pid_l[a] == pid_r[b]:
            found += 1
            continue
        if house_l[a] == house_r[b]:
            household += 1
            twin += frozenset((pid_l[a], pid_r[b])) in twins
        if bsn_l[a] and bsn_r[b] and bsn_l[a] != bsn_r[b]:
            two_bsns += 1
    precision = found / len(pairs) if pairs else 0.0
    recall = found / true_pairs if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if found else 0.0
    return {
        "true pairs": true_pairs, "links": len(pairs), "precision": precision, "recall": recall,
        "f1": f1, "household false links": household, "of which twins": twin,
        "false links with two different BSNs": two_bsns,
    }  # fmt: skip

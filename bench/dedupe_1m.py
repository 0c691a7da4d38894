"""Deduplicate synthetic Dutch person records with Schakel's linkage; time and peak memory.

    nice -n 10 .venv/bin/python bench/dedupe_1m.py [N_RECORDS] [--misses]   (default 1,000,000)

With --misses it also counts the missed true pairs and the false pairs by the fields in which the
two records differ (what the model still gets wrong; docs/benchmarks.md).

The records: about 80 % unique persons and 20 % second registrations of one of them, with the
slips partners make — a typo in a name (ij/y, dt, a swapped, dropped or doubled letter), given
name and surname swapped, no BSN, a move to another address, a date with day and month swapped
or one digit off. Persons live in households (shared surname and address), which is what makes
naive address evidence dangerous. Precision and recall are measured against the known truth.
"""

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from schakel.analytics import linkage  # noqa: E402

GIVEN = [
    "Jan",
    "Piet",
    "Kees",
    "Henk",
    "Willem",
    "Johan",
    "Daan",
    "Sem",
    "Lucas",
    "Levi",
    "Finn",
    "Milan",
    "Noah",
    "Bram",
    "Thijs",
    "Ruben",
    "Lars",
    "Jesse",
    "Tim",
    "Sander",
    "Mohamed",
    "Ahmed",
    "Youssef",
    "Emre",
    "Mehmet",
    "Anna",
    "Emma",
    "Julia",
    "Sophie",
    "Lotte",
    "Sanne",
    "Eva",
    "Fleur",
    "Lisa",
    "Iris",
    "Noor",
    "Saar",
    "Tess",
    "Fenna",
    "Maria",
    "Fatima",
    "Aisha",
    "Zeynep",
    "Elif",
    "Ingrid",
    "Annelies",
    "Marieke",
    "Ilse",
    "Femke",
    "Wouter",
    "Jeroen",
    "Bas",
    "Gijs",
    "Joost",
    "Ruud",
    "Dirk",
    "Stefan",
    "Rik",
    "Koen",
    "Niels",
    "Roel",
    "Twan",
    "Marloes",
    "Hanneke",
    "Esther",
    "Petra",
    "Mirjam",
    "Yvonne",
    "Rachid",
    "Hamza",
    "Bilal",
    "Nadia",
    "Samira",
    "Jasper",
    "Vincent",
    "Kevin",
    "Dennis",
    "Patrick",
    "Mark",
    "Erik",
    "Frank",
    "Hans",
    "Gerrit",
    "Bert",
    "Cor",
    "Nel",
    "Riet",
    "Truus",
    "Wilma",
    "Ria",
    "Ellen",
    "Karin",
]
SURNAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "de Jonge",
    "Kuipers",
    "van Veen",
    "Post",
    "Kuiper",
    "Veenstra",
    "Kramer",
    "van den Brink",
    "Scholten",
    "van Wijk",
    "Postma",
    "Martens",
    "Vink",
    "de Ruiter",
    "Timmermans",
    "Groen",
    "Gerritsen",
    "Jonker",
    "van Loon",
    "Boer",
    "van der Velde",
    "Willemsen",
    "Smeets",
    "de Lange",
    "de Vos",
    "Bosch",
    "van Dongen",
    "Schipper",
    "de Koning",
    "van der Laan",
    "Koning",
    "van der Velden",
    "Driessen",
    "van Doorn",
    "Hermans",
    "Evers",
    "van den Bosch",
    "van der Meulen",
    "Hofman",
    "Bosman",
    "Wolters",
    "Sanders",
    "van der Horst",
    "Mertens",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Sahin",
    "El Amrani",
    "Bouzid",
    "Ait Ali",
    "Benali",
    "Ramdin",
    "Pinas",
    "Nguyen",
    "Kowalski",
    "Nowak",
]
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianastraat",
    "Beatrixstraat",
    "Wilhelminastraat",
    "Nieuwstraat",
    "Kerkweg",
    "Hoofdstraat",
    "Marktplein",
    "Industrieweg",
    "Parkweg",
    "Eikenlaan",
    "Beukenlaan",
    "Lindelaan",
    "Populierenlaan",
    "Wilgenlaan",
    "Berkenlaan",
    "Kastanjelaan",
    "Prinses",
    "Irenestraat",
    "Koningin",
    "Julianaweg",
    "Oranjestraat",
    "Nassaustraat",
    "Emmastraat",
    "Willem",
    "de",
    "Zwijgerlaan",
    "Ringweg",
]
# Real registers hold hundreds of thousands of surnames; a few hundred would make every block huge.
ROOTS = [
    "Berg",
    "Veld",
    "Hof",
    "Dijk",
    "Broek",
    "Hout",
    "Kamp",
    "Laar",
    "Meer",
    "Horst",
    "Bosch",
    "Weg",
    "Beek",
    "Burg",
    "Stein",
    "Hoeve",
    "Zand",
    "Water",
    "Rijn",
    "Maas",
    "Linde",
    "Eik",
    "Wilg",
    "Haag",
    "Wal",
    "Brink",
    "Akker",
    "Weide",
    "Heuvel",
    "Steen",
    "Molen",
    "Kerk",
    "Toren",
    "Huis",
    "Vliet",
    "Schot",
    "Rade",
    "Hamer",
    "Smeet",
    "Bakel",
    "Groen",
    "Wit",
    "Zwart",
    "Rood",
    "Vos",
    "Haan",
    "Kok",
    "Boer",
    "Visch",
    "Graaf",
    "Hertog",
    "Koning",
    "Ridder",
    "Schouw",
    "Hoog",
    "Laag",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Klein",
    "Groot",
    "Lang",
    "Kort",
    "Oud",
    "Nieuw",
    "Riet",
    "Hei",
    "Venn",
    "Gaal",
    "Lier",
    "Mol",
    "Ham",
    "Hul",
    "Dam",
    "Sloot",
    "Gracht",
]
SUFFIXES = [
    "",
    "man",
    "sma",
    "stra",
    "ink",
    "ing",
    "ers",
    "en",
    "s",
    "er",
    "huis",
    "kamp",
    "veld",
    "ert",
    "ouw",
]
PREFIXES = ["", "", "van ", "de ", "van der ", "van den ", "ter "]
SURNAMES = SURNAMES + sorted(
    {f"{p}{r}{s}" for p in PREFIXES for r in ROOTS for s in SUFFIXES} - set(SURNAMES)
)
CITIES = [
    "Lindewaard",
    "Amsterdam",
    "Rotterdam",
    "Den",
    "Haag",
    "Utrecht",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Arnhem",
    "Enschede",
    "Amersfoort",
    "Zaanstad",
    "Leeuwarden",
    "Zwolle",
    "Leiden",
]


def bsn_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct nine-digit numbers that pass the 11-test."""
    out: list[np.ndarray] = []
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    needed = n
    seen: set[int] = set()
    while needed > 0:
        candidates = rng.integers(100_000_000, 999_999_999, size=needed * 12)
        digits = (candidates[:, None] // 10 ** np.arange(8, -1, -1)) % 10
        valid = candidates[(digits @ weights) % 11 == 0]
        valid = np.array([v for v in np.unique(valid) if v not in seen][:needed])
        seen.update(valid.tolist())
        out.append(valid)
        needed -= len(valid)
    return np.concatenate(out).astype(str)


def typo(rng, text: str) -> str:
    for a, b in (("ij", "y"), ("y", "ij"), ("dt", "d"), ("ei", "ij")):
        if a in text and rng.random() < 0.3:
            return text.replace(a, b, 1)
    if len(text) < 4:
        return text + text[-1]
    i = int(rng.integers(1, len(text) - 2))
    kind = rng.integers(3)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[: i + 1] + text[i] + text[i + 1 :]


def synthetic(n_records: int, seed: int = 42) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_persons = int(n_records * 0.8)
    n_dupes = n_records - n_persons
    # households of 1-4 persons sharing an address and, mostly, a surname
    sizes = rng.choice([1, 2, 3, 4], p=[0.4, 0.3, 0.2, 0.1], size=n_persons)
    household = np.repeat(np.arange(len(sizes)), sizes)[:n_persons]
    n_households = household.max() + 1
    zipf = 1.0 / np.arange(1, len(SURNAMES) + 1) ** 0.6
    house_surname = rng.choice(len(SURNAMES), p=zipf / zipf.sum(), size=n_households)
    own_surname = rng.choice(len(SURNAMES), p=zipf / zipf.sum(), size=n_persons)
    surname_idx = np.where(rng.random(n_persons) < 0.8, house_surname[household], own_surname)
    street = rng.integers(len(STREETS), size=n_households)
    number = rng.integers(1, 300, size=n_households)
    city = rng.integers(len(CITIES), size=n_households)
    pc_num = 1000 + rng.integers(0, 8999, size=n_households)
    pc_let = rng.integers(0, 26, size=(n_households, 2))
    postcode = np.char.add(
        pc_num.astype(str),
        np.char.add(
            np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[pc_let[:, 0]],
            np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[pc_let[:, 1]],
        ),
    )
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 65, size=n_persons).astype(
        "timedelta64[D]"
    )
    has_bsn = rng.random(n_persons) < 0.85
    bsn = np.where(has_bsn, bsn_numbers(rng, n_persons), "")
    first = np.array(GIVEN)[rng.integers(len(GIVEN), size=n_persons)]
    second = np.array(GIVEN)[rng.integers(len(GIVEN), size=n_persons)]
    given = np.where(
        rng.random(n_persons) < 0.35, np.char.add(np.char.add(first, " "), second), first
    )
    persons = pd.DataFrame(
        {
            "entity": np.arange(n_persons),
            "voornaam": given,
            "achternaam": np.array(SURNAMES)[surname_idx],
            "geboortedatum": born.astype(str),
            "straat": np.array(STREETS)[street[household]],
            "huisnummer": number[household].astype(str),
            "postcode": postcode[household],
            "plaats": np.array(CITIES)[city[household]],
            "bsn": bsn,
        }
    )
    source = persons.sample(n=n_dupes, replace=False, random_state=seed).reset_index(drop=True)
    addresses = persons[["straat", "huisnummer", "postcode", "plaats"]].to_dict("records")
    dupes = []
    for values in source.to_dict("records"):
        slips = rng.choice(6, size=int(rng.integers(1, 3)), replace=False)
        for slip in slips:
            if slip == 0:
                values["achternaam"] = typo(rng, values["achternaam"])
            elif slip == 1:
                values["voornaam"] = typo(rng, values["voornaam"])
            elif slip == 2:
                values["voornaam"], values["achternaam"] = values["achternaam"], values["voornaam"]
            elif slip == 3:  # moved
                values.update(addresses[int(rng.integers(n_persons))])
            elif slip == 4:
                y, m, d = values["geboortedatum"].split("-")
                values["geboortedatum"] = (
                    f"{y}-{d}-{m}" if int(d) <= 12 else f"{y}-{m}-{int(d) % 28 + 1:02d}"
                )
            else:
                values["postcode"] = values["postcode"][:4] + " " + values["postcode"][4:]
        if rng.random() < 0.6:
            values["bsn"] = ""
        dupes.append(values)
    records = pd.concat([persons, pd.DataFrame(dupes)], ignore_index=True)
    records = records.sample(frac=1.0, random_state=seed + 1).reset_index(drop=True)
    records.insert(0, "id", np.arange(len(records)).astype(str))
    return records, records.pop("entity").to_numpy()


MAPPING = {
    "id": "id",
    "given_name": "voornaam",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "street": "straat",
    "house_number": "huisnummer",
    "postcode": "postcode",
    "city": "plaats",
    "national_id": "bsn",
}


def differing_fields(records: pd.DataFrame, a: int, b: int) -> tuple[str, ...]:
    columns = [c for c in MAPPING.values() if c != "id"]
    first, second = records.iloc[a], records.iloc[b]
    return tuple(c for c in columns if first[c] != second[c])


def report_misses(records: pd.DataFrame, entity: np.ndarray, left, right) -> None:
    """The missed true pairs and the false pairs, counted by the fields that differ."""
    from collections import Counter, defaultdict

    linked = set(zip(left.tolist(), right.tolist(), strict=True))
    members = defaultdict(list)
    for index, person in enumerate(entity.tolist()):
        members[person].append(index)
    missed: Counter = Counter()
    for ids in members.values():
        if len(ids) == 2:
            a, b = sorted(ids, key=str)
            if (a, b) not in linked:
                missed[differing_fields(records, a, b)] += 1
    false: Counter = Counter(
        differing_fields(records, a, b)
        for a, b in zip(left.tolist(), right.tolist(), strict=True)
        if entity[a] != entity[b]
    )
    for title, counts in (("missed true pairs", missed), ("false pairs", false)):
        print(f"{title}: {sum(counts.values()):,}, by the fields that differ:")
        for fields, count in counts.most_common(12):
            print(f"  {count:>7,}  {', '.join(fields) or '(none)'}")


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_records = int(float(arguments[0])) if arguments else 1_000_000
    started = time.perf_counter()
    records, entity = synthetic(n_records)
    generated = time.perf_counter() - started
    true_pairs = len(records) - len(np.unique(entity))
    print(
        f"{len(records):,} records, {true_pairs:,} true duplicate pairs (generated in {generated:.0f} s)"
    )
    result = linkage.link_records(
        records,
        None,
        MAPPING,
        threshold=0.9,
        options=linkage.LinkageOptions(predict_chunks=4 if n_records > 300_000 else 1),
    )
    left = result.pairs.left_id.astype(int).to_numpy()
    right = result.pairs.right_id.astype(int).to_numpy()
    found = int((entity[left] == entity[right]).sum())
    precision = found / max(len(left), 1)
    recall = found / true_pairs
    f1 = 2 * precision * recall / (precision + recall) if found else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"pairs >= 0.9: {len(left):,}; precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
    )
    print(f"linkage time {result.seconds:.0f} s; peak memory (ru_maxrss) {peak:.1f} GiB")
    if "--misses" in sys.argv:
        report_misses(records, entity, left, right)


if __name__ == "__main__":
    main()

"""The demo's places, persons and businesses: areas, addresses, households, and the subjects of a case."""

from datetime import datetime, timedelta

from schakel.registry.models import Address, Area, Business, Person
from schakel.registry.validators import is_valid_bsn

from . import content
from .base import Builder, Subjects

N_ADDRESSES = 250
N_PERSONS = 300
N_WITHOUT_ADDRESS = 15
N_HOMES = 170  # addresses with residents; the rest are shops, offices and business premises
BSN_SHARE = 0.7
N_BUSINESSES = 20


class PersonsAndPlaces(Builder):
    def _areas_and_addresses(self) -> None:
        self.municipality = Area(
            name=content.CITY, kind=Area.Kind.MUNICIPALITY, cbs_code=content.MUNICIPALITY_CODE
        )
        self.districts, self.neighbourhoods, self.streets = [], [], []
        for d_index, (district_name, neighbourhoods) in enumerate(content.DISTRICTS, 1):
            district = Area(
                name=district_name,
                kind=Area.Kind.DISTRICT,
                cbs_code=f"WK0999{d_index:02d}",
                parent=self.municipality,
            )
            self.districts.append(district)
            for n_index, (name, digits, streets) in enumerate(neighbourhoods, 1):
                neighbourhood = Area(
                    name=name,
                    kind=Area.Kind.NEIGHBOURHOOD,
                    cbs_code=f"BU0999{d_index:02d}{n_index:02d}",
                    parent=district,
                )
                self.neighbourhoods.append(neighbourhood)
                letters = self._postcode_letters(len(streets) * 2)
                for s_index, street in enumerate(streets):
                    self.streets.append(
                        (street, digits, letters[2 * s_index : 2 * s_index + 2], neighbourhood)
                    )
        self.addresses: list[Address] = []
        seen = set()
        while len(self.addresses) < N_ADDRESSES:
            street, digits, letters, neighbourhood = self.rng.choice(self.streets)
            postcode = digits + self.rng.choice(letters)
            number = self.rng.randint(1, 140)
            addition = self.rng.choice(("", "", "", "", "", "A", "B"))
            if (postcode, number, addition) in seen:
                continue
            seen.add((postcode, number, addition))
            self.addresses.append(
                Address(
                    postcode=postcode,
                    house_number=number,
                    house_number_addition=addition,
                    street=street,
                    city=content.CITY,
                    area=neighbourhood,
                )
            )

    def _postcode_letters(self, count: int) -> list[str]:
        alphabet = "ABCEGHJKLMNPRTVWXZ"
        letters: list[str] = []
        while len(letters) < count:
            pair = self.rng.choice(alphabet) + self.rng.choice(alphabet)
            if pair not in letters and pair not in content.UNUSED_POSTCODE_LETTERS:
                letters.append(pair)
        return letters

    def _bsn(self) -> str:
        while True:
            candidate = str(self.rng.randint(100_000_000, 999_999_999))
            if is_valid_bsn(candidate) and candidate not in self.used_bsns:
                self.used_bsns.add(candidate)
                return candidate

    def _person(self, age: int, address, surname=None) -> Person:
        given, prefix, family = self._full_name()
        if surname is not None:
            prefix, family = surname
        born = self.today - timedelta(days=int(age * 365.25) + self.rng.randint(0, 364))
        person = Person(
            given_names=given,
            surname_prefix=prefix,
            surname=family,
            date_of_birth=born,
            address=address,
            bsn=self._bsn() if self.rng.random() < BSN_SHARE else "",
        )
        person.age = age  # used for choosing case subjects only
        self.persons.append(person)
        return person

    def _persons(self) -> None:
        self.persons: list[Person] = []
        self.households: list[tuple[Address, list[Person]]] = []
        industrial = self.neighbourhoods[-1]
        candidates = [a for a in self.addresses if a.area is not industrial]
        self.rng.shuffle(candidates)
        self.premises = [a for a in self.addresses if a.area is industrial] + candidates[N_HOMES:]
        homes = candidates[:N_HOMES]
        placed = N_PERSONS - N_WITHOUT_ADDRESS
        for address in homes:
            if len(self.persons) >= placed:
                break
            size = min(self._pick([(1, 4), (2, 3), (3, 2), (4, 1)]), placed - len(self.persons))
            members = self._household(address, size)
            self.households.append((address, members))
        while len(self.persons) < N_PERSONS:
            self._person(int(self.rng.triangular(18, 70, 30)), None)

    def _household(self, address, size: int) -> list[Person]:
        head_age = int(self.rng.triangular(36 if size >= 3 else 18, 78, 38))
        head = self._person(head_age, address)
        members = [head]
        if size >= 2 and self.rng.random() < 0.7:
            partner_age = max(18, head_age + self.rng.randint(-6, 6))
            keep = self.rng.random() < 0.5
            members.append(
                self._person(
                    partner_age, address, (head.surname_prefix, head.surname) if keep else None
                )
            )
        while len(members) < size:
            child_age = head_age - self.rng.randint(22, 34)
            if child_age >= 12:
                family = (head.surname_prefix, head.surname)
                members.append(self._person(child_age, address, family))
            else:  # too young to have a child living at home: a housemate
                members.append(self._person(self.rng.randint(18, 30), address))
        return members

    def _businesses(self) -> None:
        self.businesses: list[Business] = []
        kvk_numbers: set[str] = set()
        premises = list(self.premises)
        self.rng.shuffle(premises)
        self.premises = premises[N_BUSINESSES:]
        for template, address in zip(content.BUSINESSES, premises[:N_BUSINESSES], strict=False):
            surname = self.fake.last_name()
            while True:
                kvk = str(self.rng.randint(10_000_000, 99_999_999))
                if kvk not in kvk_numbers:
                    kvk_numbers.add(kvk)
                    break
            self.businesses.append(
                Business(
                    name=template.format(surname=surname[0].upper() + surname[1:]),
                    kvk_number=kvk,
                    address=address,
                )
            )

    def _seen(self, person: Person, moment: datetime) -> None:
        key = id(person)
        self.person_uses[key] = self.person_uses.get(key, 0) + 1
        first = self.person_first_seen.get(key)
        if first is None or moment < first:
            self.person_first_seen[key] = moment

    def _pick_persons(self, count: int, ages) -> list[Person]:
        low, high = ages
        fitting = [p for p in self.persons if low <= p.age <= high]
        fresh = [p for p in fitting if self.person_uses.get(id(p), 0) == 0]
        pool = fresh if len(fresh) >= count and self.rng.random() < 0.85 else fitting
        return self.rng.sample(pool, min(count, len(pool)))

    def _subjects(self, theme) -> Subjects:
        subjects = Subjects()
        if theme.subject == "person":
            count = self._pick([(1, 6), (2, 3), (3, 1)])
            subjects.persons = self._pick_persons(count, theme.ages)
            main = subjects.persons[0]
            if main.address is not None and self.rng.random() < 0.4:
                subjects.addresses = [main.address]
        elif theme.subject == "household":
            address, members = self.rng.choice([h for h in self.households if len(h[1]) >= 2])
            subjects.persons = members[:3]
            subjects.addresses = [address]
        elif theme.subject == "address":
            address, members = self.rng.choice(self.households)
            subjects.addresses = [address]
            count = min(len(members), self._pick([(0, 3), (1, 5), (2, 2)]))
            subjects.persons = members[:count]
        elif theme.subject == "business":
            business = self.rng.choice(self.businesses)
            subjects.businesses = [business]
            subjects.addresses = [business.address]
            if self.rng.random() < 0.5:
                subjects.persons = self._pick_persons(1, (25, 65))
        else:  # area
            address, _members = self.rng.choice(self.households)
            subjects.addresses = [address]
            subjects.areas = [address.area]
        return subjects

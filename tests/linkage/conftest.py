import datetime

import pytest

from schakel.linkage import services
from schakel.linkage.models import CandidatePair
from tests.factories import AddressFactory, CaseFactory, PersonFactory
from tests.targets.conftest import upload_registrations  # noqa: F401 -- a fixture


@pytest.fixture
def twins_of_records(db):
    """Two records of one person (one without BSN, a typo in the surname), and a stranger."""
    address = AddressFactory(street="Dorpsstraat", house_number=12, postcode="9991AB")
    original = PersonFactory(
        given_names="Fatima",
        surname="El Amrani",
        bsn="123456782",
        date_of_birth=datetime.date(1975, 11, 30),
        address=address,
    )
    again = PersonFactory(
        given_names="Fatima",
        surname="El Amrany",
        bsn="",
        date_of_birth=datetime.date(1975, 11, 30),
        address=address,
    )
    stranger = PersonFactory(given_names="Pieter", surname="Bakker")
    return original, again, stranger


@pytest.fixture
def pending_pair(regisseur, twins_of_records):
    original, again, _ = twins_of_records
    run = services.save_run(
        by=regisseur,
        mode="dedupe",
        pairs=[(original.pk, again.pk, 0.8)],
        record_count=3,
        lower_threshold=0.5,
        upper_threshold=0.95,
        link_above_upper=True,
        parameters={},
    )
    return CandidatePair.objects.get(run=run)


@pytest.fixture
def open_case_of(db):
    def make(person, **kwargs):
        return CaseFactory(persons=[person], **kwargs)

    return make


GIVEN = ["Anna", "Bram", "Cor", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ivo", "Joost"]
SURNAMES = ["Smit", "Visser", "Mulder", "Bos", "Dekker", "Meijer", "Kok", "Peters"]


@pytest.fixture
def other_people(db):
    """A registry of forty other people, so that chance agreement can be measured."""
    return [
        PersonFactory(
            given_names=GIVEN[n % 10],
            surname=SURNAMES[n % 8],
            date_of_birth=datetime.date(1950 + n, 1 + n % 12, 1 + n % 28),
        )
        for n in range(40)
    ]

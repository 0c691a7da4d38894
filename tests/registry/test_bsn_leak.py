"""A partner who names a BSN learns nothing about the person the registry holds with that BSN,
and cannot write onto that person's record (issue 9, critical).

The minor below takes part in a juvenile case hosted by the Veiligheidshuis; the woningcorporatie
has no part in it. Whatever the corporatie types, the page shows only what it typed, the person
stays out of its sight (404 in UI and API) and the person's record stays as it was.
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from schakel.cases.models import Case
from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Address, Person
from tests.factories import VALID_BSNS, AddressFactory, CaseFactory, PersonFactory, make_user

pytestmark = pytest.mark.django_db

BSN = VALID_BSNS[2]
MINOR_BIRTH = datetime.date(2011, 3, 14)


@pytest.fixture
def minor(regisseur):
    """A minor in a juvenile case of the Veiligheidshuis, with the police taking part."""
    person = PersonFactory(
        bsn=BSN,
        given_names="Noor",
        surname="Registerkind",
        date_of_birth=MINOR_BIRTH,
        address=AddressFactory(postcode="1111AA", house_number=7, street="Geheimlaan"),
    )
    CaseFactory(
        title="Jeugdcasus",
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        persons=[person],
    )
    return person


def _typed(regisseur, **extra):
    data = {
        "category": SignalCategory.objects.first().pk,
        "urgency": "normal",
        "description": "Overlast in de portiek.",
        "data_category": "general",
        "receiving_organisation": regisseur.organisation.pk,
        "person-bsn": BSN,
        "person-given_names": "Verzonnen",
        "person-surname": "Naamloos",
    }
    data.update(extra)
    return data


WITH_ADDRESS = {
    "address-postcode": "2222BB",
    "address-house_number": "3",
    "address-street": "Corporatiestraat",
    "address-city": "Lindewaard",
}


def _assert_nothing_leaked(client, api, minor, content: str):
    assert "Registerkind" not in content and "Noor" not in content
    assert MINOR_BIRTH.strftime("%d-%m-%Y") not in content
    assert "14 maart 2011" not in content and "2011" not in content
    assert "Geheimlaan" not in content
    assert client.get(reverse("registry:detail", args=[minor.pk])).status_code == 404
    assert api.get(f"/api/v1/persons/{minor.pk}").status_code == 404
    assert minor.pk not in [p["id"] for p in api.get("/api/v1/persons").json()["results"]]
    before = minor
    minor = Person.objects.get(pk=before.pk)
    assert (minor.given_names, minor.surname, minor.date_of_birth) == (
        "Noor",
        "Registerkind",
        MINOR_BIRTH,
    )
    assert minor.address.street == "Geheimlaan" and minor.address.postcode == "1111AA"


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("extra", [{}, WITH_ADDRESS], ids=["person", "person-and-address"])
def test_corporatie_naming_a_bsn_in_a_signal_learns_nothing(
    client_for, corporatie, regisseur, minor, extra
):
    client = client_for(corporatie)
    response = client.post(reverse("intake:create"), _typed(regisseur, **extra), follow=True)
    assert response.status_code == 200
    signal = Signal.objects.get(reporting_organisation=corporatie.organisation)
    page = client.get(reverse("intake:detail", args=[signal.pk])).content.decode()
    assert "Verzonnen" in page and "Naamloos" in page  # what the reporter typed, shown back
    assert BSN not in page  # masked
    _assert_nothing_leaked(client, _api(corporatie), minor, response.content.decode() + page)
    api_signal = _api(corporatie).get(f"/api/v1/signals/{signal.pk}").json()
    assert minor.pk not in api_signal["persons"]
    assert not signal.persons.exists()  # only the Veiligheidshuis links a person


def test_corporatie_coordinator_adding_a_case_subject_learns_nothing(client_for, regisseur, minor):
    coordinator = make_user(Role.COORDINATOR, K.HOUSING, "corporatie-coordinator")
    case = CaseFactory(
        title="Woonoverlast",
        host_organisation=regisseur.organisation,
        coordinator=coordinator,
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("cases:persons", args=[case.pk]),
        {
            "person-bsn": BSN,
            "person-given_names": "Verzonnen",
            "person-surname": "Naamloos",
            **WITH_ADDRESS,
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verzonnen" in page and "Naamloos" in page
    assert BSN not in page
    _assert_nothing_leaked(client, _api(coordinator), minor, page)
    assert not Case.objects.get(pk=case.pk).persons.exists()


def test_an_existing_address_record_is_not_changed_by_a_report(client_for, corporatie, regisseur):
    address = Address.objects.create(postcode="2222BB", house_number=3)
    client_for(corporatie).post(reverse("intake:create"), _typed(regisseur, **WITH_ADDRESS))
    address.refresh_from_db()
    assert (address.street, address.city) == ("", "")


def test_corporatie_naming_a_bsn_through_the_signal_api_learns_nothing(
    client_for, corporatie, regisseur, minor
):
    api = _api(corporatie)
    response = api.post(
        "/api/v1/signals",
        {
            "category": SignalCategory.objects.first().pk,
            "description": "Overlast in de portiek.",
            "receiving_organisation": regisseur.organisation.pk,
            "reported_subjects": [
                {
                    "bsn": BSN,
                    "given_names": "Verzonnen",
                    "surname": "Naamloos",
                    **{"postcode": "2222BB", "house_number": 3},
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.content.decode()
    [typed] = response.json()["reported_subjects"]
    assert (typed["given_names"], typed["surname"], typed["decision"]) == (
        "Verzonnen",
        "Naamloos",
        "pending",
    )
    assert BSN not in body and typed["bsn"].endswith(BSN[-4:])
    assert response.json()["persons"] == []
    _assert_nothing_leaked(client_for(corporatie), api, minor, body)


def test_the_signal_api_refuses_naming_a_person_the_reporter_does_not_see(
    corporatie, regisseur, minor
):
    response = _api(corporatie).post(
        "/api/v1/signals",
        {
            "category": SignalCategory.objects.first().pk,
            "description": "Overlast.",
            "receiving_organisation": regisseur.organisation.pk,
            "persons": [minor.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()

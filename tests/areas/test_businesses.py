"""Businesses (KvK) are registered in the owner register and linked as owners of premises
(issue 13): the KvK number is checked, a duplicate is refused, every change is audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from schakel.areas.models import Ownership
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry import services as registry_services
from schakel.registry.models import Address, Business
from tests.factories import CaseFactory, make_user

CREATE_URL = reverse("areas:business_create")

FORM = {
    "name": "Vastgoed Lindehof B.V.",
    "kvk_number": "12345678",
    "legal_form": "bv",
    "postcode": "9998 ab",
    "house_number": "7",
    "addition": "a",
    "street": "Narcissenstraat",
    "city": "Schakeldam",
}


def test_a_director_registers_a_business_with_kvk_number_legal_form_and_address(
    regisseur, client_for
):
    response = client_for(regisseur).post(CREATE_URL, FORM)
    assert response.status_code == 302
    assert response.url == reverse("areas:owners_all")
    business = Business.objects.get(kvk_number="12345678")
    assert business.name == "Vastgoed Lindehof B.V."
    assert business.legal_form == Business.LegalForm.PRIVATE_COMPANY
    assert business.get_legal_form_display() == "Private limited company (bv)"
    assert (business.address.postcode, business.address.house_number) == ("9998AB", 7)
    assert business.address.house_number_addition == "A"
    assert business.registered_by == regisseur and business.registered_at is not None
    entry = AuditEntry.objects.get(object_type="registry.business", object_id=str(business.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.username == "regisseur"
    assert entry.purpose == Purpose.AREA_OWNERS.value
    # The name is not in the log.
    assert "Vastgoed" not in entry.detail


def test_the_kvk_number_may_be_typed_with_spaces_and_the_address_is_optional(regisseur, client_for):
    data = {"name": "Kapsalon Fresh Fade", "kvk_number": "8765 4321", "legal_form": "eenmanszaak"}
    assert client_for(regisseur).post(CREATE_URL, data).status_code == 302
    business = Business.objects.get(kvk_number="87654321")
    assert business.address is None


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", ""])
def test_a_kvk_number_that_is_not_eight_digits_is_refused_in_dutch(regisseur, client, kvk):
    client.force_login(regisseur)
    response = client.post(CREATE_URL, {**FORM, "kvk_number": kvk}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    page = response.content.decode()
    if kvk:
        assert "Een KvK-nummer bestaat uit precies 8 cijfers." in page
    else:
        assert "Dit veld is vereist." in page
    assert not Business.objects.exists()


def test_a_postcode_without_a_house_number_is_refused(regisseur, client_for):
    response = client_for(regisseur).post(CREATE_URL, {**FORM, "house_number": ""})
    assert response.status_code == 400
    assert "Enter both the postcode and the house number, or neither." in (
        response.content.decode()
    )
    assert not Business.objects.exists()


def test_a_duplicate_kvk_number_is_refused_and_leads_to_the_existing_business(
    regisseur, client_for
):
    client = client_for(regisseur)
    assert client.post(CREATE_URL, FORM).status_code == 302
    existing = Business.objects.get()
    response = client.post(CREATE_URL, {**FORM, "name": "Een andere naam"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A business with this KvK number is already registered" in page
    assert reverse("areas:business_edit", args=[existing.pk]) in page
    assert Business.objects.count() == 1
    assert not Business.objects.filter(name="Een andere naam").exists()


def test_a_business_known_only_from_a_case_of_others_is_neither_revealed_nor_touched(
    regisseur, client_for
):
    # A coordinator of the gemeente directs the area approach but sees no case of the house.
    coordinator = make_user(Role.COORDINATOR, K.MUNICIPALITY, "gebiedsregisseur", "Gemeente")
    case = CaseFactory(host_organisation=regisseur.organisation)
    hidden = Business.objects.create(name="Geheim Pand B.V.", kvk_number="12345678")
    case.businesses.add(hidden)
    response = client_for(coordinator).post(CREATE_URL, FORM)
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.name == "Geheim Pand B.V." and hidden.registered_at is None
    assert Business.objects.filter(kvk_number="12345678").count() == 2
    assert (
        "Geheim Pand"
        not in client_for(coordinator).get(reverse("areas:owners_all")).content.decode()
    )


def test_a_registered_business_is_linked_as_owner_by_its_kvk_number(
    regisseur, neighbourhood, addresses, client_for
):
    client = client_for(regisseur)
    owners_url = reverse("areas:owners", args=[neighbourhood.pk])
    page = client.get(owners_url).content.decode()
    # The owners page links to the registration, and back to it afterwards.
    create_link = f"{CREATE_URL}?gebied={neighbourhood.pk}"
    assert create_link in page
    response = client.post(create_link, FORM)
    assert response.status_code == 302 and response.url == owners_url
    business = Business.objects.get(kvk_number="12345678")
    # Named by no case, yet found by the one who registered it.
    response = client.post(owners_url, {"address": addresses[0].pk, "kvk_number": "12345678"})
    assert response.status_code == 302
    assert Ownership.objects.filter(address=addresses[0], business=business).exists()


def test_every_area_director_sees_the_owner_register_and_nobody_else(
    regisseur, wijkteam, analist, client_for
):
    business = registry_services.register_business(
        by=regisseur, name="Pand B.V.", kvk_number="12345678", legal_form="bv"
    )
    coordinator = make_user(Role.COORDINATOR, K.MUNICIPALITY, "gebiedsregisseur", "Gemeente")
    assert Business.objects.visible_to(coordinator).filter(pk=business.pk).exists()
    assert not Business.objects.visible_to(wijkteam).exists()
    assert not Business.objects.visible_to(analist).exists()
    page = client_for(coordinator).get(reverse("areas:owners_all")).content.decode()
    assert "Pand B.V." in page
    assert reverse("areas:business_edit", args=[business.pk]) in page


def test_those_who_do_not_register_owners_may_not_register_businesses(
    wijkteam, analist, auditor, client_for
):
    for user in (wijkteam, analist, auditor):
        client = client_for(user)
        assert client.get(CREATE_URL).status_code == 403
        assert client.post(CREATE_URL, FORM).status_code == 403
        with pytest.raises(PermissionDenied):
            registry_services.register_business(by=user, name="X", kvk_number="12345678")
    assert not Business.objects.exists()


def test_a_director_corrects_a_business_and_the_change_is_audited(regisseur, client_for):
    business = registry_services.register_business(
        by=regisseur, name="Pand BV", kvk_number="12345678", legal_form="overig"
    )
    url = reverse("areas:business_edit", args=[business.pk])
    client = client_for(regisseur)
    page = client.get(url).content.decode()
    assert 'value="Pand BV"' in page and 'value="12345678"' in page
    response = client.post(url, {"name": "Pand B.V.", "kvk_number": "12345678", "legal_form": "bv"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.name, business.legal_form) == ("Pand B.V.", "bv")
    change = AuditEntry.objects.get(action=AuditAction.CHANGE, object_type="registry.business")
    assert change.detail == "gewijzigd: name, legal_form"


def test_a_correction_may_not_take_the_kvk_number_of_another_registered_business(
    regisseur, client_for
):
    first = registry_services.register_business(
        by=regisseur, name="Eerste", kvk_number="11111111", legal_form="bv"
    )
    second = registry_services.register_business(
        by=regisseur, name="Tweede", kvk_number="22222222", legal_form="bv"
    )
    response = client_for(regisseur).post(
        reverse("areas:business_edit", args=[second.pk]),
        {"name": "Tweede", "kvk_number": "11111111", "legal_form": "bv"},
    )
    assert response.status_code == 400
    assert reverse("areas:business_edit", args=[first.pk]) in response.content.decode()
    second.refresh_from_db()
    assert second.kvk_number == "22222222"


def test_a_business_of_a_case_is_not_changed_through_the_owner_register(
    regisseur, house, client_for
):
    case = CaseFactory(host_organisation=house)
    from_case = Business.objects.create(name="Uit casus", kvk_number="33333333")
    case.businesses.add(from_case)
    client = client_for(regisseur)
    url = reverse("areas:business_edit", args=[from_case.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"name": "X", "kvk_number": "33333333", "legal_form": "bv"}).status_code
        == 404
    )
    assert client.get(reverse("areas:business_edit", args=[99999])).status_code == 404
    from_case.refresh_from_db()
    assert from_case.name == "Uit casus"


def test_the_address_of_a_business_reuses_the_known_premises(regisseur, addresses, client_for):
    known = addresses[0]
    data = {**FORM, "postcode": known.postcode, "house_number": known.house_number, "addition": ""}
    assert client_for(regisseur).post(CREATE_URL, data).status_code == 302
    assert Business.objects.get().address == known
    assert Address.objects.filter(postcode=known.postcode, house_number=1).count() == 1

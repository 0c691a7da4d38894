"""The premises picker suggests addresses from the server as one types, in a real browser."""

import pytest

from schakel.areas.models import Ownership
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Address, Area, Person
from tests.browser.conftest import log_in
from tests.factories import CaseFactory, make_user

pytestmark = pytest.mark.browser


def test_typing_a_street_offers_the_areas_addresses(page):
    regisseur = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")
    area = Area.objects.create(name="Lindehof", kind=Area.Kind.NEIGHBOURHOOD)
    for number in range(1, 31):
        Address.objects.create(
            postcode="9991AB", house_number=number, street="Lindelaan", area=area
        )
    owner = Person.objects.create(given_names="Piet", surname="Eigenaar", bsn="111222333")
    CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur, persons=[owner])

    log_in(page, "regisseur")
    page.goto(f"/gebieden/{area.pk}/eigenaren/")
    field = page.locator("#id_address")
    field.press_sequentially("linde", delay=30)
    options = page.locator("#id_address-options option")
    options.first.wait_for(state="attached")
    assert options.count() == 20  # the first twenty, searched on the server
    assert options.first.get_attribute("value") == "9991AB 1"
    field.fill("9991 AB 12")
    page.locator("#id_bsn").fill("111222333")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Ownership.objects.get().address.house_number == 12

"""The owners form's premises are typed, with suggestions searched on the server (issue 12):
no dropdown of every address in the area, and nothing typed in a URL."""

import pytest
from django.urls import reverse

from schakel.areas.models import Ownership
from schakel.registry.models import Address, Area
from tests.areas.test_review_fixes import VALID_BSN, owner_setup  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(db):
    area = Area.objects.create(name="Elders", kind=Area.Kind.NEIGHBOURHOOD)
    return Address.objects.create(
        postcode="9998AC", house_number=7, street="Narcissenstraat", area=area
    )


def _search(client, area, typed):
    return client.post(reverse("areas:address_search", args=[area.pk]), {"q": typed})


def test_suggestions_come_from_the_area_only(
    regisseur, neighbourhood, addresses, elsewhere, client_for
):
    client = client_for(regisseur)
    by_street = _search(client, neighbourhood, "narcissen").json()["options"]
    assert [o["value"] for o in by_street] == ["9998AB 1", "9998AB 2", "9998AB 3"]
    assert all("Narcissenstraat" in o["label"] for o in by_street)
    assert [o["value"] for o in _search(client, neighbourhood, "9998 ab 2").json()["options"]] == [
        "9998AB 2"
    ]
    assert _search(client, neighbourhood, "9998").json()["options"]  # a postcode's start
    assert _search(client, neighbourhood, "9").json()["options"] == []  # too short to search
    assert "9998AC" not in _search(client, neighbourhood, "9998").content.decode()


def test_the_search_is_a_post_for_those_who_may_register_owners(
    regisseur, politie, neighbourhood, addresses, client_for
):
    url = reverse("areas:address_search", args=[neighbourhood.pk])
    assert client_for(regisseur).get(url, {"q": "9998"}).status_code == 405
    assert client_for(politie).post(url, {"q": "9998"}).status_code in (403, 404)


def test_the_owners_form_takes_a_typed_postcode_and_number(
    regisseur,
    neighbourhood,
    addresses,
    elsewhere,
    owner_setup,  # noqa: F811
    client_for,
):
    client = client_for(regisseur)
    url = reverse("areas:owners", args=[neighbourhood.pk])
    page = client.get(url).content.decode()
    assert f'data-search-url="{reverse("areas:address_search", args=[neighbourhood.pk])}"' in page
    assert "<select" not in page.split('id="id_address"')[0][-200:]  # a text box, not a dropdown
    outside = client.post(url, {"address": "9998 AC 7", "bsn": VALID_BSN})
    assert outside.status_code == 400
    assert "Choose an address from the suggestions" in outside.content.decode()
    response = client.post(url, {"address": "9998 ab 2", "bsn": VALID_BSN})
    assert response.status_code == 302
    assert Ownership.objects.get().address == addresses[1]

"""Owners with problem premises across all areas (issue 13): an owner with problem premises in
several neighbourhoods is shown once, with each area, and comes first; names only where the
user may see them, and every person shown is audited."""

import pytest
from django.urls import reverse

from schakel.areas.models import Ownership
from schakel.areas.selectors.owners import owners_across_areas
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.registry import services as registry_services
from schakel.registry.models import Address, Area
from tests.factories import CaseFactory, PersonFactory

URL = reverse("areas:owners_all")


@pytest.fixture
def second_neighbourhood(neighbourhood):
    return Area.objects.create(
        name="Buurt Zuid",
        kind=Area.Kind.NEIGHBOURHOOD,
        cbs_code="BU09990102",
        parent=neighbourhood.parent,
    )


@pytest.fixture
def southern_addresses(second_neighbourhood):
    return [
        Address.objects.create(
            postcode="9998CD", house_number=n, street="Tulpstraat", area=second_neighbourhood
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def owners(regisseur, house, addresses, southern_addresses):
    """Problem premises (open cases) in both neighbourhoods and their owners:
    - "Tweebuurt": one in Noord, one in Zuid (on neither area's page: one premises each);
    - "Eenbuurt": three in Zuid;
    - "Verborgen": two, but named by no case anyone sees;
    - a registered business with one in each neighbourhood."""
    north, south = addresses, southern_addresses
    two_areas = PersonFactory(surname="Tweebuurt")
    one_area = PersonFactory(surname="Eenbuurt")
    hidden = PersonFactory(surname="Verborgen")
    case = CaseFactory(host_organisation=house, persons=[two_areas, one_area])
    case.addresses.add(*north, *south)
    for address in (north[0], south[0]):
        Ownership.objects.create(address=address, person=two_areas)
    for address in south:
        Ownership.objects.create(address=address, person=one_area)
    for address in (north[1], north[2]):
        Ownership.objects.create(address=address, person=hidden)
    business = registry_services.register_business(
        by=regisseur, name="Vastgoed Twee B.V.", kvk_number="12345678", legal_form="bv"
    )
    for address in (north[1], south[1]):
        Ownership.objects.create(address=address, business=business)
    return {"two_areas": two_areas, "one_area": one_area, "hidden": hidden, "business": business}


def test_an_owner_with_problem_premises_in_two_areas_is_shown_once_with_both_areas(
    regisseur, neighbourhood, second_neighbourhood, owners, client_for
):
    response = client_for(regisseur).get(URL)
    assert response.status_code == 200
    rows = response.context["result"]["rows"]
    mine = [row for row in rows if row["owner"] == owners["two_areas"]]
    assert len(mine) == 1
    assert mine[0]["count"] == 2
    assert {(item["area"], item["count"]) for item in mine[0]["areas"]} == {
        (neighbourhood, 1),
        (second_neighbourhood, 1),
    }
    page = response.content.decode()
    assert page.count("Tweebuurt") == 1
    assert reverse("areas:owners", args=[neighbourhood.pk]) in page
    assert reverse("areas:owners", args=[second_neighbourhood.pk]) in page


def test_owners_in_several_areas_come_first(regisseur, owners):
    rows = owners_across_areas(regisseur)["rows"]
    names = [row["name"] for row in rows]
    # Two areas before one, however many premises in that one; then by premises.
    assert names == ["Jan Tweebuurt", "Vastgoed Twee B.V.", "Jan Eenbuurt"]
    assert [len(row["areas"]) for row in rows] == [2, 2, 1]


def test_owners_the_user_may_not_see_are_counted_not_named(regisseur, wijkteam, owners, client_for):
    page = client_for(regisseur).get(URL).content.decode()
    assert "Verborgen" not in page
    assert "1 owner with several problem premises is not shown" in page
    page = client_for(wijkteam).get(URL).content.decode()
    for name in ("Tweebuurt", "Eenbuurt", "Verborgen", "Vastgoed Twee"):
        assert name not in page
    assert "4 owners with several problem premises are not shown" in page


def test_every_person_shown_is_audited_and_no_one_else(regisseur, owners, client_for):
    client_for(regisseur).get(URL)
    audited = set(
        AuditEntry.objects.filter(
            username="regisseur",
            action=AuditAction.VIEW,
            purpose=Purpose.AREA_OWNERS.value,
        ).values_list("person_id_ref", flat=True)
    )
    assert audited == {owners["two_areas"].pk, owners["one_area"].pk}


@pytest.mark.parametrize("role", ["auditor", "beheerder"])
def test_roles_without_the_area_approach_get_403_and_nothing_is_shown(
    role, owners, client_for, request
):
    from schakel.organisations.models import OrganisationKind as K
    from schakel.organisations.models import Role
    from tests.factories import make_user

    user = (
        request.getfixturevalue("auditor")
        if role == "auditor"
        else make_user(Role.ADMINISTRATOR, K.MUNICIPALITY, "beheerder")
    )
    response = client_for(user).get(URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Tweebuurt" not in page and "Vastgoed" not in page
    assert not AuditEntry.objects.filter(
        username=user.username, person_id_ref__isnull=False
    ).exists()
    assert owners_across_areas(user)["rows"] == []


def test_the_analyst_sees_how_many_owners_but_not_who(analist, owners, client_for):
    response = client_for(analist).get(URL)
    assert response.status_code == 200
    assert response.context["result"]["rows"] == []
    assert response.context["result"]["hidden"] == 4
    assert 'id="register-business"' not in response.content.decode()


def test_the_view_is_linked_from_the_areas_index_and_each_owners_page(
    analist, regisseur, neighbourhood, client_for
):
    assert URL in client_for(analist).get(reverse("areas:index")).content.decode()
    owners_page = client_for(regisseur).get(reverse("areas:owners", args=[neighbourhood.pk]))
    assert URL in owners_page.content.decode()


def test_premises_outside_every_area_count_for_the_inspection_or_case_that_names_them(
    regisseur, inspection, neighbourhood, client_for
):
    from schakel.areas.models import Finding
    from tests.areas.conftest import finding_type

    owner = PersonFactory(surname="Zwerver")
    loose = [
        Address.objects.create(postcode="9997AA", house_number=n, street="Losweg") for n in (1, 2)
    ]
    # One is named in an open case about the neighbourhood, the other found in its inspection.
    case = CaseFactory(host_organisation=inspection.host_organisation, persons=[owner])
    case.areas.add(neighbourhood)
    case.addresses.add(loose[0])
    Finding.objects.create(
        inspection=inspection,
        address=loose[1],
        finding_type=finding_type("Illegale bewoning / overbewoning"),
        organisation=inspection.host_organisation,
        recorded_by=regisseur,
    )
    for address in loose:
        Ownership.objects.create(address=address, person=owner)
    row = next(r for r in owners_across_areas(regisseur)["rows"] if r["owner"] == owner)
    assert [(item["area"], item["count"]) for item in row["areas"]] == [(neighbourhood, 2)]

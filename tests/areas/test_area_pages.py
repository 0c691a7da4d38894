"""Area pages per role: analysts see numbers, case workers see what the policy lets them see."""

import pytest
from django.urls import reverse

from schakel.areas.models import Ownership
from schakel.audit.models import AuditAction, AuditEntry
from schakel.registry.models import Area, Business
from tests.areas.conftest import add_incidents
from tests.factories import CaseFactory, PersonFactory


@pytest.fixture
def area_case(neighbourhood, addresses, house):
    """An open case about an address in the area, hosted by the Veiligheidshuis."""
    case = CaseFactory(title="Overlast Narcissenstraat", host_organisation=house)
    case.addresses.add(addresses[0])
    return case


def test_analyst_sees_counts_but_no_case_details(analist, neighbourhood, area_case, client_for):
    response = client_for(analist).get(reverse("areas:detail", args=[neighbourhood.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert area_case.reference not in page
    assert "Overlast Narcissenstraat" not in page
    assert response.context["scan"]["counts"]["open_cases"] == 1
    assert 'id="case-counts"' in page


def test_director_sees_the_cases_of_the_area_and_the_view_is_audited(
    regisseur, neighbourhood, area_case, client_for
):
    response = client_for(regisseur).get(reverse("areas:detail", args=[neighbourhood.pk]))
    assert area_case.reference in response.content.decode()
    assert AuditEntry.objects.filter(
        username="regisseur", action=AuditAction.LIST, object_type="registry.area"
    ).exists()


def test_a_partner_not_in_the_case_does_not_see_it_on_the_area_page(
    wijkteam, neighbourhood, area_case, client_for
):
    response = client_for(wijkteam).get(reverse("areas:detail", args=[neighbourhood.pk]))
    assert response.status_code == 200
    assert area_case.reference not in response.content.decode()


def test_district_page_includes_its_neighbourhoods_cases(
    regisseur, neighbourhood, area_case, client_for
):
    district = neighbourhood.parent
    response = client_for(regisseur).get(reverse("areas:detail", args=[district.pk]))
    assert area_case.reference in response.content.decode()


def test_hot_spot_cells_are_drawn_on_the_map(analist, neighbourhood, client_for):
    import random

    rng = random.Random(1)
    add_incidents(
        [(183_000 + rng.uniform(0, 1000), 564_000 + rng.uniform(0, 1000)) for _ in range(150)]
    )
    add_incidents(
        [(183_450 + rng.uniform(0, 100), 564_450 + rng.uniform(0, 100)) for _ in range(200)],
        prefix="H",
    )
    client = client_for(analist)
    response = client.get(reverse("areas:detail", args=[neighbourhood.pk]))
    assert 'id="area-map"' in response.content.decode()
    cells = response.context["scan"]["hotspots"]
    assert cells.summary["hot"] >= 1
    assert "crs28992res100mN564400E183400" in {c["cell_id"] for c in cells.hot_cells}
    layer = response.context["map_config"]["layers"][0]
    assert any(f["properties"]["hot_cold_class"] > 0 for f in layer["data"]["features"])
    geojson = client.get(reverse("areas:hotspots_geojson", args=[neighbourhood.pk])).json()
    assert any(f["properties"]["hot_cold_class"] > 0 for f in geojson["features"])


@pytest.mark.parametrize(
    "name",
    ["areas:index", "areas:create"],
)
def test_pages_without_object_give_403_to_roles_without_the_area_approach(
    name, auditor, client_for
):
    assert client_for(auditor).get(reverse(name)).status_code == 403


def test_area_pages_answer_200_403_404(
    analist, auditor, regisseur, neighbourhood, plan, client_for
):
    urls = [
        reverse("areas:index"),
        reverse("areas:detail", args=[neighbourhood.pk]),
        reverse("areas:plan", args=[plan.pk]),
        reverse("areas:chronicle", args=[neighbourhood.pk]),
        reverse("areas:chronicle_print", args=[neighbourhood.pk]),
        reverse("areas:owners", args=[neighbourhood.pk]),
        reverse("areas:owners_all"),
    ]
    for url in urls:
        assert client_for(analist).get(url).status_code == 200, url
        assert client_for(regisseur).get(url).status_code == 200, url
        assert client_for(auditor).get(url).status_code == 403, url
    client = client_for(regisseur)
    assert client.get(reverse("areas:detail", args=[99999])).status_code == 404
    assert client.get(reverse("areas:plan", args=[99999])).status_code == 404
    assert client.get(reverse("areas:inspection", args=[99999])).status_code == 404
    # Analysts read, they do not run plans.
    assert (
        client_for(analist).get(reverse("areas:plan_create", args=[neighbourhood.pk])).status_code
        == 403
    )
    assert client_for(analist).get(reverse("areas:create")).status_code == 200
    # Businesses are registered by those who register owners.
    for user, status in ((analist, 403), (auditor, 403), (regisseur, 200)):
        assert client_for(user).get(reverse("areas:business_create")).status_code == status
    assert client.get(reverse("areas:business_edit", args=[99999])).status_code == 404


def test_an_area_is_defined_by_cbs_code_or_outline_from_the_form(analist, client_for):
    client = client_for(analist)
    response = client.post(
        reverse("areas:create"), {"name": "Buurt Zuid", "kind": "buurt", "cbs_code": "BU1"}
    )
    assert response.status_code == 400
    assert b"not a CBS code" in response.content
    response = client.post(
        reverse("areas:create"), {"name": "Buurt Zuid", "kind": "buurt", "cbs_code": "bu09990102"}
    )
    assert response.status_code == 302
    assert Area.objects.get(name="Buurt Zuid").cbs_code == "BU09990102"
    response = client.post(reverse("areas:create"), {"name": "Niets", "kind": "overig"})
    assert response.status_code == 400


def test_owners_with_several_problem_premises_are_named_only_when_visible(
    regisseur, wijkteam, neighbourhood, addresses, house, client_for
):
    visible_owner = PersonFactory(surname="Zichtbaar")
    hidden_owner = PersonFactory(surname="Verborgen")
    case = CaseFactory(host_organisation=house, persons=[visible_owner])
    case.addresses.add(addresses[0], addresses[1])
    other = CaseFactory(host_organisation=house)
    other.addresses.add(addresses[2])
    for address in addresses[:2]:
        Ownership.objects.create(address=address, person=visible_owner)
    for address in addresses[1:]:
        Ownership.objects.create(address=address, person=hidden_owner)
    company = Business.objects.create(name="Vastgoed Schaduw B.V.")
    for address in addresses:
        Ownership.objects.create(address=address, business=company)

    page = (
        client_for(regisseur).get(reverse("areas:owners", args=[neighbourhood.pk])).content.decode()
    )
    assert "Zichtbaar" in page
    assert "Verborgen" not in page  # not a subject of any visible case
    assert "Vastgoed Schaduw" not in page
    assert AuditEntry.objects.filter(
        username="regisseur", person_id_ref=visible_owner.pk, action=AuditAction.VIEW
    ).exists()

    page = (
        client_for(wijkteam).get(reverse("areas:owners", args=[neighbourhood.pk])).content.decode()
    )
    assert "Zichtbaar" not in page
    assert 'id="owners-hidden"' in page


def test_unknown_cell_size_falls_back_to_100(analist, neighbourhood, client_for):
    response = client_for(analist).get(reverse("areas:detail", args=[neighbourhood.pk]) + "?cel=7")
    assert response.context["cell_size"] == 100


def test_dashboard_shows_the_area_card_and_new_resident_reports_to_directors(
    regisseur, analist, client_for
):
    from schakel.areas import services

    services.submit_resident_report(
        category="overlast", description="Harde muziek elke nacht.", latitude=53.06, longitude=5.82
    )
    page = client_for(regisseur).get("/").content.decode()
    assert 'id="dashboard-areas"' in page
    assert "Nuisance (noise, disturbance)" in page
    page = client_for(analist).get("/").content.decode()
    assert 'id="dashboard-areas"' in page
    assert "Nuisance (noise, disturbance)" not in page

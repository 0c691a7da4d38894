"""Incidents of areas without an outline of their own, owners looked up by BSN/KvK, and the
choices the plan forms offer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.areas.forms import GoalForm, HotspotCaseForm
from schakel.areas.models import Ownership
from schakel.areas.selectors.quickscan import quick_scan
from schakel.audit.models import AuditAction, AuditEntry
from schakel.incidents.models import Incident
from schakel.registry.models import Area, Business
from tests.areas.conftest import add_incidents
from tests.factories import CaseFactory, PersonFactory

VALID_BSN = "111222333"
OTHER_BSN = "123456782"


def test_a_district_without_outline_is_analysed_through_its_neighbourhoods_outlines(
    analist, neighbourhood, client_for
):
    district = neighbourhood.parent
    add_incidents([(183_500.0, 564_500.0)] * 7)
    add_incidents([(190_000.0, 570_000.0)] * 3, prefix="O")  # outside every outline
    scan = quick_scan(analist, district, cell_size=100)
    assert scan["has_outline"] is True
    assert scan["incident_total"] == 7
    response = client_for(analist).get(reverse("areas:detail", args=[district.pk]))
    page = response.content.decode()
    assert 'id="area-map"' in page
    assert 'id="no-outline"' not in page
    assert response.context["map_config"]["outline"] is not None


def test_an_area_without_any_outline_asks_for_one_instead_of_showing_zero(analist, client_for):
    area = Area.objects.create(name="Buurt Zonder", kind=Area.Kind.NEIGHBOURHOOD)
    add_incidents([(183_500.0, 564_500.0)] * 5)
    scan = quick_scan(analist, area, cell_size=100)
    assert scan["has_outline"] is False
    page = client_for(analist).get(reverse("areas:detail", args=[area.pk])).content.decode()
    assert 'id="no-outline"' in page
    assert "Add an outline to this area to analyse incidents" in page
    assert 'id="area-map"' not in page
    emerging = client_for(analist).get(reverse("areas:emerging_geojson", args=[area.pk])).json()
    assert emerging["features"] == []


def test_quick_scan_loads_only_the_recent_incidents(analist, neighbourhood):
    add_incidents([(183_500.0, 564_500.0)] * 4)
    old = timezone.now() - datetime.timedelta(days=800)
    add_incidents([(183_500.0, 564_500.0)] * 6, when=old, prefix="OLD")
    assert Incident.objects.count() == 10
    assert quick_scan(analist, neighbourhood, cell_size=100)["incident_total"] == 4


def test_goal_form_offers_each_incident_category_once(db):
    add_incidents([(1.0, 1.0)] * 3, category="overlast")
    add_incidents([(1.0, 1.0)] * 2, category="inbraak", prefix="B")
    values = [value for value, _label in GoalForm().fields["incident_category"].choices]
    assert values == ["", "inbraak", "overlast"]


def test_hotspot_case_form_offers_only_open_cases_in_the_area(regisseur, plan, addresses, house):
    inside = CaseFactory(host_organisation=house)
    inside.addresses.add(addresses[0])
    elsewhere = CaseFactory(host_organisation=house)
    choices = set(HotspotCaseForm(user=regisseur, plan=plan).fields["case"].queryset)
    assert inside in choices
    assert elsewhere not in choices


@pytest.fixture
def owner_setup(regisseur, neighbourhood, addresses, house):
    visible = PersonFactory(surname="Zichtbaar", bsn=VALID_BSN)
    PersonFactory(surname="Onzichtbaar", bsn=OTHER_BSN)
    company = Business.objects.create(name="Pand B.V.", kvk_number="12345678")
    case = CaseFactory(host_organisation=house, persons=[visible])
    case.addresses.add(addresses[0])
    case.businesses.add(company)
    return visible, company


def test_owners_form_lists_nobody_and_finds_a_visible_person_by_bsn(
    regisseur, neighbourhood, addresses, owner_setup, client_for
):
    visible, _company = owner_setup
    client = client_for(regisseur)
    url = reverse("areas:owners", args=[neighbourhood.pk])
    page = client.get(url).content.decode()
    assert "Zichtbaar" not in page and "Onzichtbaar" not in page
    response = client.post(url, {"address": addresses[0].pk, "bsn": VALID_BSN})
    assert response.status_code == 302
    assert Ownership.objects.filter(address=addresses[0], person=visible).exists()
    assert AuditEntry.objects.filter(
        username="regisseur", action=AuditAction.CREATE, person_id_ref=visible.pk
    ).exists()


def test_owners_form_does_not_find_a_person_the_user_may_not_see(
    regisseur, neighbourhood, addresses, owner_setup, client_for
):
    response = client_for(regisseur).post(
        reverse("areas:owners", args=[neighbourhood.pk]),
        {"address": addresses[0].pk, "bsn": OTHER_BSN},
    )
    assert response.status_code == 400
    assert "No person with this BSN among the persons you may see" in response.content.decode()
    assert not Ownership.objects.exists()


def test_owners_form_finds_a_business_by_kvk_number_and_needs_exactly_one_owner(
    regisseur, neighbourhood, addresses, owner_setup, client_for
):
    _visible, company = owner_setup
    client = client_for(regisseur)
    url = reverse("areas:owners", args=[neighbourhood.pk])
    both = client.post(
        url, {"address": addresses[1].pk, "bsn": VALID_BSN, "kvk_number": "12345678"}
    )
    assert both.status_code == 400
    assert (
        client.post(url, {"address": addresses[1].pk, "kvk_number": "12345678"}).status_code == 302
    )
    assert Ownership.objects.filter(address=addresses[1], business=company).exists()
    unknown = client.post(url, {"address": addresses[1].pk, "kvk_number": "87654321"})
    assert unknown.status_code == 400

"""Joint inspections: findings per partner per address become cases and interventions with the
legal deadline, under the foundation's access rules."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.areas import services
from schakel.areas.models import Finding, JointInspection
from schakel.cases.models import CaseEvent
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.plans.models import Intervention
from tests.areas.conftest import finding_type
from tests.factories import make_user


def test_a_hennepkwekerij_finding_becomes_a_13b_closure_with_its_legal_deadline(
    inspection, gebiedsregisseur, addresses, partners, house
):
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["police"],
        finding_type=finding_type("Hennepkwekerij"),
        description="Kwekerij op zolder.",
    )

    intervention = services.follow_up_finding(finding, by=gebiedsregisseur)

    assert intervention.type.name == "Sluiting pand (art. 13b Opiumwet)"
    assert intervention.deadline == inspection.planned_for + datetime.timedelta(days=28)
    assert intervention.owner_organisation == partners["gemeente"]  # the owning kind
    case = intervention.plan.case
    assert list(case.addresses.all()) == [addresses[0]]
    assert case.host_organisation == house
    assert case.coordinator == gebiedsregisseur
    assert inspection.area in case.areas.all()
    assert case in inspection.plan.cases.all()
    finding.refresh_from_db()
    assert (finding.case, finding.intervention) == (case, intervention)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PLAN).exists()


def test_the_owning_partner_is_invited_and_a_second_finding_reuses_the_case(
    inspection, gebiedsregisseur, addresses, partners
):
    first = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["police"],
        finding_type=finding_type("Hennepkwekerij"),
    )
    second = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["grid"],
        finding_type=finding_type("Energiediefstal (illegale aansluiting)"),
    )
    closure = services.follow_up_finding(first, by=gebiedsregisseur)
    report = services.follow_up_finding(second, by=gebiedsregisseur)

    assert report.plan.case == closure.plan.case
    assert report.owner_organisation == partners["grid"]
    assert report.deadline == inspection.planned_for + datetime.timedelta(days=14)
    invited = set(closure.plan.case.participations.values_list("organisation__name", flat=True))
    # The owners (gemeente, netbeheerder) and the finders (police, netbeheerder) take part.
    assert invited == {"Test gemeente", "Test netbeheerder", "Test police"}


def test_a_finding_is_followed_up_only_once(inspection, gebiedsregisseur, addresses, partners):
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[1],
        organisation=partners["gemeente"],
        finding_type=finding_type("Illegale bewoning / overbewoning"),
    )
    services.follow_up_finding(finding, by=gebiedsregisseur)
    with pytest.raises(ValidationError):
        services.follow_up_finding(finding, by=gebiedsregisseur)
    assert Intervention.objects.count() == 1


def test_a_finding_without_follow_up_type_creates_nothing(
    inspection, gebiedsregisseur, addresses, partners
):
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[2],
        organisation=partners["police"],
        finding_type=finding_type("Geen bijzonderheden"),
    )
    with pytest.raises(ValidationError):
        services.follow_up_finding(finding, by=gebiedsregisseur)
    assert not Intervention.objects.exists()


def test_an_old_visit_gets_a_deadline_no_earlier_than_today(
    gebiedsregisseur, neighbourhood, house, partners, addresses
):
    old = services.plan_inspection(
        by=gebiedsregisseur,
        area=neighbourhood,
        title="Oude controle",
        host_organisation=house,
        planned_for=timezone.localdate() - datetime.timedelta(days=90),
        addresses=addresses,
        partners=list(partners.values()),
    )
    finding = services.record_finding(
        old,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["grid"],
        finding_type=finding_type("Energiediefstal (illegale aansluiting)"),
    )
    assert services.follow_up_finding(finding, by=gebiedsregisseur).deadline == timezone.localdate()


def test_a_partner_records_only_its_own_findings_and_cannot_start_follow_up(
    inspection, politie, addresses, partners
):
    finding = services.record_finding(
        inspection, by=politie, address=addresses[0], finding_type=finding_type("Hennepkwekerij")
    )
    assert finding.organisation == partners["police"]
    with pytest.raises(PermissionDenied):
        services.record_finding(
            inspection,
            by=politie,
            address=addresses[0],
            organisation=partners["grid"],
            finding_type=finding_type("Energiediefstal (illegale aansluiting)"),
        )
    with pytest.raises(PermissionDenied):
        services.follow_up_finding(finding, by=politie)


def test_a_non_participating_partner_cannot_see_the_inspection(inspection, wijkteam, client_for):
    assert not JointInspection.objects.visible_to(wijkteam).exists()
    response = client_for(wijkteam).get(reverse("areas:inspection", args=[inspection.pk]))
    assert response.status_code == 404


def test_tax_findings_are_hidden_from_partners_without_the_tax_category(
    inspection, gebiedsregisseur, addresses, partners, politie
):
    fiscus = make_user(Role.PROFESSIONAL, K.TAX, "fiscus", "Test belastingdienst")
    with pytest.raises(ValidationError):  # the municipality may not hold tax data
        services.record_finding(
            inspection,
            by=gebiedsregisseur,
            address=addresses[0],
            organisation=partners["tax"],
            finding_type=finding_type("Fiscale onregelmatigheden"),
        )
    finding = services.record_finding(
        inspection,
        by=fiscus,
        address=addresses[0],
        finding_type=finding_type("Fiscale onregelmatigheden"),
        description="Contante huur.",
    )
    assert Finding.objects.visible_to(fiscus).filter(pk=finding.pk).exists()
    assert not Finding.objects.visible_to(politie).exists()
    assert not Finding.objects.visible_to(gebiedsregisseur).exists()


def test_findings_only_at_the_inspections_addresses(
    inspection, gebiedsregisseur, partners, neighbourhood
):
    from schakel.registry.models import Address

    elsewhere = Address.objects.create(postcode="9998ZZ", house_number=9, area=neighbourhood)
    with pytest.raises(ValidationError):
        services.record_finding(
            inspection,
            by=gebiedsregisseur,
            address=elsewhere,
            organisation=partners["police"],
            finding_type=finding_type("Hennepkwekerij"),
        )


def test_the_inspection_page_turns_a_finding_into_an_intervention(
    inspection, gebiedsregisseur, addresses, partners, client_for
):
    client = client_for(gebiedsregisseur)
    response = client.post(
        reverse("areas:finding_add", args=[inspection.pk]),
        {
            "address": addresses[1].pk,
            "organisation": partners["gemeente"].pk,
            "finding_type": finding_type("Illegale bewoning / overbewoning").pk,
            "description": "Negen bewoners.",
        },
    )
    assert response.status_code == 302
    finding = inspection.findings.get()
    response = client.post(reverse("areas:finding_follow_up", args=[finding.pk]))
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.intervention.type.name == "Bestuurlijke boete Huisvestingswet"
    page = client.get(reverse("areas:inspection", args=[inspection.pk])).content.decode()
    assert finding.case.reference in page


def test_a_refused_finding_is_shown_on_the_form_not_as_an_error_page(
    inspection, politie, addresses, client_for
):
    response = client_for(politie).post(
        reverse("areas:finding_add", args=[inspection.pk]),
        {"address": addresses[0].pk, "finding_type": "", "organisation": ""},
    )
    assert response.status_code == 400
    assert b"finding-form" in response.content


def test_an_inspection_needs_two_partners_and_an_address(
    gebiedsregisseur, neighbourhood, house, partners, addresses
):
    with pytest.raises(ValidationError):
        services.plan_inspection(
            by=gebiedsregisseur,
            area=neighbourhood,
            title="Alleen",
            host_organisation=house,
            planned_for=timezone.localdate(),
            addresses=addresses,
            partners=[partners["police"]],
        )
    with pytest.raises(ValidationError):
        services.plan_inspection(
            by=gebiedsregisseur,
            area=neighbourhood,
            title="Nergens",
            host_organisation=house,
            planned_for=timezone.localdate(),
            addresses=[],
            partners=list(partners.values()),
        )


def test_an_analyst_cannot_plan_inspections(analist, neighbourhood, house, partners, addresses):
    with pytest.raises(PermissionDenied):
        services.plan_inspection(
            by=analist,
            area=neighbourhood,
            title="Analist",
            host_organisation=house,
            planned_for=timezone.localdate(),
            addresses=addresses,
            partners=list(partners.values()),
        )


def test_follow_up_details_in_a_hidden_category_are_not_shown(
    inspection, gebiedsregisseur, addresses, partners, client_for
):
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["grid"],
        finding_type=finding_type("Energiediefstal (illegale aansluiting)"),
    )
    intervention = services.follow_up_finding(finding, by=gebiedsregisseur)
    assert intervention.category == "justice"  # criminal law: not for the municipality
    page = client_for(gebiedsregisseur).get(reverse("areas:inspection", args=[inspection.pk]))
    html = page.content.decode()
    assert "data category your organisation may not see" in html
    assert intervention.deadline.strftime("%d-%m-%Y") not in html
    assert intervention.plan.case.reference in html  # the case itself is theirs

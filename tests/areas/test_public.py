"""The public pages: residents report without logging in; results are aggregates only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.areas import services
from schakel.areas.models import ResidentReport
from schakel.audit.models import AuditEntry
from tests.areas.conftest import finding_type

REPORT = reverse("public:report")


def post(client, ip="192.0.2.1", **data):
    return client.post(REPORT, data, REMOTE_ADDR=ip)


def test_the_report_page_needs_no_log_in(client, db):  # db: the rate limit reads the cache
    assert client.get(REPORT).status_code == 200


def test_a_report_at_a_known_address_lands_in_its_area(client, addresses, neighbourhood):
    response = post(
        client,
        category="drugs",
        description="Er wordt gedeald bij de ingang.",
        postcode="9998 ab",
        house_number="2",
    )
    assert response.status_code == 302
    report = ResidentReport.objects.get()
    assert report.address == addresses[1]
    assert report.area == neighbourhood
    assert report.postcode == "9998AB"


def test_a_report_at_a_point_lands_in_the_outlined_area(client, neighbourhood):
    from schakel.analytics.polygons import rd_to_wgs84

    lon, lat = rd_to_wgs84([183_500], [564_500])
    response = post(
        client,
        category="overlast",
        description="Harde muziek op het plein.",
        latitude=f"{lat[0]:.6f}",
        longitude=f"{lon[0]:.6f}",
    )
    assert response.status_code == 302
    report = ResidentReport.objects.get()
    assert report.area == neighbourhood
    assert abs(report.x - 183_500) < 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"category": "overlast", "description": "Harde muziek op het plein."},
            "Give a postcode and house number",
        ),
        (
            {
                "category": "overlast",
                "description": "kort",
                "postcode": "9998AB",
                "house_number": "1",
            },
            "at least 10",
        ),
        (
            {
                "category": "overlast",
                "description": "Harde muziek op het plein.",
                "postcode": "9998AB",
            },
            "both the postcode and the house number",
        ),
        (
            {
                "category": "overlast",
                "description": "Harde muziek op het plein.",
                "postcode": "ABCD",
                "house_number": "1",
            },
            "Dutch postcode",
        ),
        (
            {
                "category": "overlast",
                "description": "Harde muziek op het plein.",
                "latitude": "52.1",
            },
            "latitude and longitude",
        ),
        (
            {
                "category": "overlast",
                "description": "Harde muziek op het plein.",
                "latitude": "40",
                "longitude": "5",
            },
            "greater than or equal to 50.5",
        ),
        (
            {
                "category": "iets",
                "description": "Harde muziek op het plein.",
                "postcode": "9998AB",
                "house_number": "1",
            },
            "Select a valid choice",
        ),
        (
            {
                "category": "overlast",
                "description": "Harde muziek op het plein.",
                "postcode": "9998AB",
                "house_number": "1",
                "contact_email": "geen-mail",
            },
            "valid email",
        ),
    ],
)
def test_invalid_reports_are_refused_with_a_clear_message(client, db, data, message):
    response = post(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_five_reports_an_hour_per_sender_then_refused(client, db):
    data = {
        "category": "overlast",
        "description": "Harde muziek op het plein.",
        "postcode": "9998AB",
        "house_number": "1",
    }
    for _ in range(5):
        assert post(client, **data).status_code == 302
    refused = post(client, **data)
    assert refused.status_code == 429
    assert ResidentReport.objects.count() == 5
    # Another sender is not affected.
    assert post(client, ip="192.0.2.99", **data).status_code == 302


def test_no_sender_data_is_stored_beyond_what_was_given(client, db):
    post(
        client,
        ip="198.51.100.23",
        category="overlast",
        description="Harde muziek op het plein.",
        postcode="9998AB",
        house_number="1",
    )
    report = ResidentReport.objects.get()
    stored = " ".join(str(getattr(report, f.attname)) for f in ResidentReport._meta.concrete_fields)
    assert "198.51.100.23" not in stored
    assert report.contact_email == ""
    entry = AuditEntry.objects.get(object_type="areas.residentreport")
    assert entry.username == "anoniem"
    assert "198.51.100.23" not in entry.detail


def test_results_page_exists_only_for_public_plans(client, plan):
    url = reverse("public:results", args=[plan.pk])
    assert client.get(url).status_code == 200
    plan.is_public = False
    plan.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:results", args=[99999])).status_code == 404


def test_results_page_shows_aggregates_without_personal_data_or_case_references(
    client, plan, inspection, gebiedsregisseur, addresses, partners
):
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[0],
        organisation=partners["police"],
        finding_type=finding_type("Hennepkwekerij"),
        description="Kwekerij van Piet Geheimnaam.",
    )
    intervention = services.follow_up_finding(finding, by=gebiedsregisseur)
    services.set_inspection_status(inspection, by=gebiedsregisseur, status="done")
    case = intervention.plan.case

    response = client.get(reverse("public:results", args=[plan.pk]))
    page = response.content.decode()
    results = response.context["results"]
    assert results["inspections_done"] == 1
    assert results["addresses_visited"] == 3
    assert results["interventions_total"] == 1
    assert case.reference not in page
    assert "Narcissenstraat" not in page
    assert "9998" not in page
    assert "Geheimnaam" not in page
    assert gebiedsregisseur.last_name not in page


def test_a_report_needs_no_area_to_be_stored(db):
    report = services.submit_resident_report(
        category="afval", description="Grofvuil bij de container.", latitude=51.0, longitude=4.0
    )
    assert report.area is None
    assert report.created_at <= timezone.now() + datetime.timedelta(seconds=1)

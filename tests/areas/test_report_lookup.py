"""A resident looks up the state of their report with its reference (issue 13: residents as
partners). The reference is shown once, after sending; the look-up is a POST (the reference is
a key, not for URLs or access logs), says only the kind, the date and the state, and is
rate-limited."""

import re

import pytest
from django.urls import reverse

from schakel.areas import services
from schakel.areas.models import ResidentReport
from tests.areas.test_public import post

pytestmark = pytest.mark.django_db

LOOKUP = reverse("public:lookup")


def _send(client):
    response = post(
        client, category="drugs", description="Er wordt gedeald bij de ingang.",
        latitude="52.0", longitude="5.0",
    )  # fmt: skip
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    report = ResidentReport.objects.get()
    assert report.reference and report.reference in thanks
    assert re.fullmatch(r"M-[0-9A-Z]{4}-[0-9A-Z]{4}", report.reference)
    assert report.reference not in response["Location"]
    return report


def test_the_reference_is_shown_once_and_looks_up_the_state(client, gebiedsregisseur):
    report = _send(client)
    again = client.get(reverse("public:report_thanks")).content.decode()
    assert report.reference not in again  # shown once, not kept in the session
    page = client.post(LOOKUP, {"reference": report.reference.lower()}).content.decode()
    assert "New" in page and "Drug dealing" in page
    assert "Er wordt gedeald" not in page  # the text is not shown back to whoever has the key
    services.set_resident_report_status(report, by=gebiedsregisseur, status="seen")
    services.set_resident_report_status(report, by=gebiedsregisseur, status="handled")
    assert "Handled" in client.post(LOOKUP, {"reference": report.reference}).content.decode()


def test_an_unknown_reference_says_so(client, db):
    response = client.post(LOOKUP, {"reference": "M-AAAA-BBBB"})
    assert response.status_code == 200
    assert "No report with this reference" in response.content.decode()
    assert client.get(LOOKUP).status_code == 200


def test_references_differ_and_cannot_be_guessed_from_the_order(client, db):
    for n in range(3):
        post(client, ip=f"192.0.2.{10 + n}", category="overig",
             description="Nog een melding van iemand.", latitude="52.0", longitude="5.0")  # fmt: skip
    references = set(ResidentReport.objects.values_list("reference", flat=True))
    assert len(references) == 3


def test_looking_up_is_rate_limited(client, db):
    for _ in range(30):
        client.post(LOOKUP, {"reference": "M-AAAA-BBBB"}, REMOTE_ADDR="192.0.2.99")
    refused = client.post(LOOKUP, {"reference": "M-AAAA-BBBB"}, REMOTE_ADDR="192.0.2.99")
    assert refused.status_code == 429

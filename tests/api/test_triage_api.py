"""`POST /api/v1/signals/{id}/triage` (issue 11): the same rules as the triage in the UI."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schakel.intake.models import Handover, Signal
from schakel.organisations import services
from schakel.organisations.models import ApiScope, OrganisationKind, Role
from tests.api.problems import invalid_names
from tests.factories import SignalFactory, make_staff_beheerder, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(politie, regisseur):
    return SignalFactory(
        reporting_organisation=politie.organisation,
        receiving_organisation=regisseur.organisation,
        reported_by=politie,
    )


def _body(lead, level=2, **extra):
    return {
        "level": level,
        "lead_organisation": lead.pk,
        "reason": "Eén plan onder regie van het wijkteam.",
        **extra,
    }


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_house_triages_to_level_2_and_the_signal_is_handed_over(signal, regisseur, wijkteam):
    url = reverse("signal-triage", args=[signal.pk])
    response = _api(regisseur).post(url, _body(wijkteam.organisation), format="json")
    assert response.status_code == 201, response.content
    signal.refresh_from_db()
    assert signal.status == Signal.Status.REFERRED
    handover = Handover.objects.get(signal=signal)
    assert response.data["handover"]["id"] == handover.pk
    assert response.data["handover"]["state"] == "offered"
    assert response.data["signal_status"] == "referred"
    # the lead reads the signal through the API, with the hand-over
    read = _api(wijkteam).get(reverse("signal-detail", args=[signal.pk]))
    assert read.status_code == 200
    assert [h["state"] for h in read.data["handovers"]] == ["offered"]


def test_only_the_receiving_house_may_triage(signal, politie, wijkteam):
    url = reverse("signal-triage", args=[signal.pk])
    response = _api(politie).post(url, _body(wijkteam.organisation), format="json")
    assert response.status_code == 403
    assert "Veiligheidshuis" in str(response.data)
    # a partner that does not see the signal gets 404
    assert _api(wijkteam).post(url, _body(wijkteam.organisation), format="json").status_code == 404
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RECEIVED


def test_errors_are_dutch(signal, regisseur, wijkteam):
    url = reverse("signal-triage", args=[signal.pk])
    response = _api(regisseur).post(
        url, _body(wijkteam.organisation, level=9, review_date="2000-01-01"), format="json"
    )
    assert response.status_code == 400
    assert "level" in invalid_names(response)
    response = _api(regisseur).post(
        url,
        _body(wijkteam.organisation, review_date="2000-01-01"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "verleden" in str(response.data)
    response = _api(regisseur).post(
        url,
        _body(wijkteam.organisation, answers={"verzonnen": True}),
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert any(
        p["name"] == "answers" and "Onbekende" in p["reason"]
        for p in response.json()["invalid-params"]
    )
    _api(regisseur).post(url, _body(wijkteam.organisation), format="json")
    response = _api(regisseur).post(url, _body(wijkteam.organisation), format="json")
    assert response.status_code == 400  # already triaged


def test_a_token_needs_the_triage_scope(signal, regisseur, wijkteam):
    beheerder = make_staff_beheerder(permissions=("add_apitoken", "view_apitoken", "view_user"))
    service = make_user(
        Role.PROCESS_DIRECTOR, OrganisationKind.SAFETY_HOUSE, "vh-systeem", "Test veiligheidshuis"
    )
    url = reverse("signal-triage", args=[signal.pk])
    for scopes, expected in (([ApiScope.SIGNALS_WRITE], 403), ([ApiScope.SIGNALS_TRIAGE], 201)):
        _token, token = services.issue_api_token(
            beheerder, "vh", service, scopes, timezone.now() + dt.timedelta(days=30)
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = client.post(url, _body(wijkteam.organisation), format="json")
        assert response.status_code == expected, response.content


def test_the_schema_documents_the_triage():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/signals/{id}/triage"]["post"]
    assert operation["requestBody"]
    assert "201" in operation["responses"]


def test_the_lead_answers_the_handover_through_the_api(signal, regisseur, wijkteam, politie):
    _api(regisseur).post(
        reverse("signal-triage", args=[signal.pk]), _body(wijkteam.organisation), format="json"
    )
    handover = Handover.objects.get()
    accept = reverse("handover-accept", args=[handover.pk])
    assert _api(politie).post(accept).status_code == 404  # the reporter does not see it
    response = _api(wijkteam).post(accept)
    assert response.status_code == 200 and response.data["state"] == "accepted"
    done = reverse("handover-done", args=[handover.pk])
    response = _api(wijkteam).post(done, {"result": ""}, format="json")
    assert response.status_code == 400
    response = _api(wijkteam).post(done, {"result": "Begeleiding gestart."}, format="json")
    assert response.status_code == 200 and response.data["state"] == "done"
    listing = _api(regisseur).get(reverse("handover-list"))
    assert [h["result"] for h in listing.data["results"]] == ["Begeleiding gestart."]


def test_decline_through_the_api_needs_a_reason(signal, regisseur, wijkteam):
    _api(regisseur).post(
        reverse("signal-triage", args=[signal.pk]), _body(wijkteam.organisation), format="json"
    )
    handover = Handover.objects.get()
    decline = reverse("handover-decline", args=[handover.pk])
    assert _api(regisseur).post(decline, {"reason": "x"}, format="json").status_code == 403
    assert _api(wijkteam).post(decline, {}, format="json").status_code == 400
    response = _api(wijkteam).post(decline, {"reason": "Geen capaciteit."}, format="json")
    assert response.status_code == 200 and response.data["state"] == "declined"

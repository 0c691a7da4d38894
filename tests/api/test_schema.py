"""The OpenAPI schema describes every component's API, and the API refuses strangers."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

EXPECTED_PATHS = {
    "/organisations",
    "/organisations/{id}",
    "/persons",
    "/persons/{id}",
    "/persons/_zoek",
    "/signals",
    "/signals/{id}",
    "/cases",
    "/cases/{id}",
    "/conferences",
    "/conferences/{id}",
    "/interventions",
    "/interventions/{id}",
}


@pytest.mark.django_db
def test_schema_endpoint_returns_openapi_3_with_every_component(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= EXPECTED_PATHS
    assert "post" in schema["paths"]["/signals"]
    assert "patch" in schema["paths"]["/interventions/{id}"]
    assert "post" not in schema["paths"]["/cases"]
    # Personal data is searched by POST only: no `search` parameter in a URL.
    assert "post" in schema["paths"]["/persons/_zoek"]
    list_parameters = schema["paths"]["/persons"]["get"].get("parameters", [])
    assert "search" not in {p["name"] for p in list_parameters}


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    # Raises SchemaGenerationError on any warning, CommandError on an invalid schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "basename", ["organisation", "person", "signal", "case", "conference", "intervention"]
)
def test_anonymous_requests_are_refused(api_for, basename):
    response = api_for(None).get(reverse(f"{basename}-list"))
    assert response.status_code in {401, 403}


@pytest.mark.django_db
def test_http_basic_is_refused_and_a_session_works(politie):
    """No HTTP Basic on the API: a password sent with every request can be guessed and replayed.
    Browsers use their session (system clients will get scoped tokens, a later item)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=_basic("politie", "geheim-wachtwoord"))
    assert client.get(reverse("case-list")).status_code in {401, 403}

    session = APIClient()
    assert session.login(username="politie", password="geheim-wachtwoord")
    assert session.get(reverse("case-list")).status_code == 200


def _basic(username: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

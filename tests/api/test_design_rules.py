"""The API follows the Logius API Design Rules where issue 12 names them: every answer carries
an `API-Version` header (API-57), and every error is `application/problem+json` (RFC 9457,
API-46) with `status`, `title` and `detail`, and the wrong fields in `invalid-params`."""

import pytest
from django.conf import settings
from django.urls import reverse

from schakel.intake.models import Signal
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

VERSION = settings.SPECTACULAR_SETTINGS["VERSION"]


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def test_every_answer_names_the_api_version(api_for, client, politie):
    api = api_for(politie)
    assert api.get(reverse("signal-list"))["API-Version"] == VERSION
    assert api.get(reverse("signal-detail", args=[10**9]))["API-Version"] == VERSION
    assert client.get(reverse("signal-list"))["API-Version"] == VERSION  # not logged in
    assert "API-Version" not in client.get("/inloggen/")  # the pages are no API


def test_a_wrong_field_is_a_problem_naming_the_field(api_for, politie):
    house = OrganisationFactory(kind="veiligheidshuis")
    response = api_for(politie).post(
        reverse("signal-list"),
        {"category": 999999, "receiving_organisation": house.pk, "urgency": "whenever"},
        format="json",
    )
    body = _problem(response, 400)
    names = {param["name"] for param in body["invalid-params"]}
    assert names == {"category", "description", "urgency"}
    assert all(param["reason"] for param in body["invalid-params"])
    assert not Signal.objects.exists()


def test_a_refusal_by_the_rules_is_a_problem_with_the_reason(api_for, politie, reclassering):
    from schakel.intake.models import SignalCategory

    response = api_for(politie).post(
        reverse("signal-list"),
        {
            "category": SignalCategory.objects.order_by("pk").first().pk,
            "description": "x",
            "receiving_organisation": reclassering.organisation.pk,
        },
        format="json",
    )
    body = _problem(response, 400)
    assert body["detail"] == "Signals are sent to a Veiligheidshuis."


def test_not_found_forbidden_and_not_logged_in_are_problems(api_for, client, analist, politie):
    _problem(api_for(politie).get(reverse("signal-detail", args=[10**9])), 404)
    from schakel.intake.models import SignalCategory

    house = OrganisationFactory(kind="veiligheidshuis")
    payload = {
        "category": SignalCategory.objects.order_by("pk").first().pk,
        "description": "x",
        "receiving_organisation": house.pk,
    }
    _problem(api_for(analist).post(reverse("signal-list"), payload, format="json"), 403)
    anonymous = client.get(reverse("signal-list"))
    assert anonymous.status_code in (401, 403)
    _problem(anonymous, anonymous.status_code)


def test_interactive_documentation_from_vendored_files(client):
    """Issue 12: Swagger UI and Redoc, served from vendored files (drf-spectacular-sidecar),
    under the CSP without inline script; nothing is loaded from a CDN."""
    for name in ("api-docs", "api-redoc"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        html = page.content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn.jsdelivr" not in html and "unpkg" not in html
        assert "googleapis" not in html  # no font from elsewhere either
        assert "script-src 'self'" in page["Content-Security-Policy"]
    swagger = client.get(reverse("api-docs")).content.decode()
    # The split view loads its settings as a script file of its own (no inline script).
    assert "<script>" not in swagger.replace(" ", "")


def test_no_path_ends_in_a_slash(client):
    """API-48: leave off trailing slashes — in the published schema and in the answers."""
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    slashed = [path for path in schema["paths"] if path.endswith("/")]
    assert not slashed, slashed
    assert "/persons/_zoek" in schema["paths"]
    assert "/cases/{id}" in schema["paths"]


def test_the_old_slashed_paths_are_not_answered_but_the_schema_still_is(api_for, client, politie):
    api = api_for(politie)
    assert api.get("/api/v1/signals").status_code == 200
    body = _problem(api.get("/api/v1/signals/"), 404)
    assert body["detail"] == "The API's paths end without a slash: /api/v1/signals"
    _problem(api.get("/api/v1/nothing-here"), 404)
    # /api/v1/schema/ stays where clients and the docs have found it so far.
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.mark.parametrize(
    "route, params, name",
    [
        ("case-list", {"status": "niet-bestaand"}, "status"),
        ("case-list", {"level": "drie"}, "level"),
        ("signal-list", {"urgency": "heel-erg"}, "urgency"),
        ("intervention-list", {"overdue": "misschien"}, "overdue"),
        ("notification-list", {"unread": "soms"}, "unread"),
    ],
)
def test_a_wrong_filter_value_is_a_problem_naming_the_filter(api_for, politie, route, params, name):
    """Filters are FilterSets (django-filter): a wrong value is refused, not ignored."""
    body = _problem(api_for(politie).get(reverse(route), params), 400)
    assert [p["name"] for p in body["invalid-params"]] == [name]


def test_filters_narrow_the_list(api_for, regisseur):
    import datetime

    from schakel.plans.workflow import InterventionStatus
    from tests.factories import InterventionFactory

    late = InterventionFactory(
        plan__case__host_organisation=regisseur.organisation,
        deadline=datetime.date.today() - datetime.timedelta(days=2),
        status=InterventionStatus.PLANNED,
    )
    InterventionFactory(plan=late.plan, deadline=datetime.date.today() + datetime.timedelta(days=9))
    api = api_for(regisseur)
    everything = {row["id"] for row in api.get(reverse("intervention-list")).json()["results"]}
    overdue = api.get(reverse("intervention-list"), {"overdue": "true"}).json()["results"]
    assert len(everything) == 2 and [row["id"] for row in overdue] == [late.pk]
    schema = api.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    parameters = schema["paths"]["/interventions"]["get"]["parameters"]
    assert {"overdue", "status", "owner_organisation"} <= {p["name"] for p in parameters}


def test_the_schema_follows_the_design_rules_it_can_show(client):
    """API-20: the major version in the server URL; API-51: the schema at /openapi.json;
    API-57 and API-46 documented: every response names its API-Version header, every error is
    a problem (the Spectral lint in `make lint-api` checks the same on the whole document)."""
    schema = client.get("/api/v1/openapi.json").json()
    assert [server["url"] for server in schema["servers"]] == ["/api/v1"]
    operation = schema["paths"]["/cases/{id}"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "403", "404"}
    for response in operation["responses"].values():
        assert "API-Version" in response["headers"]
    assert "application/problem+json" in operation["responses"]["404"]["content"]
    assert "400" in schema["paths"]["/signals"]["post"]["responses"]

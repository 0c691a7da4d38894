"""Every public page of the demo data, walked as a resident would (issue 13, done-when): no count
between 1 and 4 is shown, no care, justice or tax measure on its own, no personal data."""

import re

import pytest
from django.urls import reverse

from schakel.areas.models import HotspotPlan, NeighbourhoodSurvey
from schakel.plans.models import DOMAIN_CATEGORY, InterventionDomain
from schakel.registry.models import Person

SMALL = re.compile(r"<(td|strong)>\s*[1-4]\s*</\1>")


def _public_pages(client):
    pages = {reverse("public:report"): client.get(reverse("public:report"))}
    for plan in HotspotPlan.objects.filter(is_public=True):
        url = reverse("public:results", args=[plan.pk])
        pages[url] = client.get(url)
    for survey in NeighbourhoodSurvey.objects.all():
        url = reverse("public:survey", args=[survey.token])
        pages[url] = client.get(url)
    return pages


def test_no_public_page_of_the_demo_shows_a_small_count_or_a_single_care_measure(client, demo):
    pages = _public_pages(client)
    assert any("/resultaten/" in url for url in pages)
    assert any("/buurtpeiling/" in url for url in pages)
    hidden_domains = [
        str(domain.label)
        for domain in InterventionDomain
        if DOMAIN_CATEGORY.get(domain, "general") != "general"
    ]
    surnames = set(Person.objects.values_list("surname", flat=True))
    for url, response in pages.items():
        assert response.status_code == 200, url
        html = response.content.decode()
        main = html.split("<main", 1)[-1]
        assert not SMALL.search(main), (url, SMALL.search(main).group(0))
        for label in hidden_domains:
            assert f"<td>{label}</td>" not in main, (url, label)
        words = set(re.findall(r"[A-Z][a-z]{3,}", re.sub(r"<[^>]+>", " ", main)))
        assert not words & surnames - {"Lindehof"}, (url, words & surnames)


def test_the_demo_results_page_shows_what_residents_said(client, demo):
    plan = HotspotPlan.objects.get(title="Gebiedsaanpak Lindehof", is_public=True)
    html = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    assert "Nulmeting Lindehof" in html and "Buurtpeiling Lindehof" in html
    assert " %" in html.split("Nulmeting Lindehof", 1)[1]


@pytest.mark.parametrize("kind", ["Buurtpeiling Stationskwartier"])
def test_the_open_demo_survey_with_three_answers_shows_no_figures(client, demo, kind):
    from schakel.areas.selectors.participation import survey_results

    survey = NeighbourhoodSurvey.objects.get(title=kind)
    results = survey_results(survey)
    assert results.respondents == 3 and all(s.suppressed for s in results.statements)
    assert client.get(reverse("public:survey", args=[survey.token])).status_code == 200


def test_the_demos_reports_at_lindehof_addresses_land_in_lindehof(demo):
    """Issue 13, as seen: residents' reports at two problem addresses in Lindehof were filed under
    the enclosing neighbourhood, Linderveld-Oost."""
    from schakel.areas.models import ResidentReport

    at_addresses = list(
        ResidentReport.objects.filter(address__isnull=False).select_related("area", "address")
    )
    assert len(at_addresses) >= 2
    assert {report.area.name for report in at_addresses} == {"Lindehof"}

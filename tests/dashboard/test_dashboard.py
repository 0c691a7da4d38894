import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def test_partner_dashboard_lists_cases_of_their_organisation_only(client_for, politie, regisseur):
    theirs = CaseFactory(
        coordinator=regisseur,
        host_organisation=regisseur.organisation,
        participants=[politie.organisation],
    )
    other = CaseFactory(coordinator=regisseur, host_organisation=regisseur.organisation)
    body = client_for(politie).get(reverse("dashboard:home")).content.decode()
    assert theirs.reference in body
    assert other.reference not in body


def test_overdue_interventions_show_on_the_coordinators_dashboard(client_for, regisseur):
    case = CaseFactory(coordinator=regisseur, host_organisation=regisseur.organisation)
    late = InterventionFactory(
        plan__case=case, deadline=timezone.localdate() - datetime.timedelta(days=3)
    )
    InterventionFactory(plan=late.plan, deadline=timezone.localdate() + datetime.timedelta(days=3))
    response = client_for(regisseur).get(reverse("dashboard:home"))
    overdue = list(response.context["data"]["overdue"])
    assert overdue == [late]


def test_analyst_dashboard_shows_aggregates_without_case_references(client_for, analist, regisseur):
    case = CaseFactory(coordinator=regisseur, host_organisation=regisseur.organisation)
    response = client_for(analist).get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert "statistics" in response.context
    assert case.reference not in response.content.decode()

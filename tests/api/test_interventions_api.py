"""Interventions through the API: visible by case and data category, progress via the service."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.workflow import CaseStatus
from schakel.plans.models import InterventionStatus, InterventionType
from tests.api.problems import detail, invalid_names
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def _type(domain: str) -> InterventionType:
    return InterventionType.objects.filter(domain=domain).order_by("pk").first()


@pytest.fixture
def plan(politie, wijkteam):
    case = CaseFactory(
        status=CaseStatus.EXECUTION, participants=[politie.organisation, wijkteam.organisation]
    )
    return ActionPlanFactory(case=case)


def test_interventions_are_shown_by_data_category(api_for, plan, politie, wijkteam):
    care = InterventionFactory(plan=plan, type=_type("care"))
    criminal = InterventionFactory(plan=plan, type=_type("criminal"))
    general = InterventionFactory(plan=plan, type=_type("administrative"))

    def ids(user):
        return {
            row["id"] for row in api_for(user).get(reverse("intervention-list")).json()["results"]
        }

    assert ids(wijkteam) == {care.pk, general.pk}
    assert ids(politie) == {criminal.pk, general.pk}
    assert api_for(politie).get(reverse("intervention-detail", args=[care.pk])).status_code == 404


def test_interventions_of_invisible_cases_are_hidden(api_for, reclassering, plan):
    intervention = InterventionFactory(plan=plan, type=_type("administrative"))
    client = api_for(reclassering)

    assert client.get(reverse("intervention-list")).json()["results"] == []
    assert client.get(reverse("intervention-detail", args=[intervention.pk])).status_code == 404


def test_owner_reports_progress_through_patch(api_for, plan, wijkteam):
    intervention = InterventionFactory(
        plan=plan, type=_type("care"), owner_organisation=wijkteam.organisation
    )

    response = api_for(wijkteam).patch(
        reverse("intervention-detail", args=[intervention.pk]),
        {"status": "done", "result": "Gezin heeft hulp aanvaard."},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.DONE
    assert intervention.result == "Gezin heeft hulp aanvaard."
    assert AuditEntry.objects.filter(
        action=AuditAction.CHANGE, object_id=str(intervention.pk), user_id_ref=wijkteam.pk
    ).exists()


def test_patch_with_only_status_keeps_the_result(api_for, plan, wijkteam):
    intervention = InterventionFactory(
        plan=plan, type=_type("care"), owner_organisation=wijkteam.organisation, result="Eerder"
    )

    response = api_for(wijkteam).patch(
        reverse("intervention-detail", args=[intervention.pk]),
        {"status": "in_progress"},
        format="json",
    )

    assert response.status_code == 200, response.content
    intervention.refresh_from_db()
    assert (intervention.status, intervention.result) == ("in_progress", "Eerder")


def test_service_validation_error_is_a_400(api_for, plan, wijkteam):
    intervention = InterventionFactory(
        plan=plan, type=_type("care"), owner_organisation=wijkteam.organisation
    )

    response = api_for(wijkteam).patch(
        reverse("intervention-detail", args=[intervention.pk]), {"status": "done"}, format="json"
    )

    assert response.status_code == 400
    assert detail(response) and not invalid_names(response)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.PLANNED


def test_an_intervention_owned_by_a_care_partner_is_care_data(api_for, plan, politie, wijkteam):
    """A general intervention done by the wijkteam reveals care involvement (issue 9)."""
    intervention = InterventionFactory(
        plan=plan, type=_type("administrative"), owner_organisation=wijkteam.organisation
    )
    url = reverse("intervention-detail", args=[intervention.pk])
    assert api_for(politie).get(url).status_code == 404
    assert api_for(wijkteam).get(url).status_code == 200


def test_unknown_status_is_a_400_with_a_field_message(api_for, plan, wijkteam):
    intervention = InterventionFactory(
        plan=plan, type=_type("care"), owner_organisation=wijkteam.organisation
    )

    response = api_for(wijkteam).patch(
        reverse("intervention-detail", args=[intervention.pk]), {"status": "gone"}, format="json"
    )

    assert response.status_code == 400
    assert invalid_names(response) == {"status"}


def test_participant_who_does_not_own_it_gets_403(api_for, plan, politie, wijkteam):
    # owned by the police (a general involvement), so the wijkteam sees it but may not report
    intervention = InterventionFactory(
        plan=plan, type=_type("administrative"), owner_organisation=politie.organisation
    )

    response = api_for(wijkteam).patch(
        reverse("intervention-detail", args=[intervention.pk]),
        {"status": "in_progress"},
        format="json",
    )

    assert response.status_code == 403
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.PLANNED


def test_interventions_cannot_be_replaced_with_put(api_for, plan, wijkteam):
    intervention = InterventionFactory(plan=plan, type=_type("care"))

    response = api_for(wijkteam).put(
        reverse("intervention-detail", args=[intervention.pk]), {"status": "done"}, format="json"
    )

    assert response.status_code == 405

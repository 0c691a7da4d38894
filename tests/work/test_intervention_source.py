"""Interventions in "Mijn werk": the owner's (or the owning organisation's), nobody else's; a
team lead of the owning organisation reassigns one (audited, in the case history)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schakel.audit.models import AuditEntry
from schakel.cases.models import CaseEvent
from schakel.organisations.models import Role
from schakel.plans.models import ActionPlan, InterventionDomain, InterventionType
from schakel.plans.workflow import InterventionStatus
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory, UserFactory

pytestmark = pytest.mark.django_db


def general_type():
    return InterventionType.objects.filter(domain=InterventionDomain.ADMINISTRATIVE).first()


@pytest.fixture
def case(politie, wijkteam):
    return CaseFactory(participants=[politie.organisation, wijkteam.organisation])


def plan(case, organisation, owner=None, **kwargs):
    return InterventionFactory(
        plan=ActionPlan.objects.filter(case=case).first() or ActionPlanFactory(case=case),
        type=general_type(),
        owner_organisation=organisation,
        owner=owner,
        **kwargs,
    )


def tasks(client):
    return [(t["kind"], t["object_id"]) for t in client.get("/api/v1/tasks").json()["results"]]


def test_the_owner_and_only_the_owner_sees_an_owned_intervention(
    client_for, case, wijkteam, politie, regisseur, corporatie, auditor, analist
):
    intervention = plan(case, wijkteam.organisation, owner=wijkteam)
    page = client_for(wijkteam).get("/mijn-werk/").content.decode()
    assert str(intervention.type) in page
    assert case.reference in page
    assert tasks(client_for(wijkteam)) == [("intervention", intervention.pk)]
    for other in (politie, regisseur, corporatie, auditor, analist):
        assert tasks(client_for(other)) == [], other


def test_an_unowned_intervention_is_the_organisations(client_for, case, wijkteam, politie):
    intervention = plan(case, politie.organisation)
    assert tasks(client_for(politie)) == [("intervention", intervention.pk)]
    assert tasks(client_for(wijkteam)) == []


def test_closed_interventions_are_no_work(client_for, case, wijkteam):
    plan(case, wijkteam.organisation, owner=wijkteam, status=InterventionStatus.DONE)
    assert tasks(client_for(wijkteam)) == []


def test_an_overdue_intervention_is_flagged(client_for, case, wijkteam):
    intervention = plan(case, wijkteam.organisation, owner=wijkteam)
    intervention.deadline = timezone.localdate() - datetime.timedelta(days=2)
    intervention.save()
    [task] = client_for(wijkteam).get("/api/v1/tasks").json()["results"]
    assert task["overdue"] is True
    assert "badge--overdue" in client_for(wijkteam).get("/mijn-werk/").content.decode()


def test_a_team_lead_reassigns_an_intervention_to_a_colleague(client_for, case, wijkteam):
    lead = UserFactory(
        username="teamleider", organisation=wijkteam.organisation, role=Role.COORDINATOR
    )
    lead.save()
    colleague = UserFactory(username="collega", organisation=wijkteam.organisation)
    colleague.save()
    intervention = plan(case, wijkteam.organisation, owner=wijkteam)
    client = client_for(lead)
    assert str(intervention.type) in client.get("/mijn-werk/?weergave=organisatie").content.decode()
    client.post(
        "/mijn-werk/overdragen/",
        {"kind": "intervention", "object_id": intervention.pk, "to_user": colleague.pk},
    )
    intervention.refresh_from_db()
    assert intervention.owner == colleague
    assert AuditEntry.objects.filter(
        object_id=str(intervention.pk), detail__startswith="eigenaar"
    ).exists()
    assert CaseEvent.objects.filter(case=case, description__contains="reassigned").exists()
    assert tasks(client_for(colleague)) == [("intervention", intervention.pk)]
    assert tasks(client_for(wijkteam)) == []


def test_the_page_does_a_constant_number_of_queries(client_for, case, wijkteam):
    client = client_for(wijkteam)
    plan(case, wijkteam.organisation, owner=wijkteam)
    client.get("/mijn-werk/")
    with CaptureQueriesContext(connection) as few:
        client.get("/mijn-werk/")
    for _ in range(10):
        plan(case, wijkteam.organisation, owner=wijkteam)
    with CaptureQueriesContext(connection) as many:
        client.get("/mijn-werk/")
    assert len(many) == len(few)

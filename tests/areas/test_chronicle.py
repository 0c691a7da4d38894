"""The chronicle (kroniek): filled automatically from what happened, plus manual entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.areas import services
from schakel.areas.selectors.chronicle import chronicle_items
from schakel.audit.models import AuditAction, AuditEntry
from schakel.plans import services as plan_services
from tests.areas.conftest import add_incidents, finding_type


@pytest.fixture
def story(plan, inspection, gebiedsregisseur, addresses, partners):
    """An inspection held, a finding followed up and done, a goal, and a manual entry."""
    finding = services.record_finding(
        inspection,
        by=gebiedsregisseur,
        address=addresses[1],
        organisation=partners["gemeente"],
        finding_type=finding_type("Illegale bewoning / overbewoning"),
    )
    intervention = services.follow_up_finding(finding, by=gebiedsregisseur)
    plan_services.complete_intervention(intervention, gebiedsregisseur, result="Boete opgelegd.")
    services.set_inspection_status(inspection, by=gebiedsregisseur, status="done")
    today = timezone.localdate()
    services.add_goal(
        plan,
        by=gebiedsregisseur,
        description="Overlast −30 %",
        incident_category="overlast",
        target_percent=-30,
        baseline_start=today - datetime.timedelta(days=300),
        baseline_end=today - datetime.timedelta(days=201),
        measure_start=today - datetime.timedelta(days=100),
        measure_end=today + datetime.timedelta(days=100),
    )
    add_incidents([(183_500, 564_500)] * 20, when=timezone.now() - datetime.timedelta(days=250))
    add_incidents(
        [(183_500, 564_500)] * 5, when=timezone.now() - datetime.timedelta(days=50), prefix="N"
    )
    services.add_chronicle_entry(
        plan.area, by=gebiedsregisseur, date=today, title="Bewonersavond", text="Veertig bewoners."
    )
    return intervention


def test_the_chronicle_is_filled_automatically(story, plan, gebiedsregisseur):
    items = chronicle_items(gebiedsregisseur, plan.area)
    kinds = {item.kind for item in items}
    assert {"manual", "inspection", "intervention", "goal", "plan"} <= kinds
    done = next(item for item in items if item.kind == "intervention")
    assert done.case == story.plan.case
    inspection_item = next(item for item in items if item.kind == "inspection")
    assert "1 findings" in inspection_item.title
    goal_item = next(item for item in items if item.kind == "goal")
    assert "-75.0" in goal_item.title  # 5 in 100 days measured against 20 in 100 days
    assert items == sorted(items, key=lambda i: (i.date, i.kind), reverse=True)


def test_an_analyst_reads_the_chronicle_without_case_references(story, plan, analist):
    items = chronicle_items(analist, plan.area)
    assert all(item.case is None for item in items)
    assert {"manual", "inspection", "goal"} <= {item.kind for item in items}
    assert not any(item.url for item in items)  # the inspection itself is not theirs to open


def test_printing_a_chronicle_with_case_references_is_audited(
    story, plan, gebiedsregisseur, client_for
):
    response = client_for(gebiedsregisseur).get(
        reverse("areas:chronicle_print", args=[plan.area.pk])
    )
    assert response.status_code == 200
    assert story.plan.case.reference in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.PRINT, username="gebiedsregisseur")
    assert str(story.plan.case.pk) in entry.detail


def test_manual_entries_are_for_area_directors(plan, politie, gebiedsregisseur, client_for):
    url = reverse("areas:chronicle", args=[plan.area.pk])
    assert (
        client_for(politie).post(url, {"date": "2026-01-01", "title": "Mag niet"}).status_code
        == 403
    )
    response = client_for(gebiedsregisseur).post(url, {"date": "", "title": ""})
    assert response.status_code == 400
    response = client_for(gebiedsregisseur).post(
        url, {"date": timezone.localdate().isoformat(), "title": "Schouw met corporatie"}
    )
    assert response.status_code == 302
    assert "Schouw met corporatie" in client_for(gebiedsregisseur).get(url).content.decode()

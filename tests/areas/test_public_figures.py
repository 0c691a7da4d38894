"""Honest public results (issue 13): residents see what happened inside the plan's period, small
numbers are suppressed ("fewer than 5"), care and justice measures are never shown on their own,
and the page says when its figures were computed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.areas.selectors.public import public_results
from schakel.plans.models import Intervention, InterventionType
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def _interventions(plan, domain, n, *, created=None):
    case = CaseFactory()
    plan.cases.add(case)
    action_plan = ActionPlanFactory(case=case)
    made = [
        InterventionFactory(
            plan=action_plan, type=InterventionType.objects.filter(domain=domain).first()
        )
        for _ in range(n)
    ]
    if created is not None:
        Intervention.objects.filter(pk__in=[i.pk for i in made]).update(created_at=created)
    return made


def test_only_measures_taken_within_the_plans_period_count(plan):
    """The public page of a plan created that day said "5 maatregelen genomen", counting every
    intervention of its cases, whenever taken."""
    before = timezone.make_aware(
        datetime.datetime.combine(plan.starts_on - datetime.timedelta(days=30), datetime.time(12))
    )
    _interventions(plan, "administrative", 6, created=before)
    _interventions(plan, "administrative", 7)
    results = public_results(plan)
    assert results["interventions_total"] == 7


def test_small_numbers_are_shown_as_fewer_than_five(client, plan):
    _interventions(plan, "administrative", 3)
    page = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    figures = page[
        page.index('id="public-figures"') : page.index("</ul>", page.index("public-figures"))
    ]
    assert "<strong>3</strong>" not in figures
    assert "fewer than 5" in figures
    assert "<strong>0</strong>" in figures  # nothing is not a small number: 0 inspections


def test_care_and_justice_measures_are_never_shown_on_their_own(client, plan):
    _interventions(plan, "administrative", 6)
    _interventions(plan, "care", 1)  # one youth's care measure
    _interventions(plan, "criminal", 6)
    results = public_results(plan)
    labels = [row["domain"] for row in results["interventions"]]
    assert "Care" not in labels and "Criminal law" not in labels
    together = [row for row in results["interventions"] if row["together"]]
    assert len(together) == 1 and together[0]["total"] == 7
    page = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    table = page[page.index('id="public-interventions"') :]
    assert ">Care<" not in table and ">1<" not in table


def test_one_suppressed_row_does_not_leak_through_the_total(plan):
    _interventions(plan, "administrative", 6)
    _interventions(plan, "civil", 2)  # suppressed; total 8 minus 6 would reveal it
    rows = {row["domain"]: row for row in public_results(plan)["interventions"]}
    assert rows["Civil law"]["total_hidden"]  # 2: fewer than 5
    assert rows["Administrative"]["total_hidden"]  # 6, hidden too: 8 − 6 would reveal the 2


def test_the_page_says_when_its_figures_were_computed(client, plan):
    page = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    assert "Figures computed on" in page


def test_the_goal_table_on_the_public_page_suppresses_small_counts(client, plan, gebiedsregisseur):
    from schakel.areas import services
    from tests.areas.conftest import add_incidents

    today = timezone.localdate()
    services.add_goal(
        plan, by=gebiedsregisseur, description="Vernielingen −30 %", incident_category="overlast",
        target_percent=-30, baseline_start=today - datetime.timedelta(days=400),
        baseline_end=today - datetime.timedelta(days=101),
        measure_start=today - datetime.timedelta(days=100), measure_end=today,
    )  # fmt: skip
    add_incidents([(183_500, 564_500)] * 3, when=timezone.now() - datetime.timedelta(days=200))
    public = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    table = public[public.index('class="goal-progress"') :]
    assert "fewer than 5" in table and "<td>3 <small" not in table

"""The demo data of the HIT approach: a plausible list, and every page renders on it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schakel.organisations.models import User
from schakel.targets import services
from schakel.targets.models import (
    Assessment,
    Bottleneck,
    EvaluationMeeting,
    ListMembership,
    TargetList,
)

pytestmark = pytest.mark.slow


def test_the_hit_rule_selects_a_plausible_list(demo, db):
    hit = TargetList.objects.get(name="HIT Lindewaard")
    today = timezone.localdate()
    inflow, outflow = services.proposals_for(hit, hit.rule, today)
    active = ListMembership.objects.filter(target_list=hit, ended_on__isnull=True).count()
    selected = active - len(outflow) + len(inflow)
    assert 40 <= selected <= 80
    assert inflow and outflow


def test_the_demo_coordinator_coordinates_a_good_share(demo, db):
    coordinator = User.objects.get(username="coordinator")
    active = ListMembership.objects.filter(ended_on__isnull=True)
    share = active.filter(coordinator=coordinator).count() / active.count()
    assert 0.3 <= share <= 0.8
    assert Assessment.objects.values("person").distinct().count() >= 20
    assert Bottleneck.objects.count() >= 20
    assert EvaluationMeeting.objects.count() == 2


@pytest.mark.parametrize("username", ["coordinator", "analist"])
def test_every_page_renders_on_the_demo_data(demo, db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    hit = TargetList.objects.get(name="HIT Lindewaard")
    if username == "coordinator":  # the pages with persons
        person = ListMembership.objects.filter(coordinator__username="coordinator").first().person
        urls = [
            reverse("targets:list", args=[hit.pk]),
            reverse("targets:workload"),
            reverse("targets:person", args=[person.pk]),
            reverse("targets:trend", args=[person.pk]),
            reverse("targets:meeting", args=[EvaluationMeeting.objects.first().pk]),
        ]
    else:  # the aggregate pages
        urls = [reverse("targets:index")] + [
            reverse(f"targets:{name}", args=[hit.pk])
            for name in ("list", "bottlenecks", "recidivism", "evaluation", "report")
        ]
        # The PDF is made by a background job: asking for it leads to the job's page.
        asked = client.post(reverse("targets:report_pdf", args=[hit.pk]))
        assert asked.status_code == 302 and "/taken/" in asked["Location"]
    for url in urls:
        assert client.get(url).status_code == 200, url

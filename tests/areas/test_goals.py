"""Goal progress is computed from the incident data: rates against a baseline."""

import datetime

import pytest
from django.utils import timezone

from schakel.analytics.goals import goal_progress
from schakel.areas import services
from schakel.areas.selectors.plans import goals_with_progress
from tests.areas.conftest import add_incidents


def test_thirty_percent_fewer_per_day_is_on_track_for_minus_thirty():
    progress = goal_progress(
        baseline_count=100, baseline_days=100, current_count=35, current_days=50, target_percent=-30
    )
    assert progress.percent_change == pytest.approx(-30.0)
    assert progress.on_track is True
    assert progress.expected_count == pytest.approx(50)
    assert progress.target_count == pytest.approx(35)


def test_twenty_percent_fewer_is_not_enough_for_minus_thirty():
    progress = goal_progress(
        baseline_count=100,
        baseline_days=100,
        current_count=80,
        current_days=100,
        target_percent=-30,
    )
    assert progress.percent_change == pytest.approx(-20.0)
    assert progress.on_track is False


def test_a_positive_target_asks_for_more():
    progress = goal_progress(
        baseline_count=10, baseline_days=10, current_count=15, current_days=10, target_percent=20
    )
    assert progress.on_track is True


def test_without_baseline_incidents_or_measured_days_progress_is_unknown():
    assert (
        goal_progress(
            baseline_count=0, baseline_days=30, current_count=5, current_days=30, target_percent=-30
        ).on_track
        is None
    )
    assert (
        goal_progress(
            baseline_count=10, baseline_days=30, current_count=0, current_days=0, target_percent=-30
        ).percent_change
        is None
    )


def test_goal_progress_counts_incidents_inside_the_area_category_and_periods(
    plan, gebiedsregisseur
):
    today = timezone.localdate()
    base_start = today - datetime.timedelta(days=200)
    goal = services.add_goal(
        plan,
        by=gebiedsregisseur,
        description="Overlast −30 %",
        incident_category="overlast",
        target_percent=-30,
        baseline_start=base_start,
        baseline_end=base_start + datetime.timedelta(days=99),  # 100 days
        measure_start=today - datetime.timedelta(days=50),
        measure_end=today + datetime.timedelta(days=50),
    )
    in_baseline = timezone.now() - datetime.timedelta(days=150)
    in_measure = timezone.now() - datetime.timedelta(days=20)
    add_incidents([(183_500, 564_500)] * 40, when=in_baseline, prefix="B")
    add_incidents([(183_500, 564_500)] * 10, when=in_measure, prefix="M")
    # Not counted: another category, outside the area, outside both periods.
    add_incidents([(183_500, 564_500)] * 7, category="vernieling", when=in_measure, prefix="V")
    add_incidents([(190_000, 564_500)] * 9, when=in_measure, prefix="O")
    add_incidents(
        [(183_500, 564_500)] * 5, when=timezone.now() - datetime.timedelta(days=300), prefix="E"
    )

    progress = goals_with_progress(plan)[0]["progress"]

    assert goal.pk == goals_with_progress(plan)[0]["goal"].pk
    assert progress.baseline_count == 40
    assert progress.current_count == 10
    assert progress.baseline_days == 100
    assert progress.current_days == 50  # measured until yesterday
    # 10 per 50 days against 40 per 100 days: -50 %.
    assert progress.percent_change == pytest.approx(-50.0)
    assert progress.on_track is True


def test_goal_periods_are_validated(plan, gebiedsregisseur):
    today = timezone.localdate()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_goal(
            plan,
            by=gebiedsregisseur,
            description="Verkeerd om",
            target_percent=-30,
            baseline_start=today,
            baseline_end=today - datetime.timedelta(days=10),
            measure_start=today,
            measure_end=today + datetime.timedelta(days=10),
        )

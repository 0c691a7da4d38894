"""Goal progress is computed from the incident data: rates against a baseline."""

import datetime

import pytest
from django.utils import timezone
from scipy.stats import binomtest

from schakel.analytics.goals import GoalRule, Verdict, goal_progress, rate_ratio_interval
from schakel.areas import services
from schakel.areas.selectors.plans import goals_with_progress
from tests.areas.conftest import add_incidents


def test_on_its_first_day_a_goal_is_too_early_to_judge():
    """Issue 13: a new goal "Vernielingen −30 %" showed "0 (1 dag) −100,0 % … Op koers: ja" on
    its first day, also to residents."""
    progress = goal_progress(
        baseline_count=40, baseline_days=365, current_count=0, current_days=1, target_percent=-30
    )
    assert progress.verdict == Verdict.TOO_EARLY
    assert progress.on_track is None and progress.percent_change is None


@pytest.mark.parametrize(
    ("days", "baseline", "verdict"),
    [
        (27, 10_000, Verdict.TOO_EARLY),  # enough incidents, too few days
        (60, 40, Verdict.TOO_EARLY),  # enough days, 6.6 incidents expected: too few
        (28, 10_000, Verdict.ON_TRACK),
    ],
)
def test_the_rule_needs_days_and_expected_incidents(days, baseline, verdict):
    current = round(baseline * days / 365 * 0.5)  # half the baseline rate
    progress = goal_progress(
        baseline_count=baseline,
        baseline_days=365,
        current_count=current,
        current_days=days,
        target_percent=-30,
    )
    assert progress.verdict == verdict
    rule = GoalRule(min_days=7, min_expected=3)
    assert (
        goal_progress(
            baseline_count=baseline,
            baseline_days=365,
            current_count=current,
            current_days=days,
            target_percent=-30,
            rule=rule,
        ).verdict
        != Verdict.TOO_EARLY
    )


def test_the_interval_is_the_exact_poisson_rate_ratio_interval():
    """Checked against the conditional binomial test's exact interval (a separate route)."""
    low, high = rate_ratio_interval(35, 50, 100, 100)
    exact = binomtest(35, 135).proportion_ci(confidence_level=0.95, method="exact")
    assert low == pytest.approx(exact.low / (1 - exact.low) * 2)
    assert high == pytest.approx(exact.high / (1 - exact.high) * 2)
    assert low < 0.7 < high


def test_thirty_percent_fewer_is_on_track_only_when_the_counts_can_tell():
    small = goal_progress(
        baseline_count=100, baseline_days=100, current_count=35, current_days=50, target_percent=-30
    )
    assert small.percent_change == pytest.approx(-30.0)
    assert small.verdict == Verdict.UNCERTAIN  # 35 against 50 expected: could be chance
    assert small.expected_count == pytest.approx(50)
    assert small.target_count == pytest.approx(35)
    large = goal_progress(
        baseline_count=1000, baseline_days=100, current_count=350, current_days=50,
        target_percent=-30,
    )  # fmt: skip
    assert large.verdict == Verdict.ON_TRACK and large.on_track is True
    assert large.percent_high < 0


def test_twenty_percent_fewer_misses_minus_thirty_when_the_interval_rules_it_out():
    small = goal_progress(
        baseline_count=100, baseline_days=100, current_count=80, current_days=100,
        target_percent=-30,
    )  # fmt: skip
    assert small.percent_change == pytest.approx(-20.0)
    assert small.verdict == Verdict.UNCERTAIN
    large = goal_progress(
        baseline_count=1000, baseline_days=100, current_count=800, current_days=100,
        target_percent=-30,
    )  # fmt: skip
    assert large.verdict == Verdict.OFF_TRACK and large.on_track is False


def test_a_positive_target_asks_for_more():
    progress = goal_progress(
        baseline_count=300, baseline_days=30, current_count=450, current_days=30, target_percent=20
    )
    assert progress.verdict == Verdict.ON_TRACK
    fewer = goal_progress(
        baseline_count=300, baseline_days=30, current_count=240, current_days=30, target_percent=20
    )
    assert fewer.verdict == Verdict.OFF_TRACK


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
    # 10 per 50 days against 40 per 100 days: -50 %, but with 20 expected the interval still
    # holds "no change": uncertain, not "on track".
    assert progress.percent_change == pytest.approx(-50.0)
    assert progress.verdict == Verdict.UNCERTAIN
    assert progress.percent_low < -50 < progress.percent_high


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

"""Monthly size and flow of a list: read once, counted per month, the same as per-month queries."""

import datetime

from django.db.models import Q

from schakel.organisations.models import OrganisationKind, Role
from schakel.targets import metrics
from schakel.targets.models import Direction, ListDecision, ListMembership
from tests.factories import PersonFactory, make_user


def _flow_by_queries(target_list, start, end) -> dict:
    """The former per-month computation: six COUNT queries."""

    def on(day):
        return ListMembership.objects.filter(target_list=target_list, included_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )

    memberships = ListMembership.objects.filter(target_list=target_list)
    return {
        "size_start": on(start - datetime.timedelta(days=1)).count(),
        "size_end": on(end).count(),
        "inflow": memberships.filter(included_on__range=(start, end)).count(),
        "outflow": memberships.filter(ended_on__range=(start, end)).count(),
        "not_included": ListDecision.objects.filter(
            target_list=target_list, direction=Direction.NOT_IN, effective_on__range=(start, end)
        ).count(),
        "coordinators": on(end).values("coordinator").distinct().count(),
    }


def test_monthly_sizes_match_the_per_month_queries(hit_list, hit_coordinator, regisseur):
    other = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "tweede")
    d = datetime.date
    spans = [  # included, ended, coordinator; boundaries on first and last days of months
        (d(2025, 1, 1), None, hit_coordinator),
        (d(2025, 2, 28), d(2025, 3, 1), other),
        (d(2025, 3, 31), d(2025, 6, 30), hit_coordinator),
        (d(2025, 5, 15), d(2025, 5, 15), other),
        (d(2024, 11, 3), d(2025, 8, 1), other),
        (d(2025, 9, 10), None, other),
    ]
    for included, ended, coordinator in spans:
        ListMembership.objects.create(
            target_list=hit_list,
            person=PersonFactory(),
            coordinator=coordinator,
            included_on=included,
            ended_on=ended,
        )
    for day in (d(2025, 4, 1), d(2025, 4, 30), d(2025, 10, 5)):
        ListDecision.objects.create(
            target_list=hit_list,
            person=PersonFactory(),
            direction=Direction.NOT_IN,
            effective_on=day,
            decided_by=regisseur,
            reason="Geen",
        )
    end = d(2025, 10, 20)
    rows = metrics.monthly_sizes(hit_list, end, 12)
    assert len(rows) == 12
    for row in rows:
        start, last = metrics.month_bounds(row["month"].year, row["month"].month)
        expected = _flow_by_queries(hit_list, start, min(last, end))
        assert {k: v for k, v in row.items() if k != "month"} == expected, row["month"]
    assert rows[-1]["not_included"] == 1 and rows[-1]["size_end"] == 2

"""The area's monthly trend (issue 13): the bars have an axis, and the running month — still
filling, or without data yet — is marked as such instead of showing as a month with 0."""

import datetime

from django.urls import reverse
from django.utils import timezone

from schakel.areas.selectors.quickscan import quick_scan
from tests.areas.conftest import add_incidents


def test_the_running_month_is_marked_and_the_data_date_given(analist, neighbourhood, client_for):
    last_month = timezone.now() - datetime.timedelta(days=timezone.localdate().day + 3)
    add_incidents([(183_500.0, 564_500.0)] * 6, when=last_month)
    scan = quick_scan(analist, neighbourhood, cell_size=100)
    rows = scan["trends"]["rows"]
    assert [row["running"] for row in rows] == [False] * (len(rows) - 1) + [True]
    assert scan["trends"]["data_until"] == timezone.localtime(last_month).date()
    page = client_for(analist).get(reverse("areas:detail", args=[neighbourhood.pk]))
    html = page.content.decode()
    trends = html[html.index('id="h-trends"') :]
    assert "bars__bar--running" in trends
    assert 'class="bars__axis"' in trends and ">6<" in trends  # the axis names the peak
    assert "running month" in trends

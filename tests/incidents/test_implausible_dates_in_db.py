"""Defence in depth (issue 9): incidents with dates outside the plausible period that are already
in the database (0001-01-01 and 9999-12-31 from an old Parquet import) never make an analysis page
answer 500; they are left out with a visible note."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from schakel.incidents import selectors
from schakel.incidents.models import Incident

PAGES = [
    ("incidents:index", {}),
    ("incidents:hotspots", {}),
    ("incidents:hotspots_geojson", {}),
    ("incidents:emerging", {}),
    ("incidents:emerging", {"period": "week"}),
    ("incidents:emerging_geojson", {}),
    ("incidents:forecast", {"train_months": "2"}),
]


@pytest.fixture
def implausible(incidents):
    Incident.objects.bulk_create(
        [
            Incident(
                source_id="oud",
                occurred_at=dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC),
                category="overlast",
                x=155_100,
                y=463_100,
            ),
            Incident(
                source_id="ver",
                occurred_at=dt.datetime(9999, 12, 31, 12, tzinfo=dt.UTC),
                category="overlast",
                x=155_200,
                y=463_200,
            ),
        ]
    )


@pytest.mark.parametrize(("name", "query"), PAGES, ids=[f"{p[0]}{p[1]}" for p in PAGES])
def test_no_analysis_page_fails_on_implausible_dates(client, analist, implausible, name, query):
    client.force_login(analist)
    response = client.get(reverse(name), query, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    if not name.endswith("_geojson") and name != "incidents:index":
        assert "2 incidenten buiten de periode genegeerd" in response.content.decode()


def test_the_analysis_leaves_them_out(implausible):
    cube = selectors.period_counts(250, period="month")
    assert cube.periods[0] == dt.date(2024, 1, 1)
    assert len(cube.periods) == 4
    assert int(cube.counts.sum()) == 480
    with translation.override("nl"):
        assert selectors.implausible_count() == 2


def test_no_note_without_implausible_dates(client, analist, incidents):
    client.force_login(analist)
    response = client.get(reverse("incidents:emerging"), HTTP_ACCEPT_LANGUAGE="nl")
    assert "buiten de periode genegeerd" not in response.content.decode()
